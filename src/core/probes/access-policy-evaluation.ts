/**
 * Evaluates an operation against a vault's access policies: entries for the principal itself,
 * entries for any group it belongs to (transitively), and compound-identity entries that apply
 * only when the principal acts through a given application.
 */
import type { AccessPolicy, Vault } from './azure-model.js';
import type { Memberships } from './group-path.js';
import { groupPath } from './group-path.js';
import type { Operation } from './operation.js';
import { formatOperation, permissionsGrant } from './operation.js';
import type { DirectoryIndex } from './principal-name.js';
import { describePrincipal } from './principal-name.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** What the access policies say about one principal and operation. */
export interface PolicyEvaluation {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
}

/** Inputs of {@link evaluateAccessPolicies}. */
export interface PolicyEvaluationInput {
  vault: Vault;
  principalId: string;
  operation: Operation;
  memberships: Memberships;
  names: DirectoryIndex;
  /** The application the caller uses, to match compound-identity entries. */
  applicationId?: string;
}

/** How many non-applying entries the summary names. */
const OTHERS_SHOWN = 10;

interface Applicable {
  entry: AccessPolicy;
  path?: string[];
  compoundMismatch: boolean;
  grants: boolean;
}

/** Evaluates the vault's access policies for the principal (pure). */
export function evaluateAccessPolicies(input: PolicyEvaluationInput): PolicyEvaluation {
  const { vault, principalId, operation, memberships, names } = input;
  const op = formatOperation(operation);
  const who = describePrincipal(principalId, names);
  const applicable: Applicable[] = [];
  for (const entry of vault.accessPolicies) {
    const direct = entry.objectId.toLowerCase() === principalId.toLowerCase();
    const path = direct ? undefined : groupPath(memberships, entry.objectId);
    if (!direct && !path) continue;
    const compoundMismatch =
      entry.applicationId !== undefined &&
      entry.applicationId.toLowerCase() !== (input.applicationId ?? '').toLowerCase();
    applicable.push({
      entry,
      path,
      compoundMismatch,
      grants: permissionsGrant(entry.permissions[operation.category], operation),
    });
  }

  const evidence: EvidenceItem[] = applicable.map(({ entry, path, compoundMismatch, grants }) => {
    const granted = entry.permissions[operation.category] ?? [];
    const via = path ? `through group ${path.map((g) => describePrincipal(g, names)).join(' → ')}` : 'directly';
    const perms = granted.length
      ? `${operation.category}: ${granted.join(', ')}`
      : `no ${operation.category} permissions`;
    let text = `Access policy for ${describePrincipal(entry.objectId, names)} applies to ${who} ${via}; it grants ${perms}, so it ${grants ? 'includes' : 'lacks'} ${op}.`;
    if (entry.applicationId) {
      text += compoundMismatch
        ? ` It is a compound-identity entry: it applies only when ${who} calls through application ${entry.applicationId}, so it does not count for a direct call.`
        : ` It is a compound-identity entry for application ${entry.applicationId}, which this check assumes is used.`;
    }
    return {
      kind: 'access-policy',
      text,
      objectId: entry.objectId,
      via: path ? 'group' : 'direct',
      ...(path ? { groupPath: path } : {}),
      permissions: granted,
      grants: grants && !compoundMismatch,
      ...(entry.applicationId ? { applicationId: entry.applicationId, compound: true } : {}),
    };
  });
  const others = vault.accessPolicies.filter((p) => !applicable.some((a) => a.entry === p));
  // Name the entries that do not apply (capped: a vault can hold 1024), so the user sees who does have access.
  const shown = others.slice(0, OTHERS_SHOWN).map((p) => describePrincipal(p.objectId, names));
  const more = others.length > shown.length ? `, and ${others.length - shown.length} more` : '';
  evidence.push({
    kind: 'access-policy-summary',
    total: vault.accessPolicies.length,
    applicable: applicable.length,
    groupCount: memberships.groups.length,
    otherPrincipals: others.slice(0, OTHERS_SHOWN).map((p) => p.objectId),
    text: `${vault.accessPolicies.length} access-policy entr${vault.accessPolicies.length === 1 ? 'y' : 'ies'} on ${vault.name}; ${others.length} ${others.length === 1 ? 'is' : 'are'} for principals that are not ${who} or its groups${shown.length ? ` (${shown.join('; ')}${more})` : ''}. ${who} is in ${memberships.groups.length} group(s).`,
  });

  const winner = applicable.find((a) => a.grants && !a.compoundMismatch);
  const principal = names.get(principalId.toLowerCase());
  if (principal?.type === 'application') {
    evidence.push({
      kind: 'principal',
      text: `${principalId} is an application object, which never signs in: access policies must name the application's service principal (appId ${principal.appId ?? 'unknown'}).`,
      objectId: principalId,
    });
  }
  if (winner) {
    if (winner.path && principal?.type === 'servicePrincipal' && principal.servicePrincipalType === 'ManagedIdentity') {
      evidence.push({
        kind: 'note',
        text: 'Access comes through a group: a managed identity picks up new group memberships only when its token is refreshed, which can take many hours (tokens are cached for around 24 h).',
      });
    }
    const via = winner.path ? ` through group ${describePrincipal(winner.path[winner.path.length - 1]!, names)}` : '';
    return {
      verdict: 'allowed',
      reason: `${who} has ${op} on ${vault.name} by access policy${via}.`,
      evidence,
      fixes: [],
    };
  }
  const fixes: FixName[] = ['grant-access-policy'];
  if (memberships.groups.length > 0) fixes.push('grant-group-access');
  const reason =
    applicable.length === 0
      ? `No access policy on ${vault.name} names ${who} or any of its groups, so ${op} is denied.`
      : applicable.every((a) => a.compoundMismatch)
        ? `The only access policies for ${who} on ${vault.name} are compound-identity entries that apply through a specific application, so a direct ${op} is denied.`
        : `Access policies on ${vault.name} apply to ${who} but none grants ${op}.`;
  return { verdict: 'denied', reason, evidence, fixes };
}
