/**
 * Maps a Key Vault RBAC data action back to the access-policy operation that grants the same
 * thing (azure-facts §3.6), so one probe vocabulary (`secrets/list`, `keys/sign`) serves both
 * permission models. The reverse of the probe's operation → data-action mapping.
 */

// Object type segment in the data action → access-policy category.
const CATEGORY: Readonly<Record<string, string>> = Object.freeze({
  secrets: 'secrets',
  keys: 'keys',
  certificates: 'certificates',
  storageaccounts: 'storage',
});

// `<type>/<verb>` (lower case, `/action` stripped) → access-policy permission, where the names differ.
const RENAMED: Readonly<Record<string, string>> = Object.freeze({
  'secrets/readmetadata': 'list',
  'secrets/getsecret': 'get',
  'secrets/setsecret': 'set',
  'secrets/update': 'set',
  'keys/read': 'get',
  'keys/wrap': 'wrapKey',
  'keys/unwrap': 'unwrapKey',
  'certificates/read': 'get',
  'storageaccounts/read': 'get',
  'storageaccounts/sas/read': 'getsas',
  'storageaccounts/sas/set': 'setsas',
  'storageaccounts/sas/delete': 'deletesas',
  'keyrotationpolicies/read': 'getrotationpolicy',
  'keyrotationpolicies/write': 'setrotationpolicy',
  'certificatecas/read': 'getissuers',
  'certificatecas/write': 'setissuers',
  'certificatecas/delete': 'deleteissuers',
  'certificatecontacts/write': 'managecontacts',
});

// Types whose category is not their own name.
const CATEGORY_OF_TYPE: Readonly<Record<string, string>> = Object.freeze({
  keyrotationpolicies: 'keys',
  certificatecas: 'certificates',
  certificatecontacts: 'certificates',
});

const DATA_ACTION = /^Microsoft\.KeyVault\/vaults\/((?:storageaccounts\/sas)|\w+)\/(\w+)(?:\/action)?$/i;

/** True when `action` is a Key Vault data action (secrets, keys, certificates, storage). */
export function isKeyVaultDataAction(action: string): boolean {
  const m = DATA_ACTION.exec(action);
  if (!m?.[1]) return false;
  const type = m[1].toLowerCase().split('/')[0] ?? '';
  return type in CATEGORY || type in CATEGORY_OF_TYPE;
}

/** The access-policy operation (`secrets/list`) equivalent to an RBAC data action, if there is one. */
export function operationForRbacAction(action: string): string | undefined {
  const m = DATA_ACTION.exec(action.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const type = m[1].toLowerCase();
  const verb = m[2].toLowerCase();
  const baseType = type.split('/')[0] ?? type;
  const category = CATEGORY[baseType] ?? CATEGORY_OF_TYPE[baseType];
  if (!category) return undefined;
  const permission = RENAMED[`${type}/${verb}`] ?? verb;
  return `${category}/${permission}`;
}

// Key operations named in operation-level denials, in access-policy spelling.
const KEY_OPERATIONS: Readonly<Record<string, string>> = Object.freeze({
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  sign: 'sign',
  verify: 'verify',
  wrapkey: 'wrapKey',
  unwrapkey: 'unwrapKey',
  wrap: 'wrapKey',
  unwrap: 'unwrapKey',
});

/**
 * The access-policy operation for an operation-level denial (`Operation: "decrypt"`,
 * `Operation get is not allowed on a disabled secret`). Crypto verbs are key operations.
 */
export function operationForDeniedOperation(
  name: string,
  objectType?: 'secret' | 'key' | 'certificate',
): string | undefined {
  const verb = name.toLowerCase();
  const keyOp = KEY_OPERATIONS[verb];
  if (keyOp) return `keys/${keyOp}`;
  if (objectType)
    return `${objectType === 'secret' ? 'secrets' : objectType === 'key' ? 'keys' : 'certificates'}/${verb}`;
  return undefined;
}
