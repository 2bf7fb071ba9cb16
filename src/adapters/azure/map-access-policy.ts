/** Maps access-policy entries between arm-keyvault 5 and the domain, both ways. */
import type { AccessPolicyEntry } from '@azure/arm-keyvault';
import type { AccessPolicy, PermissionCategory, PolicyPermissions } from '../../core/probes/azure-model.js';

const CATEGORIES: PermissionCategory[] = ['keys', 'secrets', 'certificates', 'storage'];

/** Domain entry of an SDK entry. */
export function mapAccessPolicy(e: AccessPolicyEntry): AccessPolicy {
  const permissions: PolicyPermissions = {};
  for (const c of CATEGORIES) {
    const list = e.permissions[c];
    if (list && list.length) permissions[c] = [...list];
  }
  return {
    tenantId: e.tenantId,
    objectId: e.objectId,
    ...(e.applicationId ? { applicationId: e.applicationId } : {}),
    permissions,
  };
}

/** SDK entry of a domain entry (empty categories omitted, as ARM does). */
export function toSdkAccessPolicy(p: AccessPolicy): AccessPolicyEntry {
  const permissions: AccessPolicyEntry['permissions'] = {};
  for (const c of CATEGORIES) {
    const list = p.permissions[c];
    if (list && list.length) permissions[c] = [...list];
  }
  return {
    tenantId: p.tenantId,
    objectId: p.objectId,
    ...(p.applicationId ? { applicationId: p.applicationId } : {}),
    permissions,
  };
}
