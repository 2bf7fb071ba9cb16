/**
 * The operation model: a data-plane operation named in access-policy terms
 * (`category/permission`, e.g. `secrets/list`) and the RBAC data action that authorises the same
 * operation on an RBAC vault (azure-facts.md §2.4, §3.6).
 */
import type { PermissionCategory } from './azure-model.js';

/** A data-plane operation in access-policy terms. `permission` is in its canonical spelling. */
export interface Operation {
  category: PermissionCategory;
  permission: string;
}

/** An operation string that is not `category/permission` with known values. */
export class InvalidOperationError extends Error {
  override readonly name = 'InvalidOperationError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** Valid access-policy permissions per category (arm-keyvault 5 `Known*Permissions`). */
export const KNOWN_PERMISSIONS: Readonly<Record<PermissionCategory, readonly string[]>> = Object.freeze({
  keys: [
    'all',
    'encrypt',
    'decrypt',
    'wrapKey',
    'unwrapKey',
    'sign',
    'verify',
    'get',
    'list',
    'create',
    'update',
    'import',
    'delete',
    'backup',
    'restore',
    'recover',
    'purge',
    'release',
    'rotate',
    'getrotationpolicy',
    'setrotationpolicy',
  ],
  secrets: ['all', 'get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'],
  certificates: [
    'all',
    'get',
    'list',
    'delete',
    'create',
    'import',
    'update',
    'managecontacts',
    'getissuers',
    'listissuers',
    'setissuers',
    'deleteissuers',
    'manageissuers',
    'recover',
    'purge',
    'backup',
    'restore',
  ],
  storage: [
    'all',
    'get',
    'list',
    'delete',
    'set',
    'update',
    'regeneratekey',
    'recover',
    'purge',
    'backup',
    'restore',
    'setsas',
    'listsas',
    'getsas',
    'deletesas',
  ],
});

const CATEGORIES = Object.keys(KNOWN_PERMISSIONS) as PermissionCategory[];
const KV = 'Microsoft.KeyVault/vaults';

/** Data actions whose suffix is not simply `{category}/{permission}/action` (azure-facts.md §3.6). */
const DATA_ACTION_OVERRIDES: Record<string, string> = {
  'secrets/get': 'secrets/getSecret/action',
  'secrets/list': 'secrets/readMetadata/action',
  'secrets/set': 'secrets/setSecret/action',
  'secrets/delete': 'secrets/delete',
  'keys/get': 'keys/read',
  'keys/list': 'keys/read',
  'keys/delete': 'keys/delete',
  'keys/wrapkey': 'keys/wrap/action',
  'keys/unwrapkey': 'keys/unwrap/action',
  'keys/getrotationpolicy': 'keyrotationpolicies/read',
  'keys/setrotationpolicy': 'keyrotationpolicies/write',
  'certificates/get': 'certificates/read',
  'certificates/list': 'certificates/read',
  'certificates/delete': 'certificates/delete',
  'certificates/managecontacts': 'certificatecontacts/write',
  'certificates/getissuers': 'certificatecas/read',
  'certificates/listissuers': 'certificatecas/read',
  'certificates/setissuers': 'certificatecas/write',
  'certificates/manageissuers': 'certificatecas/write',
  'certificates/deleteissuers': 'certificatecas/delete',
  'storage/get': 'storageaccounts/read',
  'storage/list': 'storageaccounts/read',
  'storage/delete': 'storageaccounts/delete',
  'storage/update': 'storageaccounts/set/action',
  'storage/getsas': 'storageaccounts/sas/read',
  'storage/listsas': 'storageaccounts/sas/read',
  'storage/setsas': 'storageaccounts/sas/set/action',
  'storage/deletesas': 'storageaccounts/sas/delete',
};

/**
 * Parses `category/permission` (case-insensitive; `secret/list` and `secrets:list` are accepted
 * too). `all` is refused: a check needs one concrete operation.
 */
export function parseOperation(input: string): Operation {
  const raw = input.trim();
  const m = /^([a-z]+)\s*[/:.\s]\s*([a-z]+)$/i.exec(raw);
  if (!m)
    throw new InvalidOperationError(
      input,
      `"${input}" is not an operation: use category/permission, e.g. secrets/list, keys/sign, certificates/import`,
    );
  const catRaw = m[1]!.toLowerCase();
  const category = CATEGORIES.find(
    (c) => c === catRaw || c === `${catRaw}s` || (c === 'certificates' && catRaw === 'certs'),
  );
  if (!category)
    throw new InvalidOperationError(input, `unknown category "${m[1]}": use one of ${CATEGORIES.join(', ')}`);
  const permission = KNOWN_PERMISSIONS[category].find((p) => p.toLowerCase() === m[2]!.toLowerCase());
  if (!permission)
    throw new InvalidOperationError(
      input,
      `"${m[2]}" is not a ${category} permission: use one of ${KNOWN_PERMISSIONS[category].filter((p) => p !== 'all').join(', ')}`,
    );
  if (permission === 'all')
    throw new InvalidOperationError(
      input,
      `"${category}/all" is not one operation: name the one you need, e.g. ${category}/${KNOWN_PERMISSIONS[category][1]}`,
    );
  return { category, permission };
}

/** `secrets/list` form of an operation. */
export function formatOperation(op: Operation): string {
  return `${op.category}/${op.permission}`;
}

/** The RBAC data action that authorises `op` on an RBAC vault, e.g. `Microsoft.KeyVault/vaults/secrets/readMetadata/action`. */
export function dataActionFor(op: Operation): string {
  const key = `${op.category}/${op.permission.toLowerCase()}`;
  const category = op.category === 'storage' ? 'storageaccounts' : op.category;
  return `${KV}/${DATA_ACTION_OVERRIDES[key] ?? `${category}/${op.permission.toLowerCase()}/action`}`;
}

/** True when an access-policy permission list grants `op` (case-insensitive; `all` grants the whole category). */
export function permissionsGrant(granted: readonly string[] | undefined, op: Operation): boolean {
  return (granted ?? []).some((p) => {
    const q = p.toLowerCase();
    return q === 'all' || q === op.permission.toLowerCase();
  });
}
