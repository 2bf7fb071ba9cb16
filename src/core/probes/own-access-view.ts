/**
 * What a person sees of their own access check (DESIGN.md §7): only what concerns them — the
 * policy entries and role assignments that apply to them or their groups, and the network
 * verdict — plus a count of the other entries. Who else holds access to the vault is what the
 * approver-only probes (`unknown-policies`, `arm-export`) show, so it stays with approvers.
 */
import type { EvidenceItem, ProbeResult } from './probe-result.js';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The access-policy summary without the other principals' names and ids. */
function summaryForAsker(item: EvidenceItem, result: ProbeResult): EvidenceItem {
  const total = typeof item.total === 'number' ? item.total : 0;
  const applicable = typeof item.applicable === 'number' ? item.applicable : 0;
  const groups = typeof item.groupCount === 'number' ? item.groupCount : 0;
  const others = Math.max(0, total - applicable);
  const principal = result.principal as { name?: unknown } | undefined;
  const who = typeof principal?.name === 'string' ? principal.name : 'you';
  return {
    kind: item.kind,
    total,
    applicable,
    groupCount: groups,
    otherEntries: others,
    text: `${plural(total, 'access-policy entry', 'access-policy entries')} on ${result.vault}; ${plural(applicable, 'applies', 'apply')} to ${who} or ${who === 'you' ? 'your' : 'their'} groups, ${others} ${others === 1 ? 'is' : 'are'} for other principals (who they are is shown to approvers of the vault only). ${who} is in ${plural(groups, 'group', 'groups')}.`,
  };
}

/**
 * The result of an own-access `permission-check` as its asker may see it: evidence about other
 * principals is reduced to a count. Other probes' results are returned unchanged.
 */
export function ownAccessView(result: ProbeResult): ProbeResult {
  if (result.probe !== 'permission-check') return result;
  const evidence = result.evidence.map((e) => {
    if (e.kind === 'access-policy-summary') return summaryForAsker(e, result);
    // Nothing else in the result lists other principals today; drop such a field if one appears.
    if ('otherPrincipals' in e) {
      const { otherPrincipals: _dropped, ...rest } = e;
      return rest as EvidenceItem;
    }
    return e;
  });
  return { ...result, evidence };
}
