/**
 * Contract tests: Azure's and Microsoft Graph's published example responses
 * (test/contracts/azure-examples/, sources and licences in SOURCES.md) served verbatim from a
 * local HTTPS server — only hosts substituted — through the real adapter, checking the domain
 * values it maps; and the emulator's answers on the same routes held against the same examples
 * (shapeDrift), so an emulator or adapter change that drifts from the real shapes fails here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureDirectory, staticCredential } from '../../src/adapters/azure/index.js';
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import { AzureAccessError } from '../../src/core/probes/azure-error.js';
import { evaluateLoggingStatus } from '../../src/core/probes/logging-status.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { rawRequest } from '../emulator/emulator-clients.js';
import { ALEX, DEMO_FIXTURE, MEGAN } from '../helpers/demo-tenant.js';
import { example, specBody, startExampleServer, type ExampleServer } from './example-server.js';
import { shapeDrift } from './shape-drift.js';

const SUB = '00000000-0000-0000-0000-000000000000';
const list = specBody('keyvault-2026-02-01-listVaultBySubscription.json') as {
  value: Record<string, unknown>[];
  nextLink: string;
};
const getVault = specBody('keyvault-2026-02-01-getVault.json') as { id: string };
const withAcls = specBody('keyvault-2026-02-01-createVaultWithNetworkAcls.json') as { id: string };
const createVault = specBody('keyvault-2026-02-01-createVault.json');
const apAdd = specBody('keyvault-2026-02-01-updateAccessPoliciesAdd.json');
const raScope = specBody('authorization-2022-04-01-RoleAssignments_ListForScope.json');
const raRg = specBody('authorization-2022-04-01-RoleAssignments_ListForResourceGroup.json');
const roleDef = specBody('authorization-2022-04-01-GetRoleDefinitionByName.json');
const diag2017 = specBody('monitor-2017-05-01-preview-listDiagnosticSettings.json');
const diag2021 = specBody('monitor-2021-05-01-preview-listDiagnosticSettings.json');
const metric = specBody('monitor-2018-01-01-GetMetric.json');
const metricError = specBody('monitor-2018-01-01-GetMetricError.json');
const byIds = example('graph/directoryobject-getbyids.response.json');
const memberGroups = example('graph/directoryobject-getmembergroups.response.json') as { value: string[] };
const groups = example('graph/group-list.response.json') as { value: Record<string, unknown>[] };
const sps = example('graph/serviceprincipal-list.response.json') as { value: Record<string, unknown>[] };
const apps = example('graph/application-list.response.json') as { value: Record<string, unknown>[] };
const graphError = example('graph/error.example.json');

/** Every published vault body: a vault from the emulator must fit one of their shapes. */
const VAULTS = [getVault, withAcls, createVault, ...list.value];
/** Vault fields the 2026-02-01 specification defines that these examples happen not to show. */
const VAULT_SPEC_ONLY = [
  'properties.enableRbacAuthorization',
  'properties.softDeleteRetentionInDays',
  'properties.enablePurgeProtection',
  'properties.publicNetworkAccess',
  'tags.*',
];

let server: ExampleServer;
let emu: RunningEmulator;
let dir: AzureDirectory;

beforeAll(async () => {
  server = await startExampleServer();
  emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await emu?.close();
});
beforeEach(() => {
  server.routes.length = 0;
  server.seen.length = 0;
  dir = createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: [SUB],
    armEndpoint: server.url,
    graphEndpoint: server.url,
    tlsOptions: { ca: server.caPem },
    retryOptions: { maxRetries: 0 },
    callTimeoutInMs: 5000,
    sandbox: false,
  });
});

const emuGet = async (path: string) =>
  (await rawRequest(emu, 'GET', path, { headers: { authorization: 'Bearer t' } })).body;
const emuPost = async (path: string, body: unknown) =>
  (await rawRequest(emu, 'POST', path, { body, headers: { authorization: 'Bearer t' } })).body;
const SUB1 = '11111111-1111-4111-8111-111111111111';
const KV_PAYMENTS = `/subscriptions/${SUB1}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;
const KV_ORDERS = `/subscriptions/${SUB1}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders`;
const KV_SHARED_FW =
  '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared-fw';

describe('Key Vault (2026-02-01)', () => {
  it('listVaultBySubscription: the adapter maps the vault and follows the real nextLink to /resources verbatim', async () => {
    server.routes.push(
      { method: 'GET', path: /^\/subscriptions\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults$/, body: list },
      { method: 'GET', path: /^\/subscriptions\/[^/]+\/resources$/, body: { value: [] } },
    );
    const v = await dir.findVault('missing-vault');
    expect(v).toBeUndefined();
    const page2 = server.seen[1]!;
    expect(page2.path).toBe(`/subscriptions/${SUB}/resources`);
    expect(page2.query.get('$skiptoken')).toBe('dmF1bHQtcGVza3ktanVyeS03MzA3Ng==');
    expect(page2.query.get('api-version')).toBe('22026-02-01'); // the example's own typo, followed as given
    // The listing taught the adapter where sample-vault lives: it is now read with one GET.
    server.routes.unshift({ method: 'GET', path: /\/vaults\/sample-vault$/, body: list.value[0] });
    server.seen.length = 0;
    const found = await dir.findVault('Sample-Vault');
    expect(server.seen.map((s) => s.path)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault`,
    ]);
    expect(found).toMatchObject({
      name: 'sample-vault',
      subscriptionId: SUB,
      resourceGroup: 'sample-group',
      location: 'westus',
      tenantId: SUB,
      skuName: 'premium',
      enableRbacAuthorization: false,
      publicNetworkAccess: 'Enabled',
      privateEndpointCount: 0,
      tags: {},
      vaultUri: 'https://sample-vault.vault.azure.net/',
    });
    expect(found!.accessPolicies).toHaveLength(1);
    expect(found!.accessPolicies[0]!.permissions.secrets).toEqual([
      'get',
      'list',
      'set',
      'delete',
      'backup',
      'restore',
      'recover',
      'purge',
    ]);
    expect(found!.accessPolicies[0]!.permissions.keys).toContain('wrapKey');
  });

  it('getVault and createVaultWithNetworkAcls: absent optional fields map to Azure defaults, /32 rules and lower-cased subnets pass through', async () => {
    server.routes.push({
      method: 'GET',
      path: /\/vaults\/sample-vault$/,
      query: (q) => q.get('api-version') === '2026-02-01',
      body: getVault,
    });
    expect(await dir.getVault(getVault.id)).toMatchObject({
      name: 'sample-vault',
      resourceGroup: 'sample-resource-group',
      publicNetworkAccess: 'Enabled',
      enableRbacAuthorization: false,
      skuName: 'standard',
    });
    server.routes[0] = { method: 'GET', path: /\/vaults\/sample-vault$/, body: withAcls };
    const v = await dir.getVault(withAcls.id);
    expect(v.accessPolicies).toEqual([]);
    expect(v.networkAcls).toEqual({
      defaultAction: 'Deny',
      bypass: 'AzureServices',
      ipRules: ['124.56.78.91/32', "'10.91.4.0/24'"],
      virtualNetworkRules: [
        '/subscriptions/subid/resourcegroups/rg1/providers/microsoft.network/virtualnetworks/test-vnet/subnets/subnet1',
      ],
    });
  });

  it('updateAccessPolicy add: the adapter maps the returned list', async () => {
    server.routes.push({ method: 'PUT', path: /\/vaults\/sample-vault\/accessPolicies\/add$/, body: apAdd });
    const after = await dir.updateAccessPolicies(getVault.id, 'add', [
      { tenantId: SUB, objectId: SUB, permissions: { secrets: ['get'] } },
    ]);
    expect(after).toEqual([
      { tenantId: SUB, objectId: SUB, permissions: { keys: ['encrypt'], secrets: ['get'], certificates: ['get'] } },
    ]);
    expect(JSON.parse(server.seen[0]!.body)).toEqual({
      properties: { accessPolicies: [{ tenantId: SUB, objectId: SUB, permissions: { secrets: ['get'] } }] },
    });
  });

  it('the emulator answers vault GETs, lists and access-policy updates in the published shapes', async () => {
    const listed = (await emuGet(
      `/subscriptions/${SUB1}/providers/Microsoft.KeyVault/vaults?api-version=2026-02-01`,
    )) as { nextLink?: string };
    expect(
      shapeDrift(
        listed,
        [{ nextLink: list.nextLink, value: VAULTS }],
        VAULT_SPEC_ONLY.map((p) => `value[].${p}`),
      ),
    ).toEqual([]);
    expect(listed.nextLink).toMatch(
      new RegExp(`/subscriptions/${SUB1}/resources\\?api-version=2026-02-01&\\$skiptoken=`),
    );
    for (const id of [KV_PAYMENTS, KV_ORDERS, KV_SHARED_FW]) {
      expect(shapeDrift(await emuGet(`${id}?api-version=2026-02-01`), VAULTS, VAULT_SPEC_ONLY), id).toEqual([]);
    }
    const added = await rawRequest(emu, 'PUT', `${KV_PAYMENTS}/accessPolicies/add?api-version=2026-02-01`, {
      headers: { authorization: 'Bearer t' },
      body: {
        properties: {
          accessPolicies: [
            { tenantId: '00000000-0000-0000-0000-000000000001', objectId: ALEX, permissions: { secrets: ['list'] } },
          ],
        },
      },
    });
    expect(shapeDrift(added.body, [apAdd])).toEqual([]);
  });
});

describe('Authorization (2022-04-01)', () => {
  const ASSIGNMENT_SPEC_ONLY = [
    'value[].properties.description',
    'value[].properties.condition',
    'value[].properties.conditionVersion',
    'value[].properties.createdOn',
    'value[].properties.updatedOn',
    'value[].properties.createdBy',
    'value[].properties.updatedBy',
    'value[].properties.delegatedManagedIdentityResourceId',
    'nextLink',
  ];

  it('role assignments: the adapter maps the flattened properties', async () => {
    server.routes.push({ method: 'GET', path: /\/providers\/Microsoft\.Authorization\/roleAssignments$/, body: raRg });
    const out = await dir.listRoleAssignments(
      '/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg',
      { atScope: true, assignedTo: 'ce2ce14e-85d7-4629-bdbc-454d0519d987' },
    );
    expect(out).toEqual([
      {
        id: '/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747',
        name: 'b0f43c54-e787-4862-89b1-a653fa9cf747',
        scope: '/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2',
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d',
        principalId: 'ce2ce14e-85d7-4629-bdbc-454d0519d987',
        principalType: 'User',
      },
      {
        id: '/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg/providers/Microsoft.Authorization/roleAssignments/96786e4b-dede-4c2e-8736-8ab911987f08',
        name: '96786e4b-dede-4c2e-8736-8ab911987f08',
        scope: '/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg',
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d',
        principalId: 'ce2ce14e-85d7-4629-bdbc-454d0519d987',
        principalType: 'User',
      },
    ]);
    expect(server.seen[0]!.query.get('$filter')).toBe(
      "atScope() and assignedTo('ce2ce14e-85d7-4629-bdbc-454d0519d987')",
    );
  });

  it('role definition by id: the adapter maps name, type and permissions', async () => {
    server.routes.push({
      method: 'GET',
      path: /\/providers\/Microsoft\.Authorization\/roleDefinitions\/roleDefinitionId$/,
      body: roleDef,
    });
    expect(
      await dir.getRoleDefinition(
        '/subscriptions/subID/providers/Microsoft.Authorization/roleDefinitions/roleDefinitionId',
      ),
    ).toEqual({
      id: '/subscriptions/subID/providers/Microsoft.Authorization/roleDefinitions/roleDefinitionId',
      name: 'roleDefinitionId',
      roleName: 'Role name',
      roleType: 'roletype',
      permissions: [{ actions: ['action'], notActions: [], dataActions: ['dataAction'], notDataActions: [] }],
      assignableScopes: ['/subscriptions/subId'],
    });
  });

  it('the emulator answers role assignments and definitions in the published shapes', async () => {
    const ras = await emuGet(
      `/subscriptions/${SUB1}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`assignedTo('${MEGAN}')`)}`,
    );
    expect((ras as { value: unknown[] }).value.length).toBeGreaterThan(0);
    expect(shapeDrift(ras, [raScope, raRg], ASSIGNMENT_SPEC_ONLY)).toEqual([]);
    const rd = await emuGet(
      `/subscriptions/${SUB1}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6?api-version=2022-04-01`,
    );
    expect(
      shapeDrift(
        rd,
        [roleDef],
        [
          'properties.createdOn',
          'properties.updatedOn',
          'properties.createdBy',
          'properties.updatedBy',
          'properties.permissions[].condition',
          'properties.permissions[].conditionVersion',
        ],
      ),
    ).toEqual([]);
  });
});

describe('Diagnostic settings', () => {
  it('the adapter reads at 2021-05-01-preview, so the allLogs group of the published example counts as audit logging', async () => {
    server.routes.push(
      {
        method: 'GET',
        path: /\/providers\/Microsoft\.Insights\/diagnosticSettings$/,
        query: (q) => q.get('api-version') === '2021-05-01-preview',
        body: diag2021,
      },
      {
        method: 'GET',
        path: /\/providers\/Microsoft\.Insights\/diagnosticSettings$/,
        query: (q) => q.get('api-version') === '2017-05-01-preview',
        body: diag2017,
      },
    );
    const settings = await dir.listDiagnosticSettings(getVault.id);
    expect(settings).toEqual([
      {
        id: '/subscriptions/1a66ce04-b633-4a0b-b2bc-a912ec8986a6/resourcegroups/viruela1/providers/microsoft.logic/workflows/viruela6/providers/microsoft.insights/diagnosticSettings/mysetting',
        name: 'mysetting',
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [{ category: 'WorkflowMetrics', enabled: true }],
        storageAccountId:
          '/subscriptions/df602c9c-7aa0-407d-a6fb-eb20c8bd1192/resourceGroups/apptest/providers/Microsoft.Storage/storageAccounts/appteststorage1',
        eventHubAuthorizationRuleId:
          '/subscriptions/b67f7fec-69fc-4974-9099-a26bd6ffeda3/resourceGroups/andy1101/providers/Microsoft.EventHub/namespaces/andy1101/authorizationrules/RootManageSharedAccessKey',
      },
    ]);
    expect(server.seen.map((s) => s.query.get('api-version'))).toEqual(['2021-05-01-preview']);
    expect(evaluateLoggingStatus({ name: 'sample-vault' } as never, settings)).toMatchObject({
      verdict: 'allowed',
      fixes: [],
    });
  });

  it('at 2017-05-01-preview a plain category maps, and the empty workspaceId is no destination', async () => {
    const { mapDiagnosticSetting } = await import('../../src/adapters/azure/map-diagnostic-setting.js');
    const s = mapDiagnosticSetting((diag2017 as { value: unknown[] }).value[0]);
    expect(s).toMatchObject({ name: 'mysetting', logs: [{ category: 'WorkflowRuntime', enabled: true }] });
    expect(s).not.toHaveProperty('workspaceId');
  });

  it("the emulator answers each api-version in that version's published shape", async () => {
    const path = `${KV_ORDERS}/providers/Microsoft.Insights/diagnosticSettings`;
    // A setting that selects a category group, next to kv-orders' AuditEvent one.
    const put = await rawRequest(emu, 'PUT', `${path}/contract-groups?api-version=2021-05-01-preview`, {
      headers: { authorization: 'Bearer t' },
      body: {
        properties: {
          workspaceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
          logs: [{ categoryGroup: 'audit', enabled: true }],
        },
      },
    });
    expect(put.status).toBe(200);
    const specOnly = ['value[].properties.logAnalyticsDestinationType', 'value[].properties.eventHubName'];
    expect(shapeDrift(await emuGet(`${path}?api-version=2017-05-01-preview`), [diag2017], specOnly)).toEqual([]);
    expect(shapeDrift(await emuGet(`${path}?api-version=2021-05-01-preview`), [diag2021, diag2017], specOnly)).toEqual(
      [],
    );
  });
});

describe('Metrics (2018-01-01)', () => {
  it('the adapter maps series, dimensions and points of GetMetric', async () => {
    server.routes.push({ method: 'GET', path: /\/providers\/Microsoft\.Insights\/metrics$/, body: metric });
    const [m] = await dir.getMetrics(getVault.id, {
      metricNames: ['BlobCapacity'],
      timespan: '2017-04-14T02:20:00Z/2017-04-14T04:20:00Z',
      interval: 'PT1M',
      aggregation: 'average,count',
      filter: "BlobType eq '*'",
    });
    expect(m).toMatchObject({ name: 'BlobCapacity', unit: 'Bytes' });
    expect(m!.error).toBeUndefined();
    expect(m!.series.length).toBeGreaterThan(0);
    expect(Object.keys(m!.series[0]!.dimensions)).toEqual(['blobtype']);
    expect(m!.series[0]!.points[0]).toHaveProperty('timeStamp');
  });

  it("the adapter keeps GetMetricError's per-metric errorCode and errorMessage", async () => {
    server.routes.push({ method: 'GET', path: /\/providers\/Microsoft\.Insights\/metrics$/, body: metricError });
    const [failed, ok] = await dir.getMetrics(getVault.id, {
      metricNames: ['MongoRequestsCount', 'MongoRequests'],
      timespan: 'P1D',
      interval: 'PT1H',
      aggregation: 'average',
    });
    expect(failed).toEqual({
      name: 'MongoRequestsCount',
      unit: 'CountPerSecond',
      series: [],
      error: {
        code: 'InvalidSamplingType',
        message:
          'Sampling type is not found. Metric:CosmosDBCustomer,AzureMonitor,MongoRequests, SamplingType:NullableAverage.',
      },
    });
    expect(ok!.error).toBeUndefined();
  });

  it('the emulator answers metrics in the published shape', async () => {
    const end = new Date();
    const timespan = `${new Date(end.getTime() - 24 * 3600e3).toISOString()}/${end.toISOString()}`;
    const res = await emuGet(
      `${KV_PAYMENTS}/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=ServiceApiResult,Availability&timespan=${timespan}&interval=PT1H&aggregation=count,average&$filter=${encodeURIComponent("StatusCode eq '*'")}`,
    );
    expect(shapeDrift(res, [metric, metricError])).toEqual([]);
  });
});

describe('Microsoft Graph v1.0', () => {
  it('getByIds: the adapter maps typed objects as the reference shows them', async () => {
    server.routes.push({ method: 'POST', path: /^\/v1\.0\/directoryObjects\/getByIds$/, body: byIds });
    const objects = await dir.getDirectoryObjects(['84b80893-8749-40a3-97b7-68513b600544']);
    expect(objects).toEqual([
      { id: '84b80893-8749-40a3-97b7-68513b600544', type: 'user', displayName: 'Trevor Jones' },
      { id: '84b80893-8749-40a3-97b7-68513b600544', type: 'user', displayName: 'Billy Smith' },
    ]);
  });

  it('getMemberGroups, groups and service principals by filter map as the reference shows them', async () => {
    server.routes.push(
      { method: 'POST', path: /\/getMemberGroups$/, body: memberGroups },
      { method: 'GET', path: /^\/v1\.0\/groups$/, body: groups },
      { method: 'GET', path: /^\/v1\.0\/servicePrincipals$/, body: sps },
    );
    expect(await dir.getMemberGroups('84b80893-8749-40a3-97b7-68513b600544')).toEqual(memberGroups.value);
    expect(
      (await dir.findGroupsByName('Golf Assist')).map((g) => [g.id, g.type, g.displayName, g.securityEnabled]),
    ).toEqual([
      ['45b7d2e7-b882-4a80-ba97-10b7a63b8fa4', 'group', 'Golf Assist', false],
      ['d7797254-3084-44d0-99c9-a3b5ab149538', 'group', 'Golf Discussion', false],
    ]);
    expect(await dir.findServicePrincipalByAppId('65415bb1-9267-4313-bbf5-ae259732ee12')).toEqual({
      id: '59e617e5-e447-4adc-8b88-00af644d7c92',
      type: 'servicePrincipal',
      displayName: 'foo',
      appId: '65415bb1-9267-4313-bbf5-ae259732ee12',
    });
  });

  it("Graph's error envelope becomes an AzureAccessError with its code", async () => {
    server.routes.push({ method: 'POST', path: /\/getMemberGroups$/, status: 400, body: graphError });
    const e = await dir.getMemberGroups('84b80893-8749-40a3-97b7-68513b600544').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AzureAccessError);
    expect(e).toMatchObject({
      kind: 'bad-request',
      message: 'Uploaded fragment overlaps with existing data.',
      details: { code: 'invalidRange', statusCode: 400 },
    });
  });

  it("the emulator answers Graph in the reference's shapes", async () => {
    // Fields of the v1.0 user / servicePrincipal resources that these response blocks do not show.
    const GRAPH_SPEC_ONLY = [
      'value[].userPrincipalName',
      'value[].servicePrincipalType',
      'value[].securityEnabled',
      'value[].appId',
      'value[].givenName',
      'value[].surname',
      'value[].jobTitle',
      'value[].mail',
      'value[].alternativeNames',
    ];
    const ids = await emuPost('/v1.0/directoryObjects/getByIds', {
      ids: [ALEX, MEGAN, 'a1000000-0000-4000-8000-000000000001', 'd1000000-0000-4000-8000-000000000001'],
    });
    expect(shapeDrift(ids, [byIds, groups, sps], GRAPH_SPEC_ONLY)).toEqual([]);
    expect(
      shapeDrift(await emuPost(`/v1.0/directoryObjects/${ALEX}/getMemberGroups`, { securityEnabledOnly: true }), [
        memberGroups,
      ]),
    ).toEqual([]);
    expect(
      shapeDrift(
        await emuGet(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Payments Readers'")}`),
        [groups],
        ['@odata.nextLink'],
      ),
    ).toEqual([]);
    expect(
      shapeDrift(
        await emuGet(
          `/v1.0/servicePrincipals?$filter=${encodeURIComponent("appId eq 'c2000000-0000-4000-8000-000000000001'")}`,
        ),
        [sps],
        ['@odata.context', 'value[].servicePrincipalType', 'value[].alternativeNames', '@odata.nextLink'],
      ),
    ).toEqual([]);
    expect(shapeDrift(await emuGet('/v1.0/applications'), [apps], ['value[].id', '@odata.nextLink'])).toEqual([]);
    const missing = await rawRequest(emu, 'GET', '/v1.0/groups/a1000000-0000-4000-8000-0000000000ff', {
      headers: { authorization: 'Bearer t' },
    });
    expect(shapeDrift(missing.body, [graphError], ['error.innerError.client-request-id'])).toEqual([]);
  });
});
