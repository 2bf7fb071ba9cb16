/**
 * Microsoft Graph as it really answers: collections paged with an opaque `@odata.nextLink`,
 * `getByIds` objects without `appId` / `servicePrincipalType`, and 400 `Request_BadRequest` for an
 * id that is not a GUID. The emulator answers like that; the adapter copes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureDirectory, staticCredential } from '../../../src/adapters/azure/index.js';
import type { AzureDirectory } from '../../../src/core/probes/azure-directory.js';
import { AzureAccessError } from '../../../src/core/probes/azure-error.js';
import { validateProbeArgs } from '../../../src/core/probes/probe-args.js';
import { startEmulator, type RunningEmulator, type TenantFixture } from '../../../src/emulator/index.js';
import { rawRequest } from '../../emulator/emulator-clients.js';
import { ALEX, APP_ID, APP_OBJ, G_DEVS, SP_API, SUB_A, SUB_B, emulatorTenant } from './emulator-tenant.js';

const TWINS = [
  'a2000000-0000-4000-8000-000000000001',
  'a2000000-0000-4000-8000-000000000002',
  'a2000000-0000-4000-8000-000000000003',
];

function tenant(): TenantFixture {
  const t = emulatorTenant();
  // Three groups with one display name: more than one page at the emulator's page size (2).
  for (const id of TWINS) t.directory.groups.push({ id, displayName: 'Twins', securityEnabled: true, members: [] });
  return t;
}

let emu: RunningEmulator;
let dir: AzureDirectory;
const post = (path: string, body: unknown) =>
  rawRequest(emu, 'POST', path, { body, headers: { authorization: 'Bearer t' } });
const get = (path: string) => rawRequest(emu, 'GET', path, { headers: { authorization: 'Bearer t' } });

beforeAll(async () => {
  emu = await startEmulator({ fixture: tenant(), port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requestLog.length = 0;
  dir = createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: [SUB_A, SUB_B],
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetries: 0 },
    callTimeoutInMs: 800,
    sandbox: true,
  });
});

describe('Graph ids must be GUIDs', () => {
  it('the emulator answers 400 Request_BadRequest for a malformed id, as Graph does', async () => {
    const playgroundStyle = '00000000-0000-0000-0000-0000000000020';
    expect(await get(`/v1.0/groups/${playgroundStyle}`)).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: `Invalid object identifier '${playgroundStyle}'.` } },
    });
    expect(
      await post(`/v1.0/directoryObjects/${playgroundStyle}/getMemberGroups`, { securityEnabledOnly: true }),
    ).toMatchObject({ status: 400 });
    expect(await post('/v1.0/directoryObjects/getByIds', { ids: [ALEX, playgroundStyle] })).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest' } },
    });
    expect((await get('/v1.0/users/alexw@example.com')).status).toBe(200); // users may be addressed by UPN
  });

  it('the adapter reports such an id as bad-request', async () => {
    const e = await dir.getMemberGroups('not-a-guid').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AzureAccessError);
    expect(e).toMatchObject({ kind: 'bad-request', details: { statusCode: 400, code: 'Request_BadRequest' } });
  });

  it('the probe CLI refuses a --principal that is not a GUID', () => {
    for (const bad of [
      '00000000-0000-0000-0000-0000000000020',
      'alex',
      'deadbeef',
      '0000000000000000000000000000000000',
    ]) {
      const r = validateProbeArgs('permission-check', { vault: 'kv-app', principal: bad });
      expect(r.ok, bad).toBe(false);
    }
    expect(validateProbeArgs('permission-check', { vault: 'kv-app', principal: ALEX }).ok).toBe(true);
  });
});

describe('partial getByIds objects', () => {
  it('the emulator leaves appId and servicePrincipalType out of getByIds, as Graph may', async () => {
    const res = await post('/v1.0/directoryObjects/getByIds', {
      ids: [SP_API, APP_OBJ],
      types: ['servicePrincipal', 'application'],
    });
    const value = (res.body as { value: Record<string, unknown>[] }).value;
    expect(value.map((o) => o['@odata.type'])).toEqual([
      '#microsoft.graph.servicePrincipal',
      '#microsoft.graph.application',
    ]);
    for (const o of value) {
      expect(o).not.toHaveProperty('appId');
      expect(o).not.toHaveProperty('servicePrincipalType');
    }
  });

  it('the adapter re-reads service principals and applications by id to fill them in', async () => {
    const objects = await dir.getDirectoryObjects([SP_API, APP_OBJ, ALEX]);
    expect(objects.find((o) => o.id === SP_API)).toMatchObject({
      type: 'servicePrincipal',
      appId: APP_ID,
      servicePrincipalType: 'Application',
    });
    expect(objects.find((o) => o.id === APP_OBJ)).toMatchObject({ type: 'application', appId: APP_ID });
    expect(objects.find((o) => o.id === ALEX)).toMatchObject({ type: 'user', displayName: 'Alex Wilber' });
    expect(emu.requestLog.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        `GET /v1.0/applications/${APP_OBJ}`,
        'POST /v1.0/directoryObjects/getByIds',
        `GET /v1.0/servicePrincipals/${SP_API}`,
      ].sort(),
    );
  });

  it('a failed re-read keeps the partial object (id and type still right)', async () => {
    emu.faults.add({ method: 'GET', path: '/v1.0/servicePrincipals/*', status: 403 });
    const [sp] = await dir.getDirectoryObjects([SP_API]);
    expect(sp).toMatchObject({ id: SP_API, type: 'servicePrincipal' });
    expect(sp!.appId).toBeUndefined();
  });
});

describe('Graph paging', () => {
  it('the emulator pages a collection with an absolute, opaque @odata.nextLink', async () => {
    const res = await get(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Twins'")}`);
    const body = res.body as { value: unknown[]; '@odata.nextLink'?: string };
    expect(body.value).toHaveLength(2);
    expect(body['@odata.nextLink']).toMatch(
      new RegExp(`^${emu.url.replace(/\./g, '\\.')}/v1\\.0/groups\\?.*\\$skiptoken=[A-Za-z0-9_-]+`),
    );
  });

  it('the adapter follows @odata.nextLink to the end', async () => {
    const groups = await dir.findGroupsByName('Twins');
    expect(groups.map((g) => g.id).sort()).toEqual(TWINS);
    expect(emu.requestLog.filter((r) => r.path === '/v1.0/groups')).toHaveLength(2);
  });

  it('a stalled second Graph page ends in the call deadline as timeout', async () => {
    emu.faults.add({ method: 'GET', path: '/v1.0/groups', page: 2, latencyInMs: 120_000 });
    const e = await dir.findGroupsByName('Twins').catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'timeout', details: { operation: 'graph.listGroups' } });
  });

  it('groups named once still come back in one page', async () => {
    expect((await dir.findGroupsByName('Payments Devs')).map((g) => g.id)).toEqual([G_DEVS]);
  });
});
