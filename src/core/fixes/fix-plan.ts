/**
 * The fix plan: what the bot proposes to change on a vault, shown to the requester and the
 * approver as a before/after diff, the exact Azure call, and the plan that undoes it. Plans are
 * plain JSON (they are stored with the approval request), so nothing here holds a function,
 * a Date or a class instance.
 */
import type { DiagnosticSetting, PolicyPermissions } from '../probes/azure-model.js';
import type { FixName, PermissionModel } from '../probes/probe-result.js';
import type { FixRequest } from './fix-request.js';

export type { FixName, PermissionModel };

/** All fix names, in the order the dialogs list them. */
export const FIX_NAMES: readonly FixName[] = Object.freeze([
  'grant-access-policy',
  'grant-group-access',
  'assign-rbac-role',
  'remove-orphaned-policy',
  'enable-audit-logging',
]);

/** True when `name` is one of {@link FIX_NAMES}. */
export function isFixName(name: string): name is FixName {
  return (FIX_NAMES as readonly string[]).includes(name);
}

/** Kind of principal a plan is about; `vault` for fixes on the vault itself (audit logging). */
export type PlanPrincipalType = 'user' | 'group' | 'servicePrincipal' | 'application' | 'unknown' | 'vault';

/** The vault a plan changes. */
export interface PlanVault {
  id: string;
  name: string;
  model: PermissionModel;
}

/** The principal a plan changes access for. */
export interface PlanPrincipal {
  id: string;
  type: PlanPrincipalType;
  displayName: string;
}

/**
 * One row of the before/after table, per principal and category. For access policies the
 * category is `secrets`/`keys`/…; for RBAC it is `role assignments` (role names); for audit
 * logging it is `diagnostic settings` (one line per setting).
 */
export interface DiffRow {
  principal: string;
  category: string;
  before: string[];
  after: string[];
}

/** The exact ARM request the plan sends (path includes the api-version). */
export interface AzureCall {
  method: 'PUT' | 'DELETE';
  path: string;
  body: unknown;
}

/** The access-policy entry an `access-policy-add` adds or an `access-policy-remove` removes. */
export interface AccessPolicyChange {
  tenantId: string;
  objectId: string;
  applicationId?: string;
  permissions: PolicyPermissions;
}

/** The role assignment a `role-assignment-create` creates or a `role-assignment-delete` deletes. */
export interface RoleAssignmentChange {
  scope: string;
  name: string;
  roleDefinitionId: string;
  roleName: string;
  principalId: string;
  principalType: string;
}

/**
 * The change in domain terms; the service executes this through the AzureDirectory port and the
 * verifier checks it. `call` is derived from it, so the two cannot disagree.
 */
export type FixEffect =
  | ({ kind: 'access-policy-add' | 'access-policy-remove' } & AccessPolicyChange)
  | ({ kind: 'role-assignment-create' | 'role-assignment-delete' } & RoleAssignmentChange)
  | { kind: 'diagnostic-setting-put'; setting: DiagnosticSetting }
  | { kind: 'diagnostic-setting-delete'; name: string };

/** A fix plan (see the module comment). `inverse` is absent on an inverse itself. */
export interface FixPlan {
  fix: FixName;
  /** `apply` for the proposed change, `undo` for its inverse. */
  direction: 'apply' | 'undo';
  vault: PlanVault;
  principal: PlanPrincipal;
  /** One line for a card title or a notification. */
  summary: string;
  diff: DiffRow[];
  call: AzureCall;
  effect: FixEffect;
  inverse?: FixPlan;
  warnings: string[];
  /** Fingerprint of the part of the vault's state the plan was computed from (see vault-fingerprint.ts). */
  basedOn: string;
  /** The request the plan answers, so a stale plan can be re-planned. Absent on inverses. */
  request?: FixRequest;
}

/** A group the user must choose from, when a display name matches several. */
export interface GroupCandidate {
  id: string;
  displayName: string;
  securityEnabled: boolean;
}

/** Why a fix was refused. */
export type RefusalReason =
  | 'rbac-vault' //               access policies are ignored on this vault: use a role
  | 'access-policy-vault' //      roles grant no data access on this vault: use an access policy
  | 'not-security-group' //       access policies and roles need a security-enabled group
  | 'not-a-group' //              the id is a user/SP, not a group
  | 'application-object' //       the id is an application object; grant its service principal
  | 'unsupported-principal' //    device, contact, …
  | 'not-orphaned' //             the policy's object id still resolves
  | 'invalid-request' //          malformed operations, ids or destination
  | 'no-built-in-role'; //        no built-in Key Vault role covers the operations

/**
 * What planning produced. Only `planned` and `split` carry plans to approve; the others are
 * messages the dialog shows and, for `ambiguous` and `needs-input`, a question it asks.
 */
export type PlanOutcome =
  | { kind: 'planned'; plan: FixPlan }
  | { kind: 'split'; message: string; plans: FixPlan[] }
  | { kind: 'nothing-to-change'; message: string; vault: PlanVault; principal: PlanPrincipal }
  | { kind: 'not-found'; what: 'vault' | 'principal' | 'group' | 'policy'; message: string }
  | { kind: 'ambiguous'; message: string; candidates: GroupCandidate[] }
  | { kind: 'refused'; reason: RefusalReason; message: string; alternative?: PlanOutcome }
  | { kind: 'needs-input'; field: 'destination' | 'group' | 'operations'; message: string }
  | { kind: 'failed'; failure: FixFailure; message: string };

/** Why a call to Azure failed while planning, applying or verifying. */
export interface FixFailure {
  /** AzureAccessError kind, or `unexpected` for anything else. */
  kind: string;
  operation: string;
  statusCode?: number;
  code?: string;
}
