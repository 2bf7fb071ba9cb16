/**
 * Triage round 11: one test per family widened for blind8's misses (test/real-world/
 * blind8-error-pastes.jsonl, scored once before the change: kind 14/17, fields 4/5). Near misses must
 * keep their reading. Every text here is a SYNTHETIC variant written for the test; the real pastes are
 * in the blind8 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe('synthetic variants: Microsoft Graph cannot find a directory object', () => {
  it.each([
    '{"error":{"code":"Request_ResourceNotFound","message":"Resource \'7a1b2c3d-0000-4000-8000-000000000042\' does not exist or one of its queried reference-property objects are not present.","innerError":{"request-id":"0c1d2e3f-0000-4000-8000-000000000001"}}}',
    'error loading service principal: graphrbac.ServicePrincipalsClient#Get: Failure responding to request: StatusCode=404 -- Original Error: autorest/azure: Service returned an error. Status=404 Code="Unknown"',
  ])('reads it as not a Key Vault object: %s', (text) =>
    everyVariantIs(text, 'unrecognised', 'graph-object-not-found'),
  );

  it('keeps a vault object that is not found as not-found', () => {
    expect(
      triageError('(SecretNotFound) A secret with (name/id) db-password was not found in this key vault.').kind,
    ).toBe('not-found');
  });
});

describe('synthetic variants: a service that cannot reach a Key Vault resource with its credentials', () => {
  it.each([
    'Issuance failed: "Unable to access KeyVault resource with given credentials."',
    'ERROR unable to access the Azure Key Vault resource configured for signing',
    'Unable to access key vault kv-issuer with the provided credentials',
  ])('reads it as a denial whose reason is not given: %s', (text) => everyVariantIs(text, 'forbidden-unspecified'));

  it('keeps a person asking why they cannot get in out of it', () => {
    expect(triageError("I'm unable to access key vault from my laptop, what should I check?").kind).not.toBe(
      'forbidden-unspecified',
    );
  });
});

describe('the application of a failed sign-in, in Entra’s "added to app" wording', () => {
  it('reads the app id of AADSTS7000215', () => {
    const r = triageError(
      'clientCredentialsToken: received HTTP status 401 with response: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app \'5e6f7a8b-1c2d-4e3f-9a0b-2c3d4e5f6a7b\'."}',
    );
    expect(r.kind).toBe('sign-in-failed');
    expect(r.fields).toMatchObject({ aadError: 'AADSTS7000215', appId: '5e6f7a8b-1c2d-4e3f-9a0b-2c3d4e5f6a7b' });
  });
});
