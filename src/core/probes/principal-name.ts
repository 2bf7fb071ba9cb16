/**
 * How probes name directory objects in evidence: display name and kind when Graph resolved the
 * id, the bare id otherwise.
 */
import type { DirectoryObject } from './azure-model.js';

/** Directory objects by lower-cased id. */
export type DirectoryIndex = ReadonlyMap<string, DirectoryObject>;

/** Builds a {@link DirectoryIndex} from resolved objects. */
export function indexDirectory(objects: readonly DirectoryObject[]): DirectoryIndex {
  return new Map(objects.map((o) => [o.id.toLowerCase(), o]));
}

const KIND: Record<string, string> = {
  user: 'user',
  group: 'group',
  servicePrincipal: 'service principal',
  application: 'application object',
  device: 'device',
  other: 'object',
};

/** `Alex Wilber (user 0000…0020)`, or `0000…0020` when unresolved. */
export function describePrincipal(id: string, index: DirectoryIndex): string {
  const o = index.get(id.toLowerCase());
  if (!o) return id;
  const kind =
    o.type === 'servicePrincipal' && o.servicePrincipalType === 'ManagedIdentity'
      ? 'managed identity'
      : (KIND[o.type] ?? 'object');
  return `${o.displayName ?? o.userPrincipalName ?? id} (${kind} ${id})`;
}
