/** Maps a Microsoft Graph directory object (JSON) onto the domain `DirectoryObject`. */
import type { DirectoryObject, DirectoryObjectType } from '../../core/probes/azure-model.js';

const TYPES: Record<string, DirectoryObjectType> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.serviceprincipal': 'servicePrincipal',
  '#microsoft.graph.application': 'application',
  '#microsoft.graph.device': 'device',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Domain object of Graph JSON; `fallbackType` for collections whose items carry no `@odata.type`. Undefined without an id. */
export function mapDirectoryObject(json: unknown, fallbackType?: DirectoryObjectType): DirectoryObject | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const id = str(o.id);
  if (!id) return undefined;
  const odataType = str(o['@odata.type'])?.toLowerCase();
  const type = (odataType ? TYPES[odataType] : undefined) ?? fallbackType ?? 'other';
  return {
    id,
    type,
    ...(str(o.displayName) ? { displayName: str(o.displayName) } : {}),
    ...(str(o.userPrincipalName) ? { userPrincipalName: str(o.userPrincipalName) } : {}),
    ...(str(o.appId) ? { appId: str(o.appId) } : {}),
    ...(str(o.servicePrincipalType) ? { servicePrincipalType: str(o.servicePrincipalType) } : {}),
    ...(typeof o.securityEnabled === 'boolean' ? { securityEnabled: o.securityEnabled } : {}),
  };
}
