/**
 * Issue 8 item 3: the four new kinds, their answers and probes, and the honest-field rules
 * (placeholders, doubled quotes, the caller's tenant of AKV10032, provider registration). Each test
 * states a general rule with text written for it; the real pastes are in real-pastes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

const OID = '4f1c2b3a-0d9e-4c8b-a7f6-5e4d3c2b1a09';
const TENANT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('forbidden-unspecified', () => {
  it('reads the status name older SDKs print, keeps the vault of the pasted command and offers the permission check', () => {
    const r = triageError(
      "PS> Get-AzKeyVaultSecret -VaultName kv-hr-tools -Name api\nGet-AzKeyVaultSecret : Operation returned an invalid status code 'Forbidden'",
    );
    expect(r).toMatchObject({
      kind: 'forbidden-unspecified',
      confidence: 'high',
      answer: { id: 'error-403' },
      fields: { statusCode: 403, vault: 'kv-hr-tools' },
    });
    expect(r.probe).toEqual({ name: 'permission-check', args: { vault: 'kv-hr-tools', operation: 'secrets/list' } });
    expect(r.summary).toContain('does not say why');
  });

  it("maps the other status names ('429', 'NotFound', 'Unauthorized') to their kinds", () => {
    expect(triageError("KeyVaultErrorException: Operation returned an invalid status code '429'").kind).toBe(
      'throttled',
    );
    expect(triageError("KeyVaultErrorException: Operation returned an invalid status code 'NotFound'").kind).toBe(
      'not-found',
    );
    expect(
      triageError("KeyVaultErrorException: Operation returned an invalid status code 'Unauthorized'"),
    ).toMatchObject({ kind: 'token-missing', fields: { statusCode: 401 } });
  });

  it("reads Python msrest's wording without the word code", () => {
    expect(
      triageError("azure.core.exceptions.HttpResponseError: Operation returned an invalid status 'Forbidden'"),
    ).toMatchObject({ kind: 'forbidden-unspecified', fields: { statusCode: 403 } });
  });

  it('does not take a 403 that states its reason', () => {
    expect(
      triageError('Status: 403 (Forbidden)\nClient address is not authorized and caller is not a trusted service.')
        .kind,
    ).toBe('firewall');
  });
});

describe('sign-in-failed', () => {
  it('recognises credential chains, managed identity and Entra codes across SDKs, and says the vault was never reached', () => {
    for (const text of [
      'azure.identity._exceptions.CredentialUnavailableError: ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.',
      'CredentialUnavailableError: DefaultAzureCredential => failed to retrieve a token from the included credentials.',
      'DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\tEnvironmentCredential: missing environment variable AZURE_TENANT_ID',
      'com.microsoft.aad.msal4j.MsalServiceException: AADSTS7000215: Invalid client secret provided.',
      "ERROR: Please run 'az login' to setup account.",
      'Microsoft.Azure.Services.AppAuthentication.AzureServiceTokenProviderException: Tried the following 3 methods to get an access token, but none of them worked.',
      'adal.adal_error.AdalError: Get Token request returned http error: 400 and server response: {"error":"invalid_grant"}',
      'Run Connect-AzAccount to login.',
      'ERROR: Interactive authentication is needed. Please run:\naz login --scope https://vault.azure.net/.default',
    ]) {
      const r = triageError(text);
      expect(r.kind, text).toBe('sign-in-failed');
      expect(r.probe, text).toBeNull();
      expect(r.answer?.id, text).toBe('authenticate-app');
      expect(r.summary, text).toContain('before Key Vault was reached');
    }
  });

  it('names the failing credential, the Entra code and the app, and gives the cause-specific step first', () => {
    const r = triageError(
      "ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys for app '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a' are expired.",
    );
    expect(r.fields).toMatchObject({
      credential: 'ClientSecretCredential',
      aadError: 'AADSTS7000222',
      appId: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    });
    expect(r.nextSteps[0]).toContain('client secret is expired');
  });

  it('calls an expired refresh token a failed sign-in, not an expired token sent to the vault', () => {
    expect(triageError('AADSTS700082: The refresh token has expired due to inactivity.').kind).toBe('sign-in-failed');
    expect(
      triageError('{"error":{"code":"Unauthorized","message":"[TokenExpired] Error validating token: \'S2S12086\'."}}')
        .kind,
    ).toBe('token-expired');
  });

  it("leaves a vault's own denial to its kind when an earlier credential warning is in the same log", () => {
    const log = `EnvironmentCredential.get_token failed: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.
AzureCliCredential.get_token succeeded
azure.core.exceptions.HttpResponseError: (Forbidden) Caller is not authorized to perform action on resource.
Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=${OID};iss=https://sts.windows.net/${TENANT}/
Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'
Vault: kv-logs-01;location=westeurope`;
    expect(triageError(log)).toMatchObject({ kind: 'rbac-denied', fields: { vault: 'kv-logs-01', objectId: OID } });
  });
});

describe('not-found', () => {
  it('explains a missing secret as not an access problem, with no access entry or probe', () => {
    const r = triageError(
      'azure.core.exceptions.ResourceNotFoundError: (SecretNotFound) A secret with (name/id) db-conn was not found in this key vault.',
    );
    expect(r).toMatchObject({
      kind: 'not-found',
      answer: null,
      probe: null,
      fields: { objectType: 'secret', objectName: 'db-conn' },
    });
    expect(r.summary).toMatch(/^Not an access problem/);
    expect(r.nextSteps.join(' ')).toContain('list-deleted');
  });

  it('tells a soft-deleted object apart and points to recover or purge', () => {
    const r = triageError(
      'ERROR: (Conflict) Key signing-key is currently in a deleted but recoverable state, and its name cannot be reused.',
    );
    expect(r).toMatchObject({
      kind: 'not-found',
      fields: { objectType: 'key', objectName: 'signing-key', softDeleted: true },
    });
    expect(r.nextSteps[0]).toContain('az keyvault key recover --vault-name <vault> --name signing-key');
  });
});

describe('name-resolution', () => {
  it('takes the vault from the unresolved host in Node, Go, Java, Python and .NET wordings', () => {
    for (const text of [
      'Error: getaddrinfo ENOTFOUND kv-orders-weu.vault.azure.net',
      'dial tcp: lookup kv-orders-weu.vault.azure.net on 168.63.129.16:53: no such host',
      'java.net.UnknownHostException: kv-orders-weu.vault.azure.net',
      "urllib3.exceptions.NameResolutionError: Failed to resolve 'kv-orders-weu.vault.azure.net' ([Errno -2] Name or service not known)",
      "System.Net.WebException: The remote name could not be resolved: 'kv-orders-weu.vault.azure.net'",
    ]) {
      const r = triageError(text);
      expect(r.kind, text).toBe('name-resolution');
      expect(r.fields, text).toMatchObject({ vault: 'kv-orders-weu', host: 'kv-orders-weu.vault.azure.net' });
      expect(r.answer, text).toBeNull();
      expect(r.nextSteps.join(' '), text).toContain('nslookup kv-orders-weu.vault.azure.net');
    }
  });

  it('reads a private-link host name as the vault, and names no host that is redacted', () => {
    expect(triageError('getaddrinfo ENOTFOUND kv-core.privatelink.vaultcore.azure.net').fields.vault).toBe('kv-core');
    const redacted = triageError('Error: getaddrinfo ENOTFOUND xxxx.vault.azure.net');
    expect(redacted.kind).toBe('name-resolution');
    expect(redacted.fields.vault).toBeUndefined();
    expect(redacted.fields.host).toBeUndefined();
  });
});

describe('resource provider not registered', () => {
  it('is not an RBAC denial: unrecognised with its own explanation, no entry and no probe', () => {
    const r = triageError(
      '(AuthorizationFailed) Microsoft.KeyVault provider must be registered on subscription containing private endpoint: /subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1\nCode: AuthorizationFailed',
    );
    expect(r).toMatchObject({
      kind: 'unrecognised',
      signal: 'provider-not-registered',
      answer: null,
      probe: null,
      fields: { unregisteredProvider: 'Microsoft.KeyVault' },
    });
    expect(r.summary).toMatch(/^Not an access problem/);
    expect(r.nextSteps[0]).toContain('az provider register --namespace Microsoft.KeyVault');
  });

  it('reads MissingSubscriptionRegistration the same way', () => {
    const r = triageError(
      '{"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace \'Microsoft.KeyVault\'."}}',
    );
    expect(r).toMatchObject({ kind: 'unrecognised', signal: 'provider-not-registered' });
  });
});

describe('honest fields', () => {
  it('never reports a placeholder as the vault', () => {
    for (const vault of [
      'REDACTED',
      'xxxx',
      '<vault>',
      '{vault-name}',
      'VAULT_NAME',
      'KeyvaultName',
      'your-key-vault',
      '***',
      '$KV_NAME',
      'kv-XXXX-prod',
    ]) {
      expect(
        triageError(`does not have secrets get permission on key vault '${vault};location=eastus'.`).fields.vault,
        vault,
      ).toBeUndefined();
      expect(
        triageError(`GET https://${vault}.vault.azure.net/secrets/x\nStatus: 403 (Forbidden)`).fields.vault,
        vault,
      ).toBeUndefined();
    }
    expect(
      triageError("does not have secrets get permission on key vault 'kv-prod-01;location=eastus'.").fields.vault,
    ).toBe('kv-prod-01');
  });

  it('never reports a placeholder id, tenant or client address', () => {
    const r = triageError(
      'Caller: appid=00000000-0000-0000-0000-000000000000;oid=<object-id>;iss=https://sts.windows.net/REDACTED/\nClient address: 0.0.0.0\nClient address is not authorized and caller is not a trusted service.',
    );
    expect(r.kind).toBe('firewall');
    expect(r.fields.appId).toBeUndefined();
    expect(r.fields.objectId).toBeUndefined();
    expect(r.fields.tenantId).toBeUndefined();
    expect(r.fields.clientAddress).toBeUndefined();
  });

  it('reads the vault and region through doubled quotes (YAML, CSV)', () => {
    const yaml =
      "message: 'The user, group or application ''appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=" +
      OID +
      "'' does not have secrets get permission on key vault ''kv-sales-weu;location=westeurope''.'";
    expect(triageError(yaml)).toMatchObject({
      kind: 'access-policy-permission',
      fields: { vault: 'kv-sales-weu', region: 'westeurope', objectId: OID, category: 'secrets', permission: 'get' },
    });
    expect(
      triageError('"does not have keys sign permission on key vault ""kv-csv;location=northeurope"""').fields,
    ).toMatchObject({ vault: 'kv-csv', region: 'northeurope' });
  });

  it("takes a not-a-vault phrase after 'Key Vault' for no vault name", () => {
    expect(
      triageError(
        "Key Vault reference was not able to be resolved because site was denied access to Key Vault reference's vault.",
      ).fields.vault,
    ).toBeUndefined();
  });
});

describe('bounded input', () => {
  it('still finds an error at the end of a log far longer than the bound', () => {
    const log = `${'INFO build step ok\n'.repeat(6_000)}##[error]ERROR: (Forbidden) The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=${OID}' does not have secrets list permission on key vault 'kv-ci-01;location=eastus'.`;
    expect(log.length).toBeGreaterThan(100_000);
    expect(triageError(log)).toMatchObject({
      kind: 'access-policy-permission',
      fields: { vault: 'kv-ci-01', objectId: OID },
    });
  });

  it('returns on adversarial input built to make its patterns backtrack', () => {
    for (const text of [
      'Invalid issuer. Expected one of '.concat('https://sts.windows.net/a/, '.repeat(3_000)),
      'key vault '.concat("'".repeat(50_000)),
      'ENOTFOUND '.concat('a.'.repeat(30_000)),
      'with (name/id) '.concat('x '.repeat(30_000)),
      '&amp;'.repeat(20_000).concat('#9999999;'),
      'Credential'.repeat(6_000),
    ]) {
      expect(() => triageError(text)).not.toThrow();
    }
  });
});
