/**
 * Triage round 10: one test per family widened for blind7's misses (test/real-world/
 * blind7-error-pastes.jsonl, scored once before the change: kind 13/18, fields 7/7). Each family is
 * tested in a few of the wrappers that print it, with near misses that must keep their reading. Every
 * text here is a SYNTHETIC variant written for the test; the real pastes are in the blind7 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe('synthetic variants: Azure Resource Manager refusing or throttling another provider', () => {
  it.each([
    // Go SDK (azcore) response dump: a storage account read refused.
    'failed to list keys: GET https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg-backup/providers/Microsoft.Storage/storageAccounts/stbackup01/listKeys\n--------------------------------------------------------------------------------\nRESPONSE 403: 403 Forbidden\nERROR CODE: AuthorizationFailed',
    // The same dump for a cost query that was throttled.
    'WARN failed to query costs: POST https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/providers/Microsoft.CostManagement/query?api-version=2023-03-01\nRESPONSE 429: 429 Too Many Requests\nERROR CODE: 429\n{"error":{"code":"429","message":"Too many requests. Please retry."}}',
    // A Python log line with the URL and a bare status.
    'HttpResponseError: (TooManyRequests) Too many requests, retry after 30 seconds. url: https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines?api-version=2024-03-01',
    // Azure China's ARM host.
    'Status=403 Code="Forbidden" for https://management.chinacloudapi.cn/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/providers/Microsoft.Web/sites?api-version=2022-03-01',
  ])('reads a refusal or a 429 for another provider as not a Key Vault error: %s', (text) =>
    everyVariantIs(text, 'unrecognised', 'arm-other-provider'),
  );

  it('explains it as another resource provider’s error', () => {
    const r = triageError(
      'GET https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1\nRESPONSE 403: 403 Forbidden',
    );
    expect(r.summary).toContain('Not a Key Vault error');
    expect(r.probe).toBeNull();
  });

  it('keeps Key Vault’s own ARM calls, role assignments and texts that name a vault as they were', () => {
    // The vault's own management endpoint throttled: Key Vault's 429.
    expect(
      triageError(
        'PUT https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-orders?api-version=2023-07-01\nRESPONSE 429: 429 Too Many Requests',
      ).kind,
    ).toBe('throttled');
    // A text that names Key Vault besides another provider's URL is not vetoed by this row.
    expect(
      triageError(
        "Deployment failed. GET https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Web/sites/app1\nThe user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' does not have secrets get permission on key vault 'kv-web;location=westeurope'.",
      ).kind,
    ).toBe('access-policy-permission');
    // A failed token refresh before an ARM call is a failed sign-in, whatever the resource.
    expect(
      triageError(
        "azure.BearerAuthorizer#WithAuthorization: Failed to refresh the Token for request to https://management.azure.com/subscriptions/1b2c3d4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1/listKeys?api-version=2019-06-01: StatusCode=400 -- Original Error: adal: Refresh request failed. Status Code = '400'.",
      ).kind,
    ).toBe('sign-in-failed');
  });
});

describe('synthetic variants: a client that gave up and asks to flush the DNS cache', () => {
  it.each([
    'Could not connect to the vault after 3 attempts. The vault may not exist or you may need to flush your DNS cache and try again.',
    'ERROR: Max retries exceeded while connecting to kv-orders. Check the name, or flush the DNS cache and retry.',
  ])('reads it as name-resolution: %s', (text) => everyVariantIs(text, 'name-resolution', 'name-resolution'));
});

describe('synthetic variants: a tool that cannot find a named object in Key Vault', () => {
  it.each([
    '[ERROR] Cannot find Sql-AdminPassword in Azure KeyVault.',
    "Unable to find 'deploy_cert_2024' in the Key Vault; run the setup step first.",
    'Could not find db.conn-string in your key vault',
  ])('reads it as not-found: %s', (text) => everyVariantIs(text, 'not-found'));

  it('keeps a person who cannot see the secrets out of not-found', () => {
    for (const text of [
      'I cannot find secrets in Azure Key Vault after the migration, why?',
      'Unable to find anything in the key vault, the portal shows nothing',
    ])
      expect(triageError(text).kind, text).not.toBe('not-found');
  });
});

describe("synthetic variants: a token endpoint answering an HTTP client's request with 4xx/5xx", () => {
  it.each([
    '400 Client Error: Bad Request for url: http://localhost:50342/oauth2/token',
    'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    'File "site-packages/msrestazure/azure_active_directory.py", line 486, in get_msi_token\n    result.raise_for_status()',
  ])('reads it as sign-in-failed: %s', (text) => everyVariantIs(text, 'sign-in-failed'));

  it('keeps a 4xx for a vault URL as a vault error', () => {
    expect(
      triageError('403 Client Error: Forbidden for url: https://kv-orders.vault.azure.net/secrets/db?api-version=7.4')
        .kind,
    ).not.toBe('sign-in-failed');
  });
});
