/**
 * Turning a directory object into the principal of a plan, and the principal checks every
 * grant shares: access policies and role assignments take users, service principals and
 * security groups only.
 */
import type { DirectoryObject } from '../probes/azure-model.js';
import type { PlanOutcome, PlanPrincipal } from './fix-plan.js';

/** The plan's view of a directory object. */
export function toPlanPrincipal(obj: DirectoryObject): PlanPrincipal {
  const type =
    obj.type === 'user' || obj.type === 'group' || obj.type === 'servicePrincipal' || obj.type === 'application'
      ? obj.type
      : 'unknown';
  return { id: obj.id, type, displayName: principalLabel(obj) };
}

/** The name a person recognises: display name, else UPN, else the object id. */
export function principalLabel(obj: Pick<DirectoryObject, 'id' | 'displayName' | 'userPrincipalName'>): string {
  return obj.displayName ?? obj.userPrincipalName ?? obj.id;
}

/** ARM `principalType` of a role assignment for this object. */
export function rbacPrincipalType(obj: DirectoryObject): 'User' | 'Group' | 'ServicePrincipal' {
  if (obj.type === 'group') return 'Group';
  if (obj.type === 'servicePrincipal') return 'ServicePrincipal';
  return 'User';
}

/** Why this object cannot be granted access, or undefined when it can. */
export function principalRefusal(obj: DirectoryObject): PlanOutcome | undefined {
  const name = principalLabel(obj);
  if (obj.type === 'application') {
    return {
      kind: 'refused',
      reason: 'application-object',
      message: `${obj.id} is the application object of "${name}", not its service principal. Grants must name the service principal (Enterprise application) object id${obj.appId ? ` of app id ${obj.appId}` : ''}.`,
    };
  }
  if (obj.type === 'group' && obj.securityEnabled !== true) {
    return {
      kind: 'refused',
      reason: 'not-security-group',
      message: `The group "${name}" (${obj.id}) is not security-enabled (a Microsoft 365 or distribution group). Key Vault access needs a security group: enable security on it or choose a security group.`,
    };
  }
  if (obj.type !== 'user' && obj.type !== 'group' && obj.type !== 'servicePrincipal') {
    return {
      kind: 'refused',
      reason: 'unsupported-principal',
      message: `${obj.id} is a ${obj.type} object; Key Vault access can be given to users, service principals (apps, managed identities) and security groups only.`,
    };
  }
  return undefined;
}
