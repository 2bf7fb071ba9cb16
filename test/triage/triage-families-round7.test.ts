/**
 * Issue 8, triage round 7: one test per family widened for unseen pastes (blind3's misses and the
 * round-7 real set, both scored before the change: test/real-world/README.md). Each family is tested
 * with wordings from the other clients that print it (SDK languages, CLIs, tools), not only the ones
 * seen. Every text here is a SYNTHETIC variant written for the test; the real pastes are in
 * test/real-world/blind3-error-pastes.jsonl and test/triage/real-pastes-round7.jsonl.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';
import { pasteVariants } from './wrappers.js';

describe('synthetic variants: a developer login the credential needs is missing', () => {
  it.each([
    'AzureCLICredential: Azure CLI not found on path',
    'Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions.',
    "Error: describe-key command failed: please ensure you have logged in using the 'az' command line tool",
    "'az' is not recognized as an internal or external command, operable program or batch file.",
    'Error: Az CLI Login failed. Please check the credentials and make sure az is installed on the runner.',
    "Microsoft.Rest.RestException: No authentication token available for 'https://vault.azure.net/'",
    'azidentity.AuthenticationFailedError: ClientSecretCredential authentication failed',
    'AuthenticationRequiredError: Automatic authentication has been disabled.',
    '##[error]Failed to obtain the Json Web Token(JWT) using service principal client ID.',
    'WorkloadIdentityCredential: No matching federated identity record found for presented assertion issuer',
  ])('classifies %s as sign-in-failed in every wrapper', (text) => everyVariantIs(text, 'sign-in-failed'));

  it.each([
    'dial tcp: lookup login.microsoftonline.com on 10.0.0.10:53: no such host',
    'request to https://login.microsoftonline.com/tenant/oauth2/v2.0/token failed, reason: getaddrinfo ENOTFOUND login.microsoftonline.com',
    "HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded (Caused by NameResolutionError: Temporary failure in name resolution)",
  ])('reads an Entra login host that did not resolve as a failed sign-in, not the vault name: %s', (text) =>
    everyVariantIs(text, 'sign-in-failed'),
  );

  it('still reads the vault host that did not resolve as name-resolution', () => {
    const r = triageError('dial tcp: lookup kv-orders.vault.azure.net on 10.0.0.10:53: no such host');
    expect(r).toMatchObject({ kind: 'name-resolution', fields: { host: 'kv-orders.vault.azure.net' } });
  });
});

describe('synthetic variants: the vault host name did not resolve, in every platform resolver', () => {
  it.each([
    'System.Net.Http.HttpRequestException: A non-recoverable error occurred during a database lookup. (kv-app.vault.azure.net:443)',
    'System.Net.Sockets.SocketException: The requested name is valid, but no data of the requested type was found.',
    'SocketException: This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.',
    'Name does not resolve (kv-app.vault.azure.net:443)',
    'HttpRequestException: No address associated with hostname (kv-app.vault.azure.net:443)',
    'error sending request for url (https://kv-app.vault.azure.net/secrets/db?api-version=7.4): error trying to connect: dns error: failed to lookup address information: nodename nor servname provided',
    'curl: (6) Could not resolve host: kv-app.vault.azure.net',
    'java.nio.channels.UnresolvedAddressException',
    'dial tcp: lookup kv-app.vault.azure.net on 127.0.0.11:53: server misbehaving',
    'dial tcp: lookup kv-app.vault.azure.net on 10.0.0.10:53: read udp 10.244.0.5:51234->10.0.0.10:53: i/o timeout',
    'kv-app.vault.azure.net: NXDOMAIN',
  ])('classifies %s as name-resolution', (text) => everyVariantIs(text, 'name-resolution'));
});

describe('synthetic variants: a token the vault could not read is neither missing nor expired', () => {
  it.each([
    'Status=401 Code="Unauthorized" Message="AKV10046: Unable to resolve the key used for signature validation."',
    '{"error":{"code":"Unauthorized","message":"[BearerReadAccessTokenFailed] Error validating token: \'S2S12005\'."}}',
  ])('explains %s as a token the vault could not validate, with the 401 entry', (text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r, variant).toMatchObject({
        kind: 'unrecognised',
        signal: 'token-unreadable',
        answer: { id: 'error-401' },
      });
    }
    expect(triageError(text).summary).toContain('could not read it or validate its signature');
  });

  it('keeps an expired token (S2S12086) as token-expired, and a bare 401 as token-missing', () => {
    expect(
      triageError('{"error":{"code":"Unauthorized","message":"[TokenExpired] Error validating token: \'S2S12086\'."}}')
        .kind,
    ).toBe('token-expired');
    expect(triageError('Status: 401 (Unauthorized)\nErrorCode: Unauthorized').kind).toBe('token-missing');
  });
});

describe('synthetic variants: token audience, issuer and lifetime in other services’ words', () => {
  it.each([
    [
      'Code="InvalidAuthenticationTokenAudience" Message="The access token has been obtained for wrong audience or resource \'https://vault.azure.net\'."',
      'wrong-audience',
    ],
    ["IDX10214: Audience validation failed. Audiences: 'https://management.azure.com'.", 'wrong-audience'],
    ["IDX10205: Issuer validation failed. Issuer: 'https://sts.windows.net/x/'.", 'wrong-tenant'],
    [
      "(ExpiredAuthenticationToken) The access token expiry UTC time '5/1/2024 10:00:00 AM' is earlier than current UTC time '5/1/2024 11:00:00 AM'.",
      'token-expired',
    ],
    ['KeyVault request failed: 401 Token not yet valid (Activity ID: 1234)', 'token-expired'],
  ] as const)('classifies %s as %s', (text, kind) => everyVariantIs(text, kind));
});

describe('synthetic variants: throttling, missing objects and the no-policy warning in tools’ own words', () => {
  it.each([
    ['Key Vault request failed: Rate limit is exceeded. Try again in 12 seconds.', 'throttled'],
    ['Requests to the key vault were throttled, retrying after 8s', 'throttled'],
    ["ExternalSecret sync failed: secret 'db-password' not found in vault kv-prod", 'not-found'],
    ["Error: Key Vault 'kv-orders-prod' not found in subscription 1111", 'not-found'],
    [
      "Failed to read secret 'api-key' from vault 'kv-app': Response status code does not indicate success: 404 (Not Found).",
      'not-found',
    ],
    [
      "(KeyVaultParameterReferenceSecretRetrieveFailed) The secret of KeyVault parameter 'sqlPassword' cannot be retrieved. Http status code: 'NotFound'.",
      'not-found',
    ],
    [
      'WARNING: Access policy is not set. No user or application have access permission to use this vault. This can happen if the vault was created by a service principal.',
      'access-policy-no-entry',
    ],
  ] as const)('classifies %s as %s', (text, kind) => everyVariantIs(text, kind));
});

describe('synthetic variants: a service reports the vault refused it, naming the vault its own way', () => {
  it.each([
    "Error Details: The service does not have access to '/subscriptions/1111/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-certs' Key Vault. Please make sure that you have granted necessary permissions.",
    'The managed identity does not have permissions on https://kv-certs.vault.azure.net/ key vault.',
    'Deployment failed: insufficient permissions to read the certificate from Key Vault kv-certs.',
    'The function app is not authorized to access the key vault kv-app.',
  ])('classifies %s as forbidden-unspecified', (text) => everyVariantIs(text, 'forbidden-unspecified'));
});

describe('status numbers and names in more wrappers, and the bare reason phrase', () => {
  it.each([
    ['Key Vault call failed: Response status code does not indicate success: 403 (Forbidden).', 403],
    ['GetSecret failed, status code was 429', 429],
    ['The key vault returned HTTP 401', 401],
    ["The secret of KeyVault parameter 'pw' cannot be retrieved. Http status code: 'Forbidden'.", 403],
  ] as const)('reads the status of %s', (text, status) => {
    expect(triageError(text).fields.statusCode).toBe(status);
  });

  it('reads "Forbidden" in a Key Vault text as a low-confidence unspecified denial, and nowhere else', () => {
    expect(triageError('Set-AzKeyVaultSecret : Forbidden')).toMatchObject({
      kind: 'forbidden-unspecified',
      confidence: 'low',
      signal: 'key-vault-forbidden-word',
    });
    expect(triageError('GET https://api.example.com/orders -> Forbidden').kind).toBe('unrecognised');
    // A Forbidden whose context names another provider's action is not a Key Vault denial.
    expect(
      triageError(
        "Key Vault deployment step: Forbidden. The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/write'.",
      ).kind,
    ).not.toBe('forbidden-unspecified');
  });
});

describe('questions are not taken for pastes by the wider wordings', () => {
  it.each([
    'How do I log in with az login before running my app against key vault?',
    'How do I avoid Key Vault throttling when many pods start at once?',
    'Does a secret that does not exist return 404 or 403?',
    'Which DNS zone does a key vault private endpoint need?',
  ])('does not classify "%s" with high confidence', (q) => {
    expect(triageError(q).confidence).not.toBe('high');
  });
});
