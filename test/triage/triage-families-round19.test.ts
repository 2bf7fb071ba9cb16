/**
 * Triage round 19: the families widened for blind16's misses (test/real-world/blind16-error-pastes.jsonl,
 * scored once before the change: kind 16/19, fields 6/8). Every text here is a SYNTHETIC variant written
 * for the test; the real pastes are in the blind16 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe("synthetic variants: Packer's report of the vault it read", () => {
  it('names the vault', () => {
    const r = triageError(
      "==> azure-arm:  -> Key Vault Name        : 'kvbuild7x2'\n==> azure-arm:  ...failed to get certificate URL, retry(0)\nFailed to fetch secret from kvbuild7x2/winrm, HTTP status code=403 (Forbidden)",
    );
    expect(r.fields.vault).toBe('kvbuild7x2');
    expect(r.kind).toBe('forbidden-unspecified');
  });
});

describe("synthetic variants: Resource Manager's wrong-issuer message, localised", () => {
  it('reads the Chinese wording as wrong-tenant with the issuer as the tenant', () => {
    const text = '访问令牌来自错误的颁发者“https://sts.windows.net/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/”。';
    everyVariantIs(text, 'wrong-tenant', 'subscription-wrong-issuer');
    expect(triageError(text).fields.tenantId).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
  });
});

describe("synthetic variants: nslookup's answer for a vault host", () => {
  it.each([
    "*** UnKnown can't find kv-ledger-qa.vault.azure.net: Non-existent domain",
    "*** dns.corp.example can't find kv-ledger-qa.vault.azure.net: No response from server",
  ])('reads %s as name-resolution', (text) => {
    everyVariantIs(text, 'name-resolution');
    expect(triageError(text).fields.vault).toBe('kv-ledger-qa');
  });

  it('does not read a person who cannot find a setting as a DNS failure', () => {
    expect(triageError("I can't find kv-ledger-qa in the portal").kind).not.toBe('name-resolution');
  });
});
