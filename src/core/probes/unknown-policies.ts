/**
 * The `unknown-policies` probe's evaluation: access-policy entries whose object id resolves to
 * nothing (a deleted principal, shown as "Unknown" in the portal) or to an application object
 * (added with the application's object id instead of its service principal's).
 */
import type { DirectoryObject, Vault } from './azure-model.js';
import type { DirectoryIndex } from './principal-name.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** What the probe found about one access-policy entry. */
export interface PolicyEntryStatus {
  objectId: string;
  status: 'ok' | 'deleted' | 'application-object';
  displayName?: string;
  type?: string;
  /** For `application-object`: the service principal the entry should have named, when it exists. */
  servicePrincipal?: { id: string; displayName?: string; appId?: string };
}

/** The probe's answer (the result without the envelope fields). */
export interface UnknownPoliciesOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  entries: PolicyEntryStatus[];
}

/** Application object id → its service principal (undefined when the app has none in this tenant). */
export type ServicePrincipalsByApp = ReadonlyMap<string, DirectoryObject | undefined>;

/** Classifies every access-policy entry (pure). */
export function evaluateUnknownPolicies(
  vault: Vault,
  names: DirectoryIndex,
  spByAppObject: ServicePrincipalsByApp,
): UnknownPoliciesOutcome {
  const evidence: EvidenceItem[] = [];
  const entries: PolicyEntryStatus[] = vault.accessPolicies.map((p) => {
    const o = names.get(p.objectId.toLowerCase());
    if (!o) {
      evidence.push({
        kind: 'orphaned-policy',
        objectId: p.objectId,
        text: `Access policy for ${p.objectId} names nothing in the directory: the principal was deleted (the portal shows it as "Unknown"). It can be removed.`,
      });
      return { objectId: p.objectId, status: 'deleted' };
    }
    if (o.type === 'application') {
      const sp = spByAppObject.get(o.id.toLowerCase());
      const spText = sp
        ? `its service principal is ${sp.displayName ?? sp.id} (${sp.id})`
        : `no service principal for appId ${o.appId ?? '?'} exists in this tenant`;
      evidence.push({
        kind: 'application-object-policy',
        objectId: p.objectId,
        appId: o.appId,
        servicePrincipalId: sp?.id,
        text: `Access policy for ${o.displayName ?? p.objectId} uses the application's object id instead of its service principal's, so it never matches a caller; ${spText}.`,
      });
      return {
        objectId: p.objectId,
        status: 'application-object',
        displayName: o.displayName,
        type: o.type,
        ...(sp ? { servicePrincipal: { id: sp.id, displayName: sp.displayName, appId: sp.appId } } : {}),
      };
    }
    return { objectId: p.objectId, status: 'ok', displayName: o.displayName, type: o.type };
  });
  if (vault.enableRbacAuthorization)
    evidence.push({
      kind: 'note',
      text: `${vault.name} uses Azure RBAC: its access policies are ignored, so these entries grant nothing either way.`,
    });
  const deleted = entries.filter((e) => e.status === 'deleted').length;
  const appObjects = entries.filter((e) => e.status === 'application-object').length;
  if (deleted + appObjects === 0) {
    return {
      verdict: 'allowed',
      reason: `All ${entries.length} access-policy entries of ${vault.name} name existing users, groups or service principals.`,
      evidence,
      fixes: [],
      entries,
    };
  }
  const fixes: FixName[] = ['remove-orphaned-policy'];
  if (appObjects > 0) fixes.push('grant-access-policy');
  const parts = [
    deleted ? `${deleted} entr${deleted === 1 ? 'y names a deleted principal' : 'ies name deleted principals'}` : '',
    appObjects
      ? `${appObjects} use${appObjects === 1 ? 's' : ''} an application object id instead of its service principal`
      : '',
  ].filter(Boolean);
  return { verdict: 'denied', reason: `${vault.name}: ${parts.join('; ')}.`, evidence, fixes, entries };
}
