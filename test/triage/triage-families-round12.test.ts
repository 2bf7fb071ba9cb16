/**
 * Triage round 12: one test per family widened for blind9's misses (test/real-world/
 * blind9-error-pastes.jsonl, scored once before the change: kind 18/20, fields 18/19). Near misses must
 * keep their reading. Every text here is a SYNTHETIC variant written for the test; the real pastes are
 * in the blind9 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe("synthetic variants: another Azure service's host name does not resolve", () => {
  it.each([
    'dial tcp: lookup stterraform01.blob.core.windows.net on 10.0.0.10:53: no such host',
    'getaddrinfo ENOTFOUND appcs-prod.azconfig.io',
    "urllib3.exceptions.NameResolutionError: Failed to resolve 'acrprod01.azurecr.io' ([Errno -2] Name or service not known)",
  ])('reads it as not a Key Vault problem: %s', (text) => everyVariantIs(text, 'unrecognised'));

  it("keeps a vault's own host, and an unnamed host, as name-resolution", () => {
    expect(triageError('dial tcp: lookup kv-orders.vault.azure.net on 10.0.0.10:53: no such host').kind).toBe(
      'name-resolution',
    );
    expect(triageError('getaddrinfo ENOTFOUND').kind).toBe('name-resolution');
  });
});

describe("synthetic variants: Entra does not know the vault as a resource in the tenant (AADSTS500011's words)", () => {
  it.each([
    [
      'The resource principal named https://kv-orders.vault.azure.net was not found in the tenant named 3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a. You might have sent your authentication request to the wrong tenant.',
      '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
    ],
    [
      'error: The resource principal named https://vault.azure.net/ was not found in the tenant named contoso.onmicrosoft.com.',
      'contoso.onmicrosoft.com',
    ],
  ])('reads it as a failed sign-in, with the tenant it names: %s', (text, tenant) => {
    everyVariantIs(text, 'sign-in-failed');
    expect(triageError(text).fields.tenantId).toBe(tenant);
  });

  it('reads the tenant of AADSTS500011 with its code', () => {
    const r = triageError(
      '{"error":"invalid_resource","error_description":"AADSTS500011: The resource principal named https://kv-a.vault.azure.net was not found in the tenant named 7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a."}',
    );
    expect(r).toMatchObject({
      kind: 'sign-in-failed',
      fields: { aadError: 'AADSTS500011', tenantId: '7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a' },
    });
  });
});
