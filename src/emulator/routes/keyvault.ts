/**
 * ARM `Microsoft.KeyVault/vaults` routes as `@azure/arm-keyvault` 5 calls them (azure-facts §2.2):
 * get, PATCH, list by subscription / resource group, `/resources` list, access-policy updates.
 */
import { applyAccessPolicyUpdate, type AccessPolicyUpdateKind } from '../access-policy-update.js';
import { API_VERSIONS, checkApiVersion } from '../api-version.js';
import { botDenied, checkBotAccess } from '../bot-access.js';
import { badRequest, resourceGroupNotFound, subscriptionNotFound, vaultNotFound } from '../errors.js';
import type { ArmAccessPolicyEntry, ArmVault, FixtureSubscription } from '../fixture-types.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from '../http-types.js';
import { presentVault } from '../vault-shape.js';
import { decodePageToken, pageOf, PageTokenError } from '../paging.js';
import { PATCHABLE_VAULT_PROPERTIES } from '../vault-properties.js';

const VAULT =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)(?:\/accessPolicies\/([^/]+))?$/i;
const LIST_SUB = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults$/i;
const LIST_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults$/i;
const RESOURCES = /^\/subscriptions\/([^/]+)\/resources$/i;

function rgExists(sub: FixtureSubscription, rg: string): boolean {
  return sub.resourceGroups.some((r) => r.name.toLowerCase() === rg.toLowerCase());
}

function readable(req: EmulatorRequest, vaults: ArmVault[]): ArmVault[] {
  // ARM lists only what the caller may read.
  return vaults.filter((v) => !botDenied(req.state, v.id));
}

function listVaults(req: EmulatorRequest, subId: string, rg?: string): EmulatorReply {
  const bad = checkApiVersion(req, API_VERSIONS.keyVault);
  if (bad) return bad;
  const sub = req.state.subscription(subId);
  if (!sub) return subscriptionNotFound(subId);
  const scope = rg ? `/subscriptions/${subId}/resourceGroups/${rg}` : `/subscriptions/${subId}`;
  const denied = checkBotAccess(req.state, scope, 'Microsoft.KeyVault/vaults/read');
  if (denied) return denied;
  if (rg && !rgExists(sub, rg)) return resourceGroupNotFound(rg);
  const vaults = readable(req, sub.vaults)
    .filter((v) => !rg || v.id.split('/')[4]!.toLowerCase() === rg.toLowerCase())
    .map(presentVault);
  // Real ARM continues a vault list on `/subscriptions/{s}/resources` with an opaque skip token.
  return paged(req, vaults, {
    list: rg ? `vaults:${rg.toLowerCase()}` : 'vaults',
    nextPath: `/subscriptions/${subId}/resources`,
    nextQuery: new URLSearchParams({ 'api-version': req.query.get('api-version')! }),
  });
}

function paged<T>(req: EmulatorRequest, items: T[], options: Parameters<typeof pageOf>[2]): EmulatorReply {
  try {
    return { status: 200, body: pageOf(req, items, options) };
  } catch (e) {
    if (e instanceof PageTokenError) return badRequest(e.message);
    throw e;
  }
}

function listResources(req: EmulatorRequest, subId: string): EmulatorReply {
  // A vault list's later pages arrive here (see listVaults).
  const token = decodePageToken(req.query.get('$skiptoken'));
  if (token?.list.startsWith('vaults')) return listVaults(req, subId, token.list.split(':')[1]);
  const bad = checkApiVersion(req, API_VERSIONS.resources);
  if (bad) return bad;
  const sub = req.state.subscription(subId);
  if (!sub) return subscriptionNotFound(subId);
  const denied = checkBotAccess(
    req.state,
    `/subscriptions/${subId}`,
    'Microsoft.Resources/subscriptions/resources/read',
  );
  if (denied) return denied;
  const filter = req.query.get('$filter');
  const typeMatch = filter ? /resourceType\s+eq\s+'([^']+)'/i.exec(filter) : null;
  if (filter && !typeMatch)
    return badRequest(`Invalid $filter '${filter}'. Only resourceType eq '...' is supported by the emulator.`);
  const type = typeMatch?.[1]?.toLowerCase();
  const resources = readable(req, sub.vaults)
    .filter(() => !type || type === 'microsoft.keyvault/vaults')
    .map((v) => ({ id: v.id, name: v.name, type: v.type, location: v.location, tags: v.tags ?? {} }));
  return paged(req, resources, { list: 'resources' });
}

function entriesProblem(body: unknown): string | undefined {
  const list = (body as { properties?: { accessPolicies?: unknown } } | undefined)?.properties?.accessPolicies;
  if (!Array.isArray(list)) return 'properties.accessPolicies is required and must be an array.';
  for (const [i, e] of list.entries()) {
    const entry = e as Partial<ArmAccessPolicyEntry> | null;
    if (!entry || typeof entry.tenantId !== 'string') return `properties.accessPolicies[${i}].tenantId is required.`;
    if (typeof entry.objectId !== 'string') return `properties.accessPolicies[${i}].objectId is required.`;
    if (typeof entry.permissions !== 'object' || entry.permissions === null)
      return `properties.accessPolicies[${i}].permissions is required.`;
  }
  return undefined;
}

function updateAccessPolicy(req: EmulatorRequest, vault: ArmVault, kind: string): EmulatorReply {
  if (!['add', 'replace', 'remove'].includes(kind.toLowerCase())) {
    return badRequest(
      `The access policy update kind '${kind}' is invalid. Valid values are 'add', 'replace', 'remove'.`,
    );
  }
  const problem = entriesProblem(req.body);
  if (problem) return badRequest(problem);
  const changes = (req.body as { properties: { accessPolicies: ArmAccessPolicyEntry[] } }).properties.accessPolicies;
  if (changes.length > 16) return badRequest('An access policy update may contain at most 16 identities.');
  const next = applyAccessPolicyUpdate(
    vault.properties.accessPolicies ?? [],
    kind.toLowerCase() as AccessPolicyUpdateKind,
    changes,
  );
  if (next.length > 1024) return badRequest('Key vault supports up to 1024 access policy entries.');
  vault.properties.accessPolicies = next;
  return {
    status: 200,
    // As in keyvault-2026-02-01-updateAccessPoliciesAdd.json: type, id and properties only.
    body: {
      type: 'Microsoft.KeyVault/vaults/accessPolicies',
      id: `${vault.id}/accessPolicies/`,
      properties: { accessPolicies: structuredClone(next) },
    },
  };
}

function patchVault(req: EmulatorRequest, vault: ArmVault): EmulatorReply {
  const body = req.body as { properties?: Record<string, unknown>; tags?: Record<string, string> } | undefined;
  if (!body || typeof body !== 'object') return badRequest('The request body is required.');
  const props = body.properties ?? {};
  for (const key of Object.keys(props)) {
    if (!PATCHABLE_VAULT_PROPERTIES.includes(key))
      return badRequest(`The property 'properties.${key}' cannot be updated with PATCH.`);
  }
  if (props.networkAcls !== undefined && (typeof props.networkAcls !== 'object' || props.networkAcls === null))
    return badRequest('properties.networkAcls must be an object.');
  Object.assign(vault.properties, structuredClone(props));
  if (body.tags) vault.tags = { ...body.tags };
  return { status: 200, body: presentVault(vault) };
}

function vaultRoute(req: EmulatorRequest, m: RegExpExecArray): EmulatorReply {
  const [, subId, rg, name, kind] = m as unknown as [string, string, string, string, string | undefined];
  const bad = checkApiVersion(req, API_VERSIONS.keyVault);
  if (bad) return bad;
  const sub = req.state.subscription(subId);
  if (!sub) return subscriptionNotFound(subId);
  const scope = `/subscriptions/${subId}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
  const action = kind
    ? 'Microsoft.KeyVault/vaults/accessPolicies/write'
    : req.method === 'GET'
      ? 'Microsoft.KeyVault/vaults/read'
      : 'Microsoft.KeyVault/vaults/write';
  const denied = checkBotAccess(req.state, scope, action);
  if (denied) return denied;
  if (!rgExists(sub, rg)) return resourceGroupNotFound(rg);
  const vault = sub.vaults.find(
    (v) => v.name.toLowerCase() === name.toLowerCase() && v.id.split('/')[4]!.toLowerCase() === rg.toLowerCase(),
  );
  if (!vault) return vaultNotFound(rg, name);
  if (kind !== undefined) {
    return req.method === 'PUT' ? updateAccessPolicy(req, vault, kind) : methodNotAllowed(req);
  }
  if (req.method === 'GET') return { status: 200, body: presentVault(vault) };
  if (req.method === 'PATCH') return patchVault(req, vault);
  return methodNotAllowed(req);
}

function methodNotAllowed(req: EmulatorRequest): EmulatorReply {
  return {
    status: 405,
    body: {
      error: {
        code: 'MethodNotAllowed',
        message: `The requested resource does not support http method '${req.method}'.`,
      },
    },
  };
}

/** Routes for Key Vault management and the `/resources` list. */
export const keyVaultRoutes: RouteHandler = (req) => {
  let m = VAULT.exec(req.path);
  if (m) return vaultRoute(req, m);
  if (req.method !== 'GET') {
    if (LIST_SUB.test(req.path) || LIST_RG.test(req.path) || RESOURCES.test(req.path)) return methodNotAllowed(req);
    return undefined;
  }
  if ((m = LIST_SUB.exec(req.path))) return listVaults(req, m[1]!);
  if ((m = LIST_RG.exec(req.path))) return listVaults(req, m[1]!, m[2]!);
  if ((m = RESOURCES.exec(req.path))) return listResources(req, m[1]!);
  return undefined;
};
