/**
 * Issue 8, triage round 6: one test per family of the second blind paste set's misses (scored once
 * first: test/real-world/README.md). Every text here is a SYNTHETIC variant written for the test;
 * the real pastes are in test/real-world/blind2-error-pastes.jsonl.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { pasteVariants } from './wrappers.js';

describe('synthetic variants: the sign-in failed before any vault call', () => {
  it.each([
    'ManagedIdentityCredential: No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
    'Status: 400 (Bad Request) No System Assigned Managed Identity found for this resource.',
    "AADSTS7000222: The provided client secret keys for app 'a1b2c3d4-0000-4000-8000-000000000000' are expired.",
    'The client secret for application kv-reader-sp has expired. Create a new secret in the Azure portal.',
    'Get-AzKeyVaultSecret : Your Azure credentials have not been set up or have expired, please run Connect-AzAccount to set up your Azure credentials.',
    'Error: Error getting Authorization Token for client secret: adal: Refresh request failed.',
    'provider.azurerm: failed to obtain Authorization Token: clientCredentialsToken: received HTTP status 401',
  ])('classifies %s as sign-in-failed in every wrapper', (text) => {
    for (const variant of pasteVariants(text)) expect(triageError(variant).kind, variant).toBe('sign-in-failed');
  });

  it('does not take a question about credentials for a sign-in failure', () => {
    expect(triageError('How do I set up credentials for my app to read key vault secrets?').kind).toBe('unrecognised');
  });
});

describe('synthetic variants: a tool reports the named secrets it could not find in the vault', () => {
  it.each([
    'Could not find secret ghTokenWorkflow in Github secrets or Azure Key Vault.',
    "Unable to find secret 'db-password' in key vault kv-orders-prod",
    'The following secrets were not found: sql-admin, storage-key',
  ])('classifies %s as not-found', (text) => {
    for (const variant of pasteVariants(text)) expect(triageError(variant).kind, variant).toBe('not-found');
  });

  it.each([
    "I can't find the secrets in my key vault after the role assignment",
    'Could not find the secrets in key vault when I open the portal',
  ])('leaves a person who cannot see the secrets to the access questions: %s', (text) => {
    expect(triageError(text).kind).not.toBe('not-found');
  });
});

describe("synthetic variants: ARM's token from another tenant", () => {
  it.each([
    'Status=401 Code="InvalidAuthenticationTokenTenant" Message="The access token is from the wrong issuer \'https://sts.windows.net/11111111-1111-1111-1111-111111111111/\'. It must match the tenant \'https://sts.windows.net/22222222-2222-2222-2222-222222222222/\' associated with this subscription."',
    '(InvalidAuthenticationTokenTenant) The access token is from the wrong issuer. Please use the tenant associated with this subscription.',
  ])('classifies %s as wrong-tenant', (text) => {
    for (const variant of pasteVariants(text)) expect(triageError(variant).kind, variant).toBe('wrong-tenant');
  });
});
