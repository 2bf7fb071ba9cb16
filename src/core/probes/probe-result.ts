/**
 * The result contract every probe returns (DESIGN.md §3): a verdict a person can read, the
 * evidence behind it and the names of the fixes that would close the gap. Results are values,
 * never exceptions: a failure to read Azure becomes a result with verdict `undetermined`.
 */

/** The read-only probes the bot can run (shared identifiers, see the team preamble). */
export const PROBE_NAMES = [
  'permission-check',
  'unknown-policies',
  'modify-rights',
  'logging-status',
  'throttling',
  'availability',
  'arm-export',
] as const;

/** One of {@link PROBE_NAMES}. */
export type ProbeName = (typeof PROBE_NAMES)[number];

/** True when `name` is a known probe name. */
export function isProbeName(name: string): name is ProbeName {
  return (PROBE_NAMES as readonly string[]).includes(name);
}

/** The fixes a probe may propose (shared identifiers). */
export type FixName =
  'grant-access-policy' | 'grant-group-access' | 'assign-rbac-role' | 'remove-orphaned-policy' | 'enable-audit-logging';

/** `allowed`: the check passed; `denied`: it found a gap; `undetermined`: the bot could not tell. */
export type Verdict = 'allowed' | 'denied' | 'undetermined';

/** The vault's permission model; null when the vault could not be read. */
export type PermissionModel = 'access-policy' | 'rbac';

/**
 * One structured piece of evidence. `kind` says what it is (e.g. `access-policy`,
 * `role-assignment`, `network`), `text` says it in a sentence; other fields carry the ids a
 * card or an audit record needs.
 */
export interface EvidenceItem {
  kind: string;
  text: string;
  [field: string]: unknown;
}

/** Fields every probe result has. */
export interface ProbeResultBase {
  probe: ProbeName;
  vault: string;
  model: PermissionModel | null;
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  /** True when the answers came from the emulator (sandbox mode), so the user is told. */
  sandbox: boolean;
}

/** A probe result; probe-specific fields are added by each probe. */
export type ProbeResult = ProbeResultBase & Record<string, unknown>;
