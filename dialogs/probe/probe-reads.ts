/**
 * What each probe reads from Azure, in words, for the consent card. Kept next to the probe
 * names so a new probe cannot be offered without saying what it reads.
 */
import type { ProbeName } from '../../src/core/probes/probe-result.js';

const VAULT = "the vault's properties (permission model, network rules)";
const POLICIES = "the vault's access policies";
const ROLES =
  'Azure role assignments at the vault and the scopes it inherits from (resource group, subscription), and their role definitions';
const NAMES = 'the names of the users, groups and apps those entries refer to (Microsoft Graph)';
const YOUR_GROUPS = 'your group memberships';

/** The exact reads of each probe (management plane and directory only). */
export const PROBE_READS: Readonly<Record<ProbeName, readonly string[]>> = Object.freeze({
  'permission-check': [`${VAULT} and ${POLICIES}`, ROLES, `${YOUR_GROUPS} in Entra ID`, NAMES],
  'modify-rights': [VAULT, ROLES, NAMES],
  'unknown-policies': [
    `${VAULT} and ${POLICIES}`,
    'the directory objects behind each access-policy entry (Microsoft Graph)',
  ],
  'arm-export': [`${VAULT} and ${POLICIES}`],
  'logging-status': [VAULT, "the vault's diagnostic settings (where audit logs go)"],
  throttling: [VAULT, "the vault's request metrics for the last 24 hours (ServiceApiResult by status code)"],
  availability: [VAULT, "the vault's availability and latency metrics for the last 24 hours"],
});

/**
 * The reads of `probe` when it checks `principal` rather than the person asking: the group
 * memberships read are that principal's, and the card must say whose.
 */
export function readsFor(probe: ProbeName, principal?: string): readonly string[] {
  const reads = PROBE_READS[probe];
  return principal ? reads.map((r) => r.replace(YOUR_GROUPS, `the group memberships of ${principal}`)) : reads;
}

/** What the consent card promises is never read. */
export const NEVER_READ =
  'Never: secret, key or certificate values. Only settings and metadata are read; nothing is changed.';

/** An operation in words: `secrets/list` → "list secrets", `keys/wrapKey` → "wrapKey keys". */
export function operationInWords(operation: string): string {
  const [category, permission] = operation.split('/');
  return category && permission ? `${permission} ${category}` : operation;
}

/** One line naming what the probe answers, e.g. "Can you list secrets in kv-payments?". */
export function probeQuestion(probe: ProbeName, operation: string | undefined, who: string, vault?: string): string {
  switch (probe) {
    case 'permission-check':
      return `Can ${who} ${operationInWords(operation ?? 'secrets/list')}${vault ? ` in ${vault}` : ''}?`;
    case 'modify-rights':
      return 'Who may change access to this vault?';
    case 'unknown-policies':
      return 'Which access-policy entries point to unknown, deleted or mis-typed identities?';
    case 'arm-export':
      return 'The current access policies as an ARM/Bicep block, so a redeploy keeps them.';
    case 'logging-status':
      return 'Is audit logging on?';
    case 'throttling':
      return 'Is the vault being throttled (429s)?';
    case 'availability':
      return 'Is the vault available, and how fast does it answer?';
  }
}
