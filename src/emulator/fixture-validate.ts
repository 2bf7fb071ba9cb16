/**
 * Validates a parsed fixture and fills in ARM's defaults, so a broken scenario fails at load with
 * messages that name the JSON path (`subscriptions[0].vaults[2].properties.tenantId is required`)
 * instead of surfacing later as an SDK `TypeError`.
 */
import { ACCESS_POLICY_PERMISSIONS, isAccessPolicyPermission } from './access-policy-permissions.js';
import { BUILTIN_ROLES } from './builtin-roles.js';
import type { TenantFixture } from './fixture-types.js';
import { scopeKey } from './scope.js';
import { VAULT_PROPERTY_FIELDS } from './vault-properties.js';

/** A fixture is not usable; `problems` lists every issue found, each starting with its JSON path. */
export class FixtureValidationError extends Error {
  override readonly name = 'FixtureValidationError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid emulator fixture ${source}:\n  - ${problems.join('\n  - ')}`);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `path.key`, or just `key` at the top level (path ''). */
const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Edit distance, for "did you mean" on mistyped field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known field `key` was probably meant as, if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return (
    known.find((k) => k.toLowerCase() === lower) ??
    known.find((k) => distance(k.toLowerCase(), lower) <= Math.max(1, Math.floor(k.length / 6)))
  );
}

// Fields of the emulator's own containers: anything else is a mistake.
const ROOT_FIELDS = [
  'tenantId',
  'botIdentity',
  'subscriptions',
  'roleDefinitions',
  'directory',
  'denyBotRead',
  'faults',
  '$schema',
];
const SUBSCRIPTION_FIELDS = [
  'subscriptionId',
  'displayName',
  'resourceGroups',
  'vaults',
  'roleAssignments',
  'diagnosticSettings',
  'metrics',
];
const DIRECTORY_FIELDS = ['users', 'groups', 'servicePrincipals', 'applications'];
const POLICY_FIELDS = ['tenantId', 'objectId', 'applicationId', 'permissions'];
// ARM's own JSON may carry fields the emulator does not model (copied from `az ... show`), so
// only a near-miss of a field that matters is reported there.
const VAULT_FIELDS = ['id', 'name', 'type', 'location', 'tags', 'systemData', 'properties'];
const NETWORK_ACL_FIELDS = ['bypass', 'defaultAction', 'ipRules', 'virtualNetworkRules'];
const ROLE_ASSIGNMENT_PROPERTY_FIELDS = [
  'scope',
  'roleDefinitionId',
  'principalId',
  'principalType',
  'description',
  'condition',
  'conditionVersion',
];
const DIAGNOSTIC_PROPERTY_FIELDS = [
  'workspaceId',
  'storageAccountId',
  'eventHubAuthorizationRuleId',
  'eventHubName',
  'logs',
  'metrics',
  'logAnalyticsDestinationType',
  'marketplacePartnerId',
];

/** Collects problems while walking the fixture. */
class Checker {
  readonly problems: string[] = [];

  obj(v: unknown, path: string): Obj | undefined {
    if (v === undefined) {
      this.problems.push(`${path} is required`);
      return undefined;
    }
    if (!isObj(v)) {
      this.problems.push(`${path} must be an object`);
      return undefined;
    }
    return v;
  }

  arr(v: unknown, path: string, optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (v === undefined) {
      this.problems.push(`${path} is required`);
      return [];
    }
    if (!Array.isArray(v)) {
      this.problems.push(`${path} must be an array`);
      return [];
    }
    return v;
  }

  str(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (v === undefined || v === '') {
      this.problems.push(`${at(path, key)} is required`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.problems.push(`${at(path, key)} must be a string`);
      return undefined;
    }
    return v;
  }

  strArr(o: Obj, key: string, path: string, optional = false): string[] {
    const list = this.arr(o[key], at(path, key), optional);
    list.forEach((s, i) => {
      if (typeof s !== 'string') this.problems.push(`${at(path, key)}[${i}] must be a string`);
    });
    return list.filter((s): s is string => typeof s === 'string');
  }

  /** An optional field that must be true or false. */
  bool(o: Obj, key: string, path: string): void {
    const v = o[key];
    if (v !== undefined && typeof v !== 'boolean')
      this.problems.push(`${at(path, key)} must be true or false, not ${JSON.stringify(v)}`);
  }

  /** An optional string field limited to `allowed` (case-insensitive, as ARM reads enums). */
  oneOf(o: Obj, key: string, path: string, allowed: readonly string[]): void {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'string' || !allowed.some((a) => a.toLowerCase() === v.toLowerCase()))) {
      this.problems.push(`${at(path, key)} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`);
    }
  }

  /**
   * Unknown fields: `strict` containers report every one; ARM objects only near-misses of a known
   * field (a typo there silently drops the setting, e.g. `accesPolicies` → a vault with no policies).
   */
  fields(o: Obj, known: readonly string[], path: string, strict: boolean): void {
    for (const key of Object.keys(o)) {
      if (known.includes(key)) continue;
      const guess = closest(key, known);
      if (guess) this.problems.push(`${at(path, key)} is not a known field: did you mean ${guess}?`);
      else if (strict) this.problems.push(`${at(path, key)} is not a known field (expected ${known.join(', ')})`);
    }
  }

  /** A GUID-valued field (Entra object ids, tenant ids): Azure and Graph refuse anything else. */
  guid(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = this.str(o, key, path, optional);
    if (v !== undefined && !GUID.test(v)) {
      this.problems.push(
        `${at(path, key)} "${v}" is not a GUID (8-4-4-4-12 hex digits): Azure and Microsoft Graph refuse such ids`,
      );
      return undefined;
    }
    return v;
  }

  num(o: Obj, key: string, path: string): void {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      this.problems.push(`${path}.${key} must be a number ≥ 0`);
  }
}

const PERMISSION_CATEGORIES = ['keys', 'secrets', 'certificates', 'storage'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkAccessPolicies(c: Checker, props: Obj, path: string): void {
  c.arr(props.accessPolicies, `${path}.accessPolicies`, true).forEach((e, i) => {
    const p = `${path}.accessPolicies[${i}]`;
    const entry = c.obj(e, p);
    if (!entry) return;
    c.fields(entry, POLICY_FIELDS, p, true);
    c.guid(entry, 'tenantId', p);
    c.guid(entry, 'objectId', p);
    c.guid(entry, 'applicationId', p, true);
    const perms = c.obj(entry.permissions, `${p}.permissions`);
    if (!perms) return;
    for (const key of Object.keys(perms)) {
      if (!PERMISSION_CATEGORIES.includes(key)) {
        c.problems.push(
          `${p}.permissions.${key} is not one of ${PERMISSION_CATEGORIES.join(', ')} (category names are lower-case)`,
        );
        continue;
      }
      c.strArr(perms, key, `${p}.permissions`).forEach((name, i) => {
        if (!isAccessPolicyPermission(key, name))
          c.problems.push(
            `${p}.permissions.${key}[${i}] "${name}" is not a ${key} permission (one of ${ACCESS_POLICY_PERMISSIONS[key]!.join(', ')})`,
          );
      });
    }
  });
}

/** Checks one fault spec; shared by the fixture loader and the run-time fault API. */
export function faultProblems(f: unknown, path: string): string[] {
  const c = new Checker();
  const o = c.obj(f, path);
  if (!o) return c.problems;
  c.str(o, 'method', path, true);
  const glob = c.str(o, 'path', path, true);
  const regex = c.str(o, 'pathRegex', path, true);
  if ((glob === undefined) === (regex === undefined))
    c.problems.push(`${path} needs exactly one of path (glob) or pathRegex`);
  if (regex !== undefined) {
    try {
      new RegExp(regex);
    } catch (e) {
      c.problems.push(`${path}.pathRegex is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  for (const k of ['latencyInMs', 'retryAfterSeconds', 'retryAfterMs', 'times']) c.num(o, k, path);
  if (o.status !== undefined && (typeof o.status !== 'number' || o.status < 400 || o.status > 599))
    c.problems.push(`${path}.status must be an HTTP error status (400-599)`);
  if (o.drop !== undefined && typeof o.drop !== 'boolean') c.problems.push(`${path}.drop must be true or false`);
  if (o.page !== undefined && (typeof o.page !== 'number' || !Number.isInteger(o.page) || o.page < 1))
    c.problems.push(
      `${path}.page must be a page number (1 = the first page of a list, 2 = the page its nextLink leads to, …)`,
    );
  if (o.status === undefined && !o.drop && o.latencyInMs === undefined)
    c.problems.push(`${path} does nothing: set status, drop or latencyInMs`);
  return c.problems;
}

function checkDirectory(c: Checker, v: unknown): void {
  const dir = c.obj(v, 'directory');
  if (!dir) return;
  c.fields(dir, DIRECTORY_FIELDS, 'directory', true);
  const seen = new Map<string, string>();
  for (const kind of ['users', 'groups', 'servicePrincipals', 'applications']) {
    // Each list is optional (filled in empty): a scenario without applications need not say so.
    if (dir[kind] === undefined) dir[kind] = [];
    c.arr(dir[kind], `directory.${kind}`).forEach((o, i) => {
      const p = `directory.${kind}[${i}]`;
      const obj = c.obj(o, p);
      if (!obj) return;
      const id = c.guid(obj, 'id', p);
      c.str(obj, 'displayName', p);
      if (kind === 'servicePrincipals' || kind === 'applications') c.guid(obj, 'appId', p);
      if (kind === 'groups') c.strArr(obj, 'members', p, true);
      if (id) {
        const prev = seen.get(id.toLowerCase());
        if (prev) c.problems.push(`${p}.id "${id}" is already used by ${prev}`);
        else seen.set(id.toLowerCase(), p);
      }
    });
  }
  (Array.isArray(dir.groups) ? dir.groups : []).forEach((g, i) => {
    if (!isObj(g) || !Array.isArray(g.members)) return;
    g.members.forEach((m, j) => {
      if (typeof m === 'string' && !seen.has(m.toLowerCase()))
        c.problems.push(`directory.groups[${i}].members[${j}] "${m}" is not an object in the directory`);
    });
  });
}

/**
 * Validates `raw` as a tenant fixture and returns it with ARM defaults filled in (vault `type`,
 * `location`, `vaultUri`, role-assignment `id`/`name`, ...). Throws `FixtureValidationError`.
 */
export function validateFixture(raw: unknown, source = '(inline)'): TenantFixture {
  const c = new Checker();
  const root = c.obj(raw, '(root)');
  if (!root) throw new FixtureValidationError(source, c.problems);
  c.fields(root, ROOT_FIELDS, '', true);
  c.guid(root, 'tenantId', '');
  // A scenario about RBAC scopes alone may have no directory at all.
  root.directory ??= {};
  checkDirectory(c, root.directory);
  // Vault names are DNS names (<name>.vault.azure.net), unique across all of Azure.
  const allVaultNames = new Map<string, string>();
  const customRoles = new Set(
    (Array.isArray(root.roleDefinitions) ? root.roleDefinitions : [])
      .map((r) => (isObj(r) && typeof r.name === 'string' ? r.name.toLowerCase() : ''))
      .filter(Boolean),
  );
  const knownRole = (id: string) => {
    const guid = id.toLowerCase().split('/').pop() ?? '';
    return customRoles.has(guid) || BUILTIN_ROLES.some((r) => r.name.toLowerCase() === guid);
  };

  const subIds = new Set<string>();
  c.arr(root.subscriptions, 'subscriptions').forEach((s, si) => {
    const sp = `subscriptions[${si}]`;
    const sub = c.obj(s, sp);
    if (!sub) return;
    c.fields(sub, SUBSCRIPTION_FIELDS, sp, true);
    const subId = c.str(sub, 'subscriptionId', sp)?.toLowerCase();
    if (subId && subIds.has(subId)) c.problems.push(`${sp}.subscriptionId "${subId}" appears twice`);
    if (subId) subIds.add(subId);
    c.str(sub, 'displayName', sp);
    const rgs = new Map<string, string>();
    c.arr(sub.resourceGroups, `${sp}.resourceGroups`).forEach((r, ri) => {
      const rp = `${sp}.resourceGroups[${ri}]`;
      const rg = c.obj(r, rp);
      if (!rg) return;
      const name = c.str(rg, 'name', rp);
      const loc = c.str(rg, 'location', rp);
      if (name && loc) rgs.set(name.toLowerCase(), loc);
    });
    const vaultNames = new Set<string>();
    c.arr(sub.vaults, `${sp}.vaults`).forEach((v, vi) => {
      const vp = `${sp}.vaults[${vi}]`;
      const vault = c.obj(v, vp);
      if (!vault) return;
      c.fields(vault, VAULT_FIELDS, vp, false);
      const id = c.str(vault, 'id', vp);
      const m = id
        ? /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i.exec(
            id,
          )
        : null;
      if (id && !m)
        c.problems.push(
          `${vp}.id must look like /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}`,
        );
      if (m && subId && m[1]!.toLowerCase() !== subId)
        c.problems.push(`${vp}.id is in subscription ${m[1]}, not ${subId}`);
      if (m && !rgs.has(m[2]!.toLowerCase()))
        c.problems.push(`${vp}.id names resource group "${m[2]}", which is not in ${sp}.resourceGroups`);
      const name = c.str(vault, 'name', vp, true) ?? m?.[3];
      if (m && name && name.toLowerCase() !== m[3]!.toLowerCase())
        c.problems.push(`${vp}.name "${name}" does not match the name in its id "${m[3]}"`);
      if (name) {
        const other = allVaultNames.get(name.toLowerCase());
        if (other)
          c.problems.push(
            `${vp}.name "${name}" is already used by ${other}: vault names are unique across Azure (they are DNS names)`,
          );
        else allVaultNames.set(name.toLowerCase(), vp);
        vaultNames.add(name.toLowerCase());
      }
      const props = c.obj(vault.properties, `${vp}.properties`);
      if (!props) return;
      c.fields(props, VAULT_PROPERTY_FIELDS, `${vp}.properties`, false);
      c.guid(props, 'tenantId', `${vp}.properties`);
      c.bool(props, 'enableRbacAuthorization', `${vp}.properties`);
      c.oneOf(props, 'publicNetworkAccess', `${vp}.properties`, ['Enabled', 'Disabled']);
      const sku = c.obj(props.sku, `${vp}.properties.sku`);
      if (sku) {
        c.str(sku, 'family', `${vp}.properties.sku`);
        c.str(sku, 'name', `${vp}.properties.sku`);
      }
      checkAccessPolicies(c, props, `${vp}.properties`);
      if (props.networkAcls !== undefined) {
        const acl = c.obj(props.networkAcls, `${vp}.properties.networkAcls`);
        if (acl) {
          c.fields(acl, NETWORK_ACL_FIELDS, `${vp}.properties.networkAcls`, false);
          c.oneOf(acl, 'defaultAction', `${vp}.properties.networkAcls`, ['Allow', 'Deny']);
          c.oneOf(acl, 'bypass', `${vp}.properties.networkAcls`, ['AzureServices', 'None']);
        }
        if (acl)
          c.arr(acl.ipRules, `${vp}.properties.networkAcls.ipRules`, true).forEach((r, i) => {
            const rule = c.obj(r, `${vp}.properties.networkAcls.ipRules[${i}]`);
            if (rule) c.str(rule, 'value', `${vp}.properties.networkAcls.ipRules[${i}]`);
          });
      }
      if (!m || !name) return;
      vault.name = name;
      vault.type ??= 'Microsoft.KeyVault/vaults';
      vault.location ??= rgs.get(m[2]!.toLowerCase());
      vault.tags ??= {};
      props.vaultUri ??= `https://${name}.vault.azure.net/`;
      props.provisioningState ??= 'Succeeded';
      props.enableSoftDelete ??= true;
      // enableRbacAuthorization, publicNetworkAccess and accessPolicies stay absent when the fixture
      // omits them: real vault responses often leave them out (keyvault-2026-02-01-getVault.json).
    });
    c.arr(sub.roleAssignments, `${sp}.roleAssignments`, true).forEach((r, ri) => {
      const rp = `${sp}.roleAssignments[${ri}]`;
      const ra = c.obj(r, rp);
      if (!ra) return;
      const props = c.obj(ra.properties, `${rp}.properties`);
      if (!props) return;
      c.fields(props, ROLE_ASSIGNMENT_PROPERTY_FIELDS, `${rp}.properties`, false);
      const scope = c.str(props, 'scope', `${rp}.properties`);
      if (scope && subId && !scopeKey(scope).startsWith(`/subscriptions/${subId}`))
        c.problems.push(`${rp}.properties.scope must be inside /subscriptions/${subId}`);
      const roleId = c.str(props, 'roleDefinitionId', `${rp}.properties`);
      if (roleId && !knownRole(roleId))
        c.problems.push(
          `${rp}.properties.roleDefinitionId "${roleId}" is neither a built-in role the emulator knows nor one of roleDefinitions[].name`,
        );
      c.guid(props, 'principalId', `${rp}.properties`);
      c.str(props, 'principalType', `${rp}.properties`, true);
    });
    c.arr(sub.diagnosticSettings, `${sp}.diagnosticSettings`, true).forEach((d, di) => {
      const dp = `${sp}.diagnosticSettings[${di}]`;
      const ds = c.obj(d, dp);
      if (!ds) return;
      c.str(ds, 'name', dp);
      if (ds.id === undefined && ds.resourceId === undefined)
        c.problems.push(`${dp} needs resourceId (the vault's ARM id) or id`);
      const dprops = c.obj(ds.properties, `${dp}.properties`);
      if (dprops) c.fields(dprops, DIAGNOSTIC_PROPERTY_FIELDS, `${dp}.properties`, false);
    });
    c.arr(sub.metrics, `${sp}.metrics`, true).forEach((mm, mi) => {
      const mp = `${sp}.metrics[${mi}]`;
      const rm = c.obj(mm, mp);
      if (!rm) return;
      if (rm.resourceId === undefined && rm.vault === undefined) c.problems.push(`${mp} needs resourceId or vault`);
      if (typeof rm.vault === 'string' && !vaultNames.has(rm.vault.toLowerCase()))
        c.problems.push(`${mp}.vault "${rm.vault}" is not a vault of ${sp}`);
      const anchor = c.str(rm, 'anchor', mp, true);
      if (anchor && Number.isNaN(Date.parse(anchor))) c.problems.push(`${mp}.anchor must be an ISO date-time`);
      c.arr(rm.value, `${mp}.value`).forEach((x, xi) => {
        const xp = `${mp}.value[${xi}]`;
        const metric = c.obj(x, xp);
        if (!metric) return;
        const name = c.obj(metric.name, `${xp}.name`);
        if (name) c.str(name, 'value', `${xp}.name`);
        c.str(metric, 'unit', xp);
        c.str(metric, 'errorCode', xp, true);
        c.str(metric, 'errorMessage', xp, true);
        c.arr(metric.timeseries, `${xp}.timeseries`).forEach((t, ti) => {
          const tp = `${xp}.timeseries[${ti}]`;
          const ts = c.obj(t, tp);
          if (!ts) return;
          c.arr(ts.data, `${tp}.data`).forEach((pt, pi) => {
            const point = c.obj(pt, `${tp}.data[${pi}]`);
            const stamp = point ? c.str(point, 'timeStamp', `${tp}.data[${pi}]`) : undefined;
            if (stamp && Number.isNaN(Date.parse(stamp)))
              c.problems.push(`${tp}.data[${pi}].timeStamp must be an ISO date-time`);
          });
        });
      });
    });
  });

  c.arr(root.roleDefinitions, 'roleDefinitions', true).forEach((r, ri) => {
    const rp = `roleDefinitions[${ri}]`;
    const rd = c.obj(r, rp);
    if (!rd) return;
    c.str(rd, 'name', rp);
    const props = c.obj(rd.properties, `${rp}.properties`);
    if (!props) return;
    c.str(props, 'roleName', `${rp}.properties`);
    props.type ??= 'CustomRole';
    c.strArr(props, 'assignableScopes', `${rp}.properties`);
    c.arr(props.permissions, `${rp}.properties.permissions`).forEach((p, pi) => {
      const pp = `${rp}.properties.permissions[${pi}]`;
      const perm = c.obj(p, pp);
      if (!perm) return;
      for (const k of ['actions', 'notActions', 'dataActions', 'notDataActions']) {
        perm[k] ??= [];
        c.strArr(perm, k, pp);
      }
    });
  });
  c.strArr(root, 'denyBotRead', '', true);
  if (root.botIdentity !== undefined) {
    const b = c.obj(root.botIdentity, 'botIdentity');
    if (b) {
      c.str(b, 'appId', 'botIdentity');
      c.str(b, 'objectId', 'botIdentity');
    }
  }
  c.arr(root.faults, 'faults', true).forEach((f, i) => c.problems.push(...faultProblems(f, `faults[${i}]`)));

  if (c.problems.length > 0) throw new FixtureValidationError(source, c.problems);
  return raw as TenantFixture;
}
