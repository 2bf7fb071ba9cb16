import { RestError, createHttpHeaders } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { roleAssignmentFilter } from '../../../src/adapters/azure/index.js';
import { retryAfterInMs, toAzureAccessError } from '../../../src/adapters/azure/map-azure-error.js';
import { mapVault } from '../../../src/adapters/azure/map-vault.js';

function rest(statusCode: number | undefined, code?: string, headers: Record<string, string> = {}): RestError {
  const request = { url: 'https://x', headers: createHttpHeaders() } as never;
  return new RestError('boom', {
    code,
    statusCode,
    request,
    response: statusCode ? ({ status: statusCode, headers: createHttpHeaders(headers), request } as never) : undefined,
  });
}

function named(name: string): Error {
  const e = new Error(name);
  e.name = name;
  return e;
}

describe('toAzureAccessError', () => {
  it.each([
    [rest(401, 'InvalidAuthenticationToken'), 'unauthenticated'],
    [rest(403, 'AuthorizationFailed'), 'forbidden'],
    [rest(404, 'ResourceNotFound'), 'not-found'],
    [rest(409, 'RoleAssignmentExists'), 'conflict'],
    [rest(400, 'InvalidApiVersionParameter'), 'bad-request'],
    [rest(429, 'TooManyRequests'), 'throttled'],
    [rest(500, 'InternalServerError'), 'unavailable'],
    [rest(503), 'unavailable'],
    [rest(undefined, 'ECONNREFUSED'), 'unavailable'],
    [rest(undefined, 'ECONNRESET'), 'unavailable'],
    [rest(undefined, 'PARSE_ERROR'), 'invalid-response'],
    [named('AggregateAuthenticationError'), 'unauthenticated'],
    [named('CredentialUnavailableError'), 'unauthenticated'],
    [named('AbortError'), 'timeout'],
    [new TypeError("Cannot read properties of undefined (reading 'tenantId')"), 'invalid-response'],
  ])('%s → %s', (error, kind) => {
    const e = toAzureAccessError(error, 'vaults.get');
    expect(e.kind).toBe(kind);
    expect(e.details.operation).toBe('vaults.get');
    expect(e.cause).toBe(error);
  });

  it('carries status, code and Retry-After of a throttled call', () => {
    const e = toAzureAccessError(rest(429, 'TooManyRequests', { 'retry-after': '7' }), 'metrics.list');
    expect(e.details).toMatchObject({ statusCode: 429, code: 'TooManyRequests', retryAfterInMs: 7000 });
  });

  it('reads the millisecond retry headers first', () => {
    expect(retryAfterInMs(createHttpHeaders({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterInMs(createHttpHeaders({}))).toBeUndefined();
  });
});

describe('role assignment filters', () => {
  it('builds ARM $filter syntax', () => {
    expect(roleAssignmentFilter({ atScope: true, assignedTo: 'abc' })).toBe("atScope() and assignedTo('abc')");
    expect(roleAssignmentFilter({ principalId: "o'x" })).toBe("principalId eq 'o''x'");
    expect(roleAssignmentFilter({})).toBeUndefined();
  });
});

describe('mapVault', () => {
  it('counts only approved private endpoints and normalises network settings', () => {
    const v = mapVault({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
      name: 'kv',
      location: 'westeurope',
      properties: {
        tenantId: 't',
        sku: { family: 'A', name: 'premium' },
        publicNetworkAccess: 'disabled',
        networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [{ value: '1.2.3.4' }] },
        privateEndpointConnections: [
          { privateLinkServiceConnectionState: { status: 'Approved' } },
          { privateLinkServiceConnectionState: { status: 'Pending' } },
        ],
      },
    } as never);
    expect(v).toMatchObject({
      subscriptionId: 's',
      resourceGroup: 'rg',
      publicNetworkAccess: 'Disabled',
      privateEndpointCount: 1,
      skuName: 'premium',
      enableRbacAuthorization: false,
      accessPolicies: [],
    });
    expect(v.networkAcls).toEqual({
      defaultAction: 'Deny',
      bypass: 'None',
      ipRules: ['1.2.3.4'],
      virtualNetworkRules: [],
    });
  });
});
