/**
 * Triage round 18: the families widened for blind15's misses (test/real-world/blind15-error-pastes.jsonl,
 * scored once before the change: kind 20/25, fields 1/4). Every text here is a SYNTHETIC variant written
 * for the test; the real pastes are in the blind15 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

const CALLER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SUBSCRIPTION = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';

describe("synthetic variants: Resource Manager's token from the wrong tenant", () => {
  const sentence = `The access token is from the wrong issuer 'https://sts.windows.net/${CALLER}/'. It must match the tenant 'https://sts.windows.net/${SUBSCRIPTION}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${SUBSCRIPTION}' to get the token.`;

  it('reads the sentence without its code as wrong-tenant, with both tenants', () => {
    everyVariantIs(`Error: ${sentence}`, 'wrong-tenant', 'subscription-wrong-issuer');
    const r = triageError(`Error: ${sentence}`);
    expect(r.fields).toMatchObject({ tenantId: CALLER, expectedTenantId: SUBSCRIPTION });
    expect(r.summary).toContain(`subscription belongs to tenant ${SUBSCRIPTION}`);
    expect(r.nextSteps?.[0]).toContain(`Sign in to tenant ${SUBSCRIPTION}`);
  });

  it('reads it with its code too', () =>
    everyVariantIs(`(InvalidAuthenticationTokenTenant) ${sentence}`, 'wrong-tenant', 'subscription-wrong-issuer'));

  it('does not take the sentence about another store for Resource Manager', () => {
    const r = triageError(
      `The access token is from the wrong issuer. It must match the tenant associated with this App Configuration store.`,
    );
    expect(r.signal).not.toBe('subscription-wrong-issuer');
  });
});

describe("synthetic variants: Resource Manager's subscription request limit", () => {
  it('reads it as throttled', () =>
    everyVariantIs(
      "Number of write requests for subscription '11111111-2222-4333-8444-555555555555' exceeded the limit of '1200' for time interval '01:00:00'.",
      'throttled',
      'throttled',
    ));
});

describe('synthetic variants: a 429 from the token endpoint', () => {
  it('is a failed sign-in, not throttling by the vault', () => {
    everyVariantIs(
      'Error: could not acquire access token: ManagedIdentityCredential: failed to request token from metadata endpoint: received HTTP status 429 with body: {"error":"too_many_requests"}',
      'sign-in-failed',
    );
  });

  it('leaves a vault 429 after a successful sign-in as throttled', () => {
    expect(
      triageError(
        'Acquired access token. GET https://kv-orders.vault.azure.net/secrets/db returned 429 Too Many Requests',
      ).kind,
    ).toBe('throttled');
  });
});

describe("synthetic variants: another service's code in an XML body, a registry's refused client", () => {
  it("reads Storage's XML code as that service's, not an unexplained Key Vault 403", () => {
    const r = triageError(
      'shares.Client#GetProperties: Failure responding to request: StatusCode=403 -- Original Error: "<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.</Message></Error>"',
    );
    expect(r.fields.errorCode).toBe('AuthorizationPermissionMismatch');
    expect(r.kind).not.toBe('forbidden-unspecified');
  });

  it('still drops the inline tags a Teams message carries', () => {
    expect(
      triageError('<p>The user does <b>not</b> have <code>secrets get</code> permission</p>').fields.errorCode,
    ).toBeUndefined();
  });

  it("names the client address a registry's firewall refused", () => {
    const r = triageError(
      `denied: {"errors":[{"code":"DENIED","message":"client with IP '203.0.113.77' is not allowed access."}]}`,
    );
    expect(r.fields.clientAddress).toBe('203.0.113.77');
  });
});
