/**
 * Triage round 13: one test per family widened for blind10's misses (test/real-world/
 * blind10-error-pastes.jsonl, scored once before the change: kind 10/15, fields 3/4). Every text here is
 * a SYNTHETIC variant written for the test; the real pastes are in the blind10 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe('synthetic variants: a credential that never got a token', () => {
  it.each([
    'error: failed to open keeper: DefaultAzureCredential: Invoking Azure CLI failed with the following error: ERROR: Please run az login to setup account.',
    'Error: OIDC authentication was requested via use_oidc but no token and/or request URL were configured.',
    'Error building ARM Config: githubAssertion: received HTTP status 403 with response: {"message":"Resource not accessible by integration"}',
  ])('reads it as sign-in-failed: %s', (text) => everyVariantIs(text, 'sign-in-failed'));

  it('reads the directory of AADSTS700016 as the tenant', () => {
    const r = triageError(
      "AADSTS700016: Application with identifier '2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b' was not found in the directory '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a'.",
    );
    expect(r.fields).toMatchObject({
      appId: '2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b',
      tenantId: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    });
  });
});

describe('synthetic variants: a request without its access token, in other services’ words', () => {
  it.each([
    'Status: 401 (Unauthorized) ErrorCode: AuthenticationFailedMissingToken',
    "Authentication failed. The 'Authorization' header is missing the access token.",
  ])('reads it as token-missing: %s', (text) => everyVariantIs(text, 'token-missing'));
});

describe('synthetic variants: a host name that could not be resolved, in a tool’s words', () => {
  it('reads "Name could not be resolved" as name-resolution', () =>
    everyVariantIs(
      'socket error: [Errno -2] Name could not be resolved (kv-orders.vault.azure.net)',
      'name-resolution',
    ));
});
