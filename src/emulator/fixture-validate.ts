/**
 * Validates a parsed fixture and fills in ARM's defaults, so a broken scenario fails at load with
 * messages that name the JSON path (`subscriptions[0].vaults[2].properties.tenantId is required`)
 * instead of surfacing later as an SDK `TypeError`.
 */
import type { TenantFixture } from './fixture-types.js';
import { scopeKey } from './scope.js';

/** A fixture is not usable; `problems` lists every issue found, each starting with its JSON path. */
export class FixtureValidationError extends Error {
  override readonly name = 'FixtureValidationError';
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid emulator fixture ${source}:\n  - ${problems.join('\n  - ')}`);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects problems while walking the fixture. */
class Checker {
  readonly problems: string[] = [];

  obj(v: unknown, path: string): Obj | undefined {
    if (v === undefined) { this.problems.push(`${path} is required`); return undefined; }
    if (!isObj(v)) { this.problems.push(`${path} must be an object`); return undefined; }
    return v;
  }

  arr(v: unknown, path: string, optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (v === undefined) { this.problems.push(`${path} is required`); return []; }
    if (!Array.isArray(v)) { this.problems.push(`${path} must be an array`); return []; }
    return v;
  }

  str(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (v === undefined || v === '') { this.problems.push(`${path}.${key} is required`); return undefined; }
    if (typeof v !== 'string') { this.problems.push(`${path}.${key} must be a string`); return undefined; }
    return v;
  }

  strArr(o: Obj, key: string, path: string, optional = false): string[] {
    const list = this.arr(o[key], `${path}.${key}`, optional);
    list.forEach((s, i) => { if (typeof s !== 'string') this.problems.push(`${path}.${key}[${i}] must be a string`); });
    return list.filter((s): s is string => typeof s === 'string');
  }

  num(o: Obj, key: string, path: string): void {
    const v = o[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) this.problems.push(`${path}.${key} must be a number ≥ 0`);
  }
}

const PERMISSION_CATEGORIES = ['keys', 'secrets', 'certificates', 'storage'];

function checkAccessPolicies(c: Checker, props: Obj, path: string): void {
  c.arr(props.accessPolicies, `${path}.accessPolicies`, true).forEach((e, i) => {
    const p = `${path}.accessPolicies[${i}]`;
    const entry = c.obj(e, p);
    if (!entry) return;
    c.str(entry, 'tenantId', p);
    c.str(entry, 'objectId', p);
    c.str(entry, 'applicationId', p, true);
    const perms = c.obj(entry.permissions, `${p}.permissions`);
    if (!perms) return;
    for (const key of Object.keys(perms)) {
      if (!PERMISSION_CATEGORIES.includes(key)) c.problems.push(`${p}.permissions.${key} is not one of ${PERMISSION_CATEGORIES.join(', ')}`);
      else c.strArr(perms, key, `${p}.permissions`);
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
  if ((glob === undefined) === (regex === undefined)) c.problems.push(`${path} needs exactly one of path (glob) or pathRegex`);
  if (regex !== undefined) {
    try { new RegExp(regex); } catch (e) { c.problems.push(`${path}.pathRegex is not a valid regular expression: ${(e as Error).message}`); }
  }
  for (const k of ['latencyInMs', 'retryAfterSeconds', 'retryAfterMs', 'times']) c.num(o, k, path);
  if (o.status !== undefined && (typeof o.status !== 'number' || o.status < 400 || o.status > 599)) c.problems.push(`${path}.status must be an HTTP error status (400-599)`);
  if (o.drop !== undefined && typeof o.drop !== 'boolean') c.problems.push(`${path}.drop must be true or false`);
  if (o.status === undefined && !o.drop && o.latencyInMs === undefined) c.problems.push(`${path} does nothing: set status, drop or latencyInMs`);
  return c.problems;
}

function checkDirectory(c: Checker, v: unknown): void {
  const dir = c.obj(v, 'directory');
  if (!dir) return;
  const seen = new Map<string, string>();
  for (const kind of ['users', 'groups', 'servicePrincipals', 'applications']) {
    c.arr(dir[kind], `directory.${kind}`).forEach((o, i) => {
      const p = `directory.${kind}[${i}]`;
      const obj = c.obj(o, p);
      if (!obj) return;
      const id = c.str(obj, 'id', p);
      c.str(obj, 'displayName', p);
      if (kind === 'servicePrincipals' || kind === 'applications') c.str(obj, 'appId', p);
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
      if (typeof m === 'string' && !seen.has(m.toLowerCase())) c.problems.push(`directory.groups[${i}].members[${j}] "${m}" is not an object in the directory`);
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
  c.str(root, 'tenantId', '(root)');
  checkDirectory(c, root.directory);

  const subIds = new Set<string>();
  c.arr(root.subscriptions, 'subscriptions').forEach((s, si) => {
    const sp = `subscriptions[${si}]`;
    const sub = c.obj(s, sp);
    if (!sub) return;
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
      const id = c.str(vault, 'id', vp);
      const m = id ? /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i.exec(id) : null;
      if (id && !m) c.problems.push(`${vp}.id must look like /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}`);
      if (m && subId && m[1]!.toLowerCase() !== subId) c.problems.push(`${vp}.id is in subscription ${m[1]}, not ${subId}`);
      if (m && !rgs.has(m[2]!.toLowerCase())) c.problems.push(`${vp}.id names resource group "${m[2]}", which is not in ${sp}.resourceGroups`);
      const name = c.str(vault, 'name', vp, true) ?? m?.[3];
      if (m && name && name.toLowerCase() !== m[3]!.toLowerCase()) c.problems.push(`${vp}.name "${name}" does not match the name in its id "${m[3]}"`);
      if (name) {
        if (vaultNames.has(name.toLowerCase())) c.problems.push(`${vp}.name "${name}" appears twice`);
        vaultNames.add(name.toLowerCase());
      }
      const props = c.obj(vault.properties, `${vp}.properties`);
      if (!props) return;
      c.str(props, 'tenantId', `${vp}.properties`);
      const sku = c.obj(props.sku, `${vp}.properties.sku`);
      if (sku) { c.str(sku, 'family', `${vp}.properties.sku`); c.str(sku, 'name', `${vp}.properties.sku`); }
      checkAccessPolicies(c, props, `${vp}.properties`);
      if (props.networkAcls !== undefined) {
        const acl = c.obj(props.networkAcls, `${vp}.properties.networkAcls`);
        if (acl) c.arr(acl.ipRules, `${vp}.properties.networkAcls.ipRules`, true).forEach((r, i) => {
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
      props.publicNetworkAccess ??= 'Enabled';
    });
    c.arr(sub.roleAssignments, `${sp}.roleAssignments`, true).forEach((r, ri) => {
      const rp = `${sp}.roleAssignments[${ri}]`;
      const ra = c.obj(r, rp);
      if (!ra) return;
      const props = c.obj(ra.properties, `${rp}.properties`);
      if (!props) return;
      const scope = c.str(props, 'scope', `${rp}.properties`);
      if (scope && subId && !scopeKey(scope).startsWith(`/subscriptions/${subId}`)) c.problems.push(`${rp}.properties.scope must be inside /subscriptions/${subId}`);
      c.str(props, 'roleDefinitionId', `${rp}.properties`);
      c.str(props, 'principalId', `${rp}.properties`);
      c.str(props, 'principalType', `${rp}.properties`, true);
    });
    c.arr(sub.diagnosticSettings, `${sp}.diagnosticSettings`, true).forEach((d, di) => {
      const dp = `${sp}.diagnosticSettings[${di}]`;
      const ds = c.obj(d, dp);
      if (!ds) return;
      c.str(ds, 'name', dp);
      if (ds.id === undefined && ds.resourceId === undefined) c.problems.push(`${dp} needs resourceId (the vault's ARM id) or id`);
      c.obj(ds.properties, `${dp}.properties`);
    });
    c.arr(sub.metrics, `${sp}.metrics`, true).forEach((mm, mi) => {
      const mp = `${sp}.metrics[${mi}]`;
      const rm = c.obj(mm, mp);
      if (!rm) return;
      if (rm.resourceId === undefined && rm.vault === undefined) c.problems.push(`${mp} needs resourceId or vault`);
      if (typeof rm.vault === 'string' && !vaultNames.has(rm.vault.toLowerCase())) c.problems.push(`${mp}.vault "${rm.vault}" is not a vault of ${sp}`);
      const anchor = c.str(rm, 'anchor', mp, true);
      if (anchor && Number.isNaN(Date.parse(anchor))) c.problems.push(`${mp}.anchor must be an ISO date-time`);
      c.arr(rm.value, `${mp}.value`).forEach((x, xi) => {
        const xp = `${mp}.value[${xi}]`;
        const metric = c.obj(x, xp);
        if (!metric) return;
        const name = c.obj(metric.name, `${xp}.name`);
        if (name) c.str(name, 'value', `${xp}.name`);
        c.str(metric, 'unit', xp);
        c.arr(metric.timeseries, `${xp}.timeseries`).forEach((t, ti) => {
          const tp = `${xp}.timeseries[${ti}]`;
          const ts = c.obj(t, tp);
          if (!ts) return;
          c.arr(ts.data, `${tp}.data`).forEach((pt, pi) => {
            const point = c.obj(pt, `${tp}.data[${pi}]`);
            const stamp = point ? c.str(point, 'timeStamp', `${tp}.data[${pi}]`) : undefined;
            if (stamp && Number.isNaN(Date.parse(stamp))) c.problems.push(`${tp}.data[${pi}].timeStamp must be an ISO date-time`);
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
  c.strArr(root, 'denyBotRead', '(root)', true);
  if (root.botIdentity !== undefined) {
    const b = c.obj(root.botIdentity, 'botIdentity');
    if (b) { c.str(b, 'appId', 'botIdentity'); c.str(b, 'objectId', 'botIdentity'); }
  }
  c.arr(root.faults, 'faults', true).forEach((f, i) => c.problems.push(...faultProblems(f, `faults[${i}]`)));

  if (c.problems.length > 0) throw new FixtureValidationError(source, c.problems);
  return raw as TenantFixture;
}
