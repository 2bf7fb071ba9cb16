/**
 * Triage round 16: the families widened for blind13's misses (test/real-world/blind13-error-pastes.jsonl,
 * scored once before the change: kind 10/12, fields 1/3). Every text here is a SYNTHETIC variant written
 * for the test; the real pastes are in the blind13 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe("synthetic variants: the vault's oldest access-policy denial, an operation named in quotes", () => {
  const text = '{"error":{"code":"Forbidden","message":"Operation \'list\' is not allowed"}}';

  it('reads it as operation-not-permitted and names the permission', () => {
    everyVariantIs(text, 'operation-not-permitted', 'operation-not-allowed-by-policy');
    expect(triageError(text).summary).toContain("'list' is not allowed");
    expect(triageError(text).fields).toMatchObject({ permission: 'list' });
    expect(triageError('Operation "unwrapKey" is not allowed').fields).toMatchObject({
      permission: 'unwrapKey',
      category: 'keys',
    });
  });

  it('leaves the other "is not allowed" wordings to their own rows', () => {
    // A purge names no access-policy permission, a disabled secret is its own family.
    expect(triageError("Operation 'DeletedSecretPurge' is not allowed").fields.permission).toBeUndefined();
    expect(triageError("Operation 'get' is not allowed on a disabled secret").signal).toBe('operation-not-permitted');
    expect(triageError('Operation "List" is not allowed by vault policy').kind).not.toBe('operation-not-permitted');
  });

  it('does not read an unquoted sentence about operations as a denial', () => {
    expect(triageError('Which operation get is not allowed when the policy is empty?').kind).toBe('unrecognised');
  });
});

describe("synthetic variants: a connector's 404 for an object not in the vault", () => {
  it.each([
    '{"status":404,"message":"Operation failed because the requested resource was not found in the key vault.\\r\\nclientRequestId: 0f0e0d0c-0b0a-4909-8807-060504030201"}',
    'BadRequest. Http request failed: the requested resource was not found in the keyvault.',
  ])('reads it as not-found: %s', (text) => everyVariantIs(text, 'not-found'));
});

describe('synthetic variants: Azure Policy refusing a vault deployment', () => {
  it('names the vault when the text speaks of a Key Vault', () => {
    const r = triageError(
      '{"code":"RequestDisallowedByPolicy","target":"kv-ledger-01","message":"Resource \'kv-ledger-01\' was disallowed by policy. Reasons: \'Key Vaults must use a private endpoint\'."}',
    );
    expect(r.fields.vault).toBe('kv-ledger-01');
  });

  it('names nothing when the refused resource is not said to be a vault', () => {
    const r = triageError(
      '{"code":"RequestDisallowedByPolicy","message":"Resource \'stledger01\' was disallowed by policy. Reasons: \'Storage accounts must deny public access\'."}',
    );
    expect(r.fields.vault).toBeUndefined();
  });
});

describe('what a not-found summary says about where', () => {
  it('does not put a missing vault "in" itself, and names it', () => {
    const r = triageError("The Vault 'kv-ledger-01' not found within subscription.");
    expect(r.kind).toBe('not-found');
    expect(r.summary).toContain("the vault 'kv-ledger-01' does not exist");
    expect(r.summary).not.toMatch(/does not exist in key vault/);
  });

  it('names the vault when the missing object has no type', () => {
    const r = triageError(
      'Operation failed because the requested resource was not found in the key vault. https://kv-ledger-01.vault.azure.net/',
    );
    expect(r.kind).toBe('not-found');
    expect(r.summary).toContain("in key vault 'kv-ledger-01'");
    expect(r.summary).not.toContain('or vault does not exist in');
  });

  it('says where a named secret is missing', () => {
    const r = triageError(
      'SecretNotFound: A secret with (name/id) db-password was not found in this key vault. Vault: kv-ledger-01;location=uksouth',
    );
    expect(r.summary).toMatch(/secret 'db-password' does not exist in key vault 'kv-ledger-01'/);
  });
});

describe('synthetic variants: a status given as a quoted JSON or Python key', () => {
  it.each([
    ['{"status": 404, "message": "The item you asked the key vault connector for is missing."}', 'not-found', 404],
    ["{'statusCode': 403, 'message': 'key vault said no'}", 'forbidden-unspecified', 403],
  ])('reads %s', (text, kind, status) => {
    const r = triageError(text);
    expect(r.kind).toBe(kind);
    expect(r.fields.statusCode).toBe(status);
  });
});
