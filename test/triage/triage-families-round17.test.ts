/**
 * Triage round 17: the field widened for blind14's one miss (test/real-world/blind14-error-pastes.jsonl,
 * scored once before the change: kind 12/12, fields 6/7). The texts here are SYNTHETIC variants written
 * for the test; the real paste is in the blind14 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

describe('synthetic variants: a URL redacted in the link text but not in the link behind it', () => {
  it('finds the vault in the link target when the text shows a placeholder', () => {
    const r = triageError(
      "Error: creating key: azure.BearerAuthorizer#WithAuthorization: Failed to refresh the Token for request to [https://<my-vault>.](https://kv-signing-02.vault.azure.net/keys/release/create?api-version=7.4)[vault.azure.net/keys/release/create](http://vault.azure.net/keys/release/create): StatusCode=401 -- Original Error: adal: Refresh request failed. Status Code = '401'.",
    );
    expect(r.kind).toBe('sign-in-failed');
    expect(r.fields.vault).toBe('kv-signing-02');
  });

  it('keeps only the link text when it holds no placeholder', () => {
    const r = triageError(
      'The user, group or application does not have secrets get permission on key vault [https://kv-orders.vault.azure.net/](https://kv-other.vault.azure.net/).',
    );
    expect(r.fields.vault).toBe('kv-orders');
  });
});
