/**
 * The shape of a stored fix plan, checked when a plan comes back from storage (an approval
 * request's plan, the plan an apply recorded): what the bot stored may have been written by an
 * older version or altered, so it is read with a schema, never cast.
 */
import { z } from 'zod';
import type { DiagnosticSetting, PolicyPermissions } from '../probes/azure-model.js';
import { FIX_NAMES, type FixEffect, type FixName, type FixPlan } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';

const strings = z.array(z.string());

const permissions: z.ZodType<PolicyPermissions> = z.object({
  keys: strings.optional(),
  secrets: strings.optional(),
  certificates: strings.optional(),
  storage: strings.optional(),
});

const category = z.object({
  category: z.string().optional(),
  categoryGroup: z.string().optional(),
  enabled: z.boolean(),
});

const setting: z.ZodType<DiagnosticSetting> = z.object({
  id: z.string().optional(),
  name: z.string(),
  logs: z.array(category),
  metrics: z.array(category),
  workspaceId: z.string().optional(),
  storageAccountId: z.string().optional(),
  eventHubAuthorizationRuleId: z.string().optional(),
});

const policyChange = { tenantId: z.string(), objectId: z.string(), applicationId: z.string().optional(), permissions };
const roleChange = {
  scope: z.string(),
  name: z.string(),
  roleDefinitionId: z.string(),
  roleName: z.string(),
  principalId: z.string(),
  principalType: z.string(),
};

const effect: z.ZodType<FixEffect> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('access-policy-add'), ...policyChange }),
  z.object({ kind: z.literal('access-policy-remove'), ...policyChange }),
  z.object({ kind: z.literal('role-assignment-create'), ...roleChange }),
  z.object({ kind: z.literal('role-assignment-delete'), ...roleChange }),
  z.object({ kind: z.literal('diagnostic-setting-put'), setting }),
  z.object({ kind: z.literal('diagnostic-setting-delete'), name: z.string() }),
]);

const fixName = z.enum(FIX_NAMES as [FixName, ...FixName[]]);

const request: z.ZodType<FixRequest> = z.discriminatedUnion('fix', [
  z.object({ fix: z.literal('grant-access-policy'), vault: z.string(), principalId: z.string(), operations: strings }),
  z.object({
    fix: z.literal('grant-group-access'),
    vault: z.string(),
    group: z.string(),
    operations: strings,
    memberKinds: z.array(z.enum(['user', 'application', 'managed-identity'])).optional(),
  }),
  z.object({ fix: z.literal('assign-rbac-role'), vault: z.string(), principalId: z.string(), operations: strings }),
  z.object({
    fix: z.literal('remove-orphaned-policy'),
    vault: z.string(),
    objectId: z.string(),
    applicationId: z.string().optional(),
  }),
  z.object({
    fix: z.literal('enable-audit-logging'),
    vault: z.string(),
    workspaceId: z.string().optional(),
    storageAccountId: z.string().optional(),
    settingName: z.string().optional(),
  }),
]);

/** The schema of a {@link FixPlan} (recursive: a plan carries its inverse). */
export const fixPlanSchema: z.ZodType<FixPlan, z.ZodTypeDef, unknown> = z.lazy(() =>
  z.object({
    fix: fixName,
    direction: z.enum(['apply', 'undo']),
    vault: z.object({ id: z.string(), name: z.string(), model: z.enum(['access-policy', 'rbac']) }),
    principal: z.object({
      id: z.string(),
      type: z.enum(['user', 'group', 'servicePrincipal', 'application', 'unknown', 'vault']),
      displayName: z.string(),
    }),
    summary: z.string(),
    diff: z.array(z.object({ principal: z.string(), category: z.string(), before: strings, after: strings })),
    // JSON drops an undefined body, so a stored call may lack the key; the plan always has it.
    call: z
      .object({ method: z.enum(['PUT', 'DELETE']), path: z.string(), body: z.unknown() })
      .transform((c) => ({ method: c.method, path: c.path, body: c.body })),
    effect,
    inverse: fixPlanSchema.optional(),
    warnings: strings,
    basedOn: z.string(),
    request: request.optional(),
  }),
);

/** The plan in `value` when it has a fix plan's shape, else undefined (a damaged or foreign record). */
export function readFixPlan(value: unknown): FixPlan | undefined {
  const parsed = fixPlanSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
