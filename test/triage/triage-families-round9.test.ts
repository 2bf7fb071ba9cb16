/**
 * Triage round 9: one test per family widened for blind5's misses (test/real-world/
 * blind5-error-pastes.jsonl, scored once before the change: kind 20/26, fields 17/18). Each family is
 * tested in the wrappers that print it (SDK exceptions, CLIs, Terraform, pipeline and JSON logs), with
 * near misses that must keep their reading. Every text here is a SYNTHETIC variant written for the
 * test; the real pastes are in the blind5 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';
import { pasteVariants, WRAPPERS, type ErrorParts } from './wrappers.js';

/** Every named wrapper of one service error, with its name for the failure message. */
const wrapped = (parts: ErrorParts): [string, string][] =>
  Object.entries(WRAPPERS).map(([name, wrap]) => [name, wrap(parts)]);

describe('synthetic variants: purge protection refuses a purge, whoever asks', () => {
  it.each([403, 409])(
    'reads the data plane refusal (status %i) in every wrapper, with its vault and region',
    (status) => {
      const message =
        'Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.\r\nVault: kv-orders;location=northeurope';
      for (const [wrapper, text] of wrapped({ status, code: status === 403 ? 'Forbidden' : 'Conflict', message })) {
        const r = triageError(text);
        expect(r, wrapper).toMatchObject({
          kind: 'operation-not-permitted',
          signal: 'purge-protection',
          confidence: 'high',
          fields: { vault: 'kv-orders', region: 'northeurope' },
          probe: null,
        });
        expect(r.summary, wrapper).toContain('purge protection');
        // No permission would help, so none is reported as missing.
        expect(r.fields.permission, wrapper).toBeUndefined();
      }
    },
  );

  it.each([
    "(MethodNotAllowed) Operation 'DeletedVaultPurge' is not allowed.\nCode: MethodNotAllowed\nMessage: Operation 'DeletedVaultPurge' is not allowed.",
    "Remove-AzKeyVault : Operation 'DeletedVaultPurge' is not allowed.\nAt line:1 char:1\n+ Remove-AzKeyVault -VaultName kv-old -InRemovedState -Force",
    'Error: purging Key Vault "kv-old": keyvault.VaultsClient#PurgeDeleted: Failure sending request: StatusCode=405 -- Original Error: Code="MethodNotAllowed" Message="Operation \'DeletedVaultPurge\' is not allowed."',
    'level=warning msg="cannot purge secret db-password because purge protection is enabled on the vault"',
    '##[warning]Could not purge certificate web-tls: the operation failed because purge protection is enabled.',
  ])('reads a deleted vault purge or a tool’s own words as purge protection: %s', (text) =>
    everyVariantIs(text, 'operation-not-permitted', 'purge-protection'),
  );

  it('keeps a purge the access policy does not grant, and purge protection merely mentioned, as they were', () => {
    expect(
      triageError(
        'Operation is not allowed.\r\nOperation: "purge"\r\nCaller: appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a\r\nVault: kv-a;location=eastus',
      ).signal,
    ).toBe('operation-not-allowed-by-policy');
    expect(
      triageError(
        "The user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' does not have secrets purge permission on key vault 'kv-a;location=eastus'.",
      ).kind,
    ).toBe('access-policy-permission');
    for (const text of [
      'Purge protection is enabled on this vault.',
      '(BadRequest) The property "enablePurgeProtection" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.',
      "Operation 'DeleteVault' completed.",
    ])
      expect(triageError(text).signal, text).not.toBe('purge-protection');
  });

  it('reads an operation name in quotes in the disabled-object and key-operation wordings', () => {
    expect(triageError('Operation "get" is not allowed on a disabled secret.').fields).toMatchObject({
      category: 'secrets',
      permission: 'get',
    });
    expect(triageError("Operation 'sign' is not permitted on this key.").kind).toBe('operation-not-permitted');
  });
});

describe('synthetic variants: an object being deleted or recovered right now', () => {
  it.each([
    ['with its inner code', 'Key is currently being deleted.', 'ObjectIsBeingDeleted', 'key', undefined],
    [
      'without an inner code',
      'Secret db-password is currently being recovered and cannot be re-created; retry later.',
      undefined,
      'secret',
      'db-password',
    ],
  ] as const)('reads it as not-found (a soft-delete state), %s, in every wrapper', (_n, message, inner, type, name) => {
    for (const [wrapper, text] of wrapped({ status: 409, code: 'Conflict', message, ...(inner ? { inner } : {}) })) {
      const r = triageError(text);
      expect(r, wrapper).toMatchObject({
        kind: 'not-found',
        signal: 'soft-delete-in-progress',
        fields: { objectType: type },
        answer: null,
        probe: null,
      });
      if (name) expect(r.fields.objectName, wrapper).toBe(name);
      expect(r.fields.softDeleted, wrapper).toBeUndefined();
      expect(r.summary, wrapper).toContain('right now');
    }
  });

  it.each([
    'HTTP/1.1 409 Conflict\nX-Ms-Keyvault-Region: westus2\n\n{"error":{"code":"Conflict","message":"Certificate is currently being deleted.","innererror":{"code":"ObjectIsBeingDeleted"}}}',
    'PUT https://kv-a.vault.azure.net/secrets/api-key failed: 409 Conflict (ObjectIsBeingRecovered)',
  ])('reads a logged response as not-found: %s', (text) =>
    everyVariantIs(text, 'not-found', 'soft-delete-in-progress'),
  );

  it('leaves other resources being deleted, and a deleted-but-recoverable object, as they were', () => {
    for (const text of [
      "(Conflict) The resource group 'rg-app' is currently being deleted.",
      'Deployment failed: the namespace is currently being deleted.',
      'The certificate order is currently being processed.',
    ])
      expect(triageError(text).kind, text).toBe('unrecognised');
    expect(
      triageError(
        'Secret db-password is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.',
      ),
    ).toMatchObject({ kind: 'not-found', signal: 'not-found', fields: { softDeleted: true } });
  });
});

describe('synthetic variants: a client tool says the vault refused the operation, in its own words', () => {
  it.each([
    'Operation to vault denied. Sign in again with an account that has access.',
    "Request to key vault 'kv-payments' was denied.",
    'ERROR: call to the Azure Key Vault https://kv-a.vault.azure.net/ was refused',
    'Key Vault rejected the request for secret db-pw',
    'secret fetch failed: request denied by Azure Key Vault',
  ])('classifies %s as forbidden-unspecified', (text) =>
    everyVariantIs(text, 'forbidden-unspecified', 'client-reports-vault-denied'),
  );

  it('reads it inside a .NET stack trace and a PowerShell error record', () => {
    for (const text of [
      'System.UnauthorizedAccessException: Operation to vault denied.\r\n   at VaultBrowser.Vaults.ListSecretsAsync(String vaultName)\r\n   at VaultBrowser.MainForm.RefreshAsync()',
      "Get-VaultSecret : Request to key vault 'kv-a' was denied.\nAt line:1 char:1\n+ Get-VaultSecret -Vault kv-a -Name db-pw\n    + CategoryInfo          : PermissionDenied",
    ])
      expect(triageError(text).kind, text).toBe('forbidden-unspecified');
  });

  it('leaves HashiCorp Vault, other vaults and unrelated denials alone', () => {
    for (const text of [
      'Error making API request.\n\nURL: GET https://vault.example.com/v1/secret/data/app\nCode: 403. Errors:\n\n* permission denied',
      'request to vault was denied: check VAULT_TOKEN and VAULT_ADDR',
      'Operation to vault denied (X-Vault-Request: true)',
      'Request to the registry was denied.',
      'access to vault storage bucket: permission granted',
    ])
      expect(triageError(text).kind, text).not.toBe('forbidden-unspecified');
  });
});

describe('synthetic variants: the Azure CLI refuses to issue a token', () => {
  it.each([
    "ERROR: Tenant shouldn't be specified for managed identity account",
    "ERROR: Tenant shouldn't be specified for Cloud Shell account",
    'ERROR: Tenant should not be specified for MSI account',
    "azure.core.exceptions.ClientAuthenticationError: ERROR: Tenant shouldn't be specified for managed identity account",
    "AzureCLICredential: ERROR: Tenant shouldn't be specified for managed identity account",
    'azure.core.exceptions.ClientAuthenticationError: ERROR: The command failed with an unexpected error. Here is the traceback:',
  ])('reads %s as sign-in-failed', (text) => everyVariantIs(text, 'sign-in-failed'));

  it('reads it inside a Python traceback and a Terraform box', () => {
    for (const text of [
      'Traceback (most recent call last):\n  File "app.py", line 9, in <module>\n    client.get_secret("db-pw")\n  File "/usr/lib/python3/site-packages/azure/identity/_credentials/azure_cli.py", line 120, in get_token\nazure.core.exceptions.ClientAuthenticationError: ERROR: Tenant shouldn\'t be specified for managed identity account',
      '╷\n│ Error: building account: could not acquire access token to parse claims: running Azure CLI: exit status 1: ERROR: Tenant shouldn\'t be specified for managed identity account\n│\n│   with provider["registry.terraform.io/hashicorp/azurerm"],\n╵',
    ])
      expect(triageError(text).kind, text).toBe('sign-in-failed');
  });

  it("keeps a vault's 401 through Python's ClientAuthenticationError as the vault's", () => {
    expect(
      triageError(
        'azure.core.exceptions.ClientAuthenticationError: (Unauthorized) AKV10000: Request is missing a Bearer or PoP token.',
      ).kind,
    ).toBe('token-missing');
    expect(
      triageError(
        "azure.core.exceptions.ClientAuthenticationError: Operation returned an invalid status 'Unauthorized'",
      ).kind,
    ).toBe('token-missing');
  });
});

describe('synthetic variants: the tenant of the Entra token endpoint a failed sign-in called', () => {
  const tenant = '4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8';
  it.each([
    `failed to acquire token: FromAssertion(): http call(https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token)(POST) error: reply status code was 400: {"error":"invalid_client","error_codes":[700024]}`,
    `MSAL.NetCore.4.61.0 Error: POST https://login.microsoftonline.us/${tenant}/oauth2/v2.0/token returned 401 invalid_client AADSTS7000215: Invalid client secret provided.`,
    `DEBUG: Request POST https://login.windows.net/${tenant}/oauth2/token\nERROR: AADSTS50173: The provided grant has expired due to it being revoked.`,
    `adal-go: Refresh request failed. Status Code = '400'. Response body: {"error":"invalid_grant"} Endpoint https://login.chinacloudapi.cn/${tenant}/oauth2/token`,
  ])('reads the tenant of %s', (text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r.kind, variant).toBe('sign-in-failed');
      expect(r.fields.tenantId, variant).toBe(tenant);
    }
  });

  it('takes no tenant from common / organizations or a placeholder, and lets the vault’s caller segment win', () => {
    for (const slot of ['common', 'organizations', '<tenant-id>', '{tenant}', 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'])
      expect(
        triageError(`POST https://login.microsoftonline.com/${slot}/oauth2/v2.0/token failed: AADSTS700016`).fields
          .tenantId,
        slot,
      ).toBeUndefined();
    const both = triageError(
      `token from https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token\nThe user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/11111111-2222-4333-8444-555555555555/' does not have secrets get permission on key vault 'kv-a;location=eastus'.`,
    );
    expect(both.fields.tenantId).toBe('11111111-2222-4333-8444-555555555555');
    // An issuer or an authority without the oauth2 path is not a token endpoint.
    expect(triageError(`AADSTS700016: issuer https://login.microsoftonline.com/${tenant}/v2.0`).fields.tenantId).toBe(
      undefined,
    );
  });
});

describe('synthetic variants: another Azure service’s 403 named by its client library or its own words', () => {
  it.each([
    'Azure.Data.AppConfiguration: Service request failed.\nStatus: 403 (Forbidden)\n\nHeaders:\nServer: openresty',
    'Azure.RequestFailedException: Service request failed.\nStatus: 403 (Forbidden)\n   at Azure.Data.AppConfiguration.ConfigurationClient.GetConfigurationSettingAsync(String key)',
    'com.azure.core.exception.HttpResponseException: Status code 403, (empty body)\n\tat com.azure.data.appconfiguration.implementation.ConfigurationClientImpl.getKeyValue',
    'azure.core.exceptions.HttpResponseError: Operation returned an invalid status \'Forbidden\'\n  File "/site-packages/azure/appconfiguration/_azure_appconfiguration_client.py", line 318',
    'RestError: Forbidden\n {\n  "statusCode": 403\n}\n    at AppConfigurationClient.getConfigurationSetting (node_modules/@azure/app-configuration/dist/index.js:1021:13)',
    '> Microsoft.Azure.Cosmos.CosmosException : Response status code does not indicate success: Forbidden (403); Substatus: 0; ActivityId: 0f4c7a1e-1111-4222-8333-444455556666; Reason: (Request blocked by network firewall.)',
    'azure.cosmos.exceptions.CosmosHttpResponseError: (Forbidden) Request originated from IP 203.0.113.7 through public internet. This is blocked by your Cosmos DB account firewall settings.',
  ])('reads %s as another service’s error', (text) => {
    const r = triageError(text);
    expect(r, text).toMatchObject({ kind: 'unrecognised', signal: 'other-azure-service', probe: null });
  });

  it('keeps a Key Vault error met inside those services’ clients as the vault’s', () => {
    expect(
      triageError(
        'Microsoft.Extensions.Configuration.AzureAppConfiguration.KeyVaultReferenceException: Service request failed.\nStatus: 403 (Forbidden)\n   at Azure.Data.AppConfiguration.ConfigurationClient.GetAsync()\n   (https://kv-app.vault.azure.net/secrets/db-pw)',
      ).kind,
    ).toBe('forbidden-unspecified');
    expect(
      triageError(
        "Cosmos DB account encryption: the user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b' does not have keys wrapKey permission on key vault 'kv-cmk;location=eastus'.",
      ).kind,
    ).toBe('access-policy-permission');
    // A bare 403 with nothing naming a service keeps its reading.
    expect(triageError("Operation returned an invalid status code 'Forbidden'").kind).toBe('forbidden-unspecified');
  });
});
