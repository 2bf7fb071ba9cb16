/**
 * Triage round 20: blind17's misses (test/real-world/blind17-error-pastes.jsonl, scored once before the
 * change: kind 13/22, fields 3/6; eight of the nine kind misses are other services' errors labelled by
 * analogy, which the triage reads as unrecognised). Every text here is a SYNTHETIC variant written for
 * the test; the real pastes are in the blind17 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

describe('synthetic variants: a top-level AccessDenied from a service the text does not name', () => {
  it('is not read as a Key Vault access-policy denial', () => {
    const text =
      'com.azure.core.management.exception.ManagementException: Status code 403, "{"error":{"code":"AccessDenied","message":"Please provide below info when asking for support: correlationId = 0f0e0d0c-0b0a-4909-8807-060504030201.","details":[{"code":"AccessDenied","message":"Access is denied to the requested resource. The user might not have enough permission."}]}}"';
    expect(triageError(text).kind).toBe('unrecognised');
  });

  it("still is with Key Vault's inner code, or in a text about a vault", () => {
    const inner = '{"error":{"code":"Forbidden","message":"Access denied","innererror":{"code":"AccessDenied"}}}';
    expect(triageError(inner).kind).toBe('access-policy-permission');
    for (const text of [
      '{"error":{"code":"AccessDenied","message":"Access is denied. Check the access policies."}}',
      '{"code":"AccessDenied","message":"Access denied"} from https://kv-orders.vault.azure.net',
    ])
      expect(triageError(text)).toMatchObject({ kind: 'access-policy-permission', signal: 'access-denied-code' });
  });
});

describe("synthetic variants: Cosmos DB's wording of the caller's address", () => {
  it('gives the client address (the service is another one, so the kind stays unrecognised)', () => {
    const r = triageError(
      "Error=13, Details='Request originated from IP 203.0.113.57 through public internet. This is blocked by your Cosmos DB account firewall settings.'",
    );
    expect(r.fields.clientAddress).toBe('203.0.113.57');
    expect(r.kind).toBe('unrecognised');
  });
});
