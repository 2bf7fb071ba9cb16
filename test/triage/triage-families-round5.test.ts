/**
 * Issue 8, triage round 5: one test per family of the blind set's misses. Every text here is a
 * SYNTHETIC variant written for the test (other SDKs', services' and tools' wording of the same
 * condition, in the wrappers people paste it in); the real pastes are in the paste sets.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { pasteVariants } from './wrappers.js';

describe('synthetic variants: a service that reads Key Vault for the user reports a denial without the reason', () => {
  it.each([
    "Access denied for KeyVault Certificate 'https://kv-gw-certs.vault.azure.net/secrets/wildcard' for Application Gateway 'agw-prod'. Make sure that Identity assigned to Application Gateway has access to the KeyVault associated with secret.",
    '##[error]kv-pipeline-01: "Access denied. The specified Azure service connection needs to have Get, List secret management permissions on the selected key vault."',
    'Secret scope creation failed: Databricks could not access keyvault: https://kv-dbx-scope.vault.azure.net/',
    'The key vault doesn\'t allow access to the managed identity "id-appgw".',
    'Permission denied while reading KeyVault secret db-password for linked service LS_SQL.',
    "The service principal 'frontdoor-cdn' does not have access to Key Vault kv-fd-certs.",
  ])('classifies %s as forbidden-unspecified in every wrapper', (text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r.kind, variant).toBe('forbidden-unspecified');
      expect(r.signal, variant).toBe('service-reports-vault-denied');
      expect(r.probe?.name, variant).toBe('permission-check');
      expect(r.summary, variant).toContain('without saying why');
    }
  });

  it("keeps the vault's own reason when an Azure DevOps log quotes it before its own sentence", () => {
    const r = triageError(
      '##[error]\nsecret-a: "Caller is not authorized to perform action on resource.\\r\\nAction: \'Microsoft.KeyVault/vaults/secrets/getSecret/action\'\\r\\nVault: kv-ado-rbac;location=westus2\\r\\n. The specified Azure service connection needs to have Get, List secret management permissions on the selected key vault."',
    );
    expect(r).toMatchObject({ kind: 'rbac-denied', fields: { vault: 'kv-ado-rbac', region: 'westus2' } });
  });

  it('does not take a sentence about key vault that denies nothing', () => {
    expect(triageError('How do I give the Application Gateway access to my key vault certificate?').kind).toBe(
      'unrecognised',
    );
  });
});

describe('synthetic variants: the managed identity endpoint refused the token request', () => {
  it.each([
    '{"error":"invalid_request","error_description":"Identity not found"}',
    'Invoke-RestMethod : {"error":"invalid_request","error_description":"Identity not found"}\nAt line:1 char:1\n+ Invoke-RestMethod -Uri \'http://169.254.169.254/metadata/identity/oauth2/token?resource=https://vault.azure.net\'',
    '2023-01-05 10:00:00.000 ERROR 1 --- [main] c.a.identity.ManagedIdentityCredential : Azure Identity => ERROR in getToken() call for scopes [https://vault.azure.net/.default]: Managed Identity response was not in the expected format.',
    'java.io.IOException: Server returned HTTP response code: 500 for URL: http://127.0.0.1:41741/msi/token?resource=https://vault.azure.net&api-version=2019-08-01',
    'GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net\nResponse status code: 403',
    "azure.identity._internal.decorators: ManagedIdentityCredential.get_token failed: Unexpected response \"{'error': 'invalid_request'}\"",
    "Authentication failed for Active Directory Tenant: 'https://login.microsoftonline.com/contoso.onmicrosoft.com' ClientId: 'app-id', exception: 'timeout'",
    'E0105 nmi server.go:281] failed to get identities, error: getting assigned identities for pod default/web in CREATED state failed after 16 attempts',
  ])('classifies %s as sign-in-failed in every wrapper', (text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r.kind, variant).toBe('sign-in-failed');
      expect(r.probe, variant).toBeNull();
    }
  });

  it('keeps a vault denial that follows a successful IMDS token request in the same log', () => {
    const r = triageError(
      'GET http://169.254.169.254/metadata/identity/oauth2/token?resource=https://vault.azure.net\nResponse status code: 200\nGET https://kv-imds-ok.vault.azure.net/secrets/a\nResponse status code: 403\n{"error":{"code":"Forbidden","message":"The user, group or application \'appid=1;oid=2\' does not have secrets get permission on key vault \'kv-imds-ok;location=westeurope\'.","innererror":{"code":"AccessDenied"}}}',
    );
    expect(r).toMatchObject({ kind: 'access-policy-permission', fields: { vault: 'kv-imds-ok', permission: 'get' } });
  });
});

describe('synthetic variants: the vault itself was not found', () => {
  it.each([
    [
      "Get-Thing : Cannot find key vault 'kv-sf-certs' from secret id 'https://kv-sf-certs.vault.azure.net/secrets/pfx'",
      'kv-sf-certs',
    ],
    ['Error: Could not find the Azure Key Vault kv-missing-01 in subscription 1234.', undefined],
    [
      '{"error":{"code":"KeyVaultParameterReferenceNotFound","message":"The specified KeyVault \'/subscriptions/1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-arm-ref\' could not be found."}}',
      'kv-arm-ref',
    ],
    ["ERROR: The key vault 'kv-typo-name' does not exist.", 'kv-typo-name'],
  ])('classifies %s as not-found about a vault', (text, name) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r.kind, variant).toBe('not-found');
      expect(r.fields.objectType, variant).toBe('vault');
      if (name) expect(r.fields.objectName ?? r.fields.vault, variant).toBe(name);
      expect(r.summary, variant).toContain('Not an access problem');
    }
  });
});

describe("synthetic variants: another Azure service's own 401 or 403", () => {
  it.each([
    'Status: 401 (Unauthorized)\nWWW-Authenticate: Bearer error="invalid_token", error_description="The access token is from the wrong issuer. It must match the AD tenant associated with the subscription, to which the configuration store belongs."',
    'GET https://appcs-prod.azconfig.io/kv?api-version=1.0 returned 403 Forbidden',
    'Azure.RequestFailedException: Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.\nStatus: 403 (Server failed to authenticate the request.)',
    'Status: 403 (This request is not authorized to perform this operation using this permission.)\nErrorCode: AuthorizationPermissionMismatch',
  ])('says %s is not a Key Vault error', (text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r, variant).toMatchObject({ kind: 'unrecognised', signal: 'other-azure-service', probe: null });
      expect(r.summary, variant).toContain('Not a Key Vault error');
    }
  });

  it('still reads a Key Vault reference that fails inside an App Configuration provider as Key Vault', () => {
    const r = triageError(
      'KeyVaultReferenceException: Key vault error. ErrorCode:Forbidden, Key:App:Secret, SecretIdentifier:https://kv-appcs.vault.azure.net/secrets/s\nStatus: 403 (Forbidden)',
    );
    expect(r.kind).toBe('forbidden-unspecified');
    expect(r.fields.vault).toBe('kv-appcs');
  });
});

describe('synthetic variants: one denial that names several access-policy permissions', () => {
  it.each([
    ['The identity does not have keys wrapKey/unwrapKey permission on key vault kv-disk', 'keys'],
    ["does not have secrets get, list permission on key vault 'kv-x;location=eastus'", 'secrets'],
    ['does not have certificates get and list permission on key vault', 'certificates'],
  ])('reports the category of %s and no single permission', (text, category) => {
    const r = triageError(text);
    expect(r.kind).toBe('access-policy-permission');
    expect(r.fields.category).toBe(category);
    expect(r.fields.permission).toBeUndefined();
  });

  it('still reports the single permission of the usual wording', () => {
    expect(triageError('does not have secrets list permission on key vault').fields).toMatchObject({
      category: 'secrets',
      permission: 'list',
    });
  });
});

describe('synthetic variants: wrappers that split or prefix the message', () => {
  it('reads a message a timestamped log wrapped over two lines', () => {
    const r = triageError(
      "2024-03-01T08:00:01.100Z The user, group or application 'appid=1;oid=2' does not have secrets\n2024-03-01T08:00:01.100Z get permission on key vault 'kv-wrapped;location=uksouth'.",
    );
    expect(r).toMatchObject({
      kind: 'access-policy-permission',
      fields: { vault: 'kv-wrapped', region: 'uksouth', permission: 'get' },
    });
  });

  it('reads "403 - Forbidden" as the status', () => {
    expect(triageError('azurerm_key_vault_secret.app: 403 - Forbidden').fields.statusCode).toBe(403);
  });
});
