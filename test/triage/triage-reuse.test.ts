import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

const PASTE =
  "ERROR: (Forbidden) The user, group or application 'appid=11111111-1111-1111-1111-111111111111;oid=22222222-2222-2222-2222-222222222222' does not have secrets list permission on key vault 'kv-orders;location=westeurope'";

describe('triage read twice in one turn (triage route, then the matcher)', () => {
  it('gives the same reading both times, with fields the caller may change without touching the other', () => {
    const first = triageError(PASTE, { headingFor: () => 'A heading' });
    first.fields.vault = 'changed-by-a-caller';
    const second = triageError(PASTE);
    expect(second.kind).toBe('access-policy-permission');
    expect(second.fields).toMatchObject({ vault: 'kv-orders', region: 'westeurope', permission: 'list' });
    expect(first.answer?.source.heading).toBe('A heading');
    expect(second.answer?.source.heading).not.toBe('A heading');
  });

  it('reads a different text afresh', () => {
    triageError(PASTE);
    expect(triageError('429 Too Many Requests VaultRequestTypeLimitReached').kind).toBe('throttled');
    expect(triageError(PASTE).fields.vault).toBe('kv-orders');
  });

  it('reads a text right again after more other texts than the memo keeps (its oldest entries are dropped)', () => {
    const before = triageError(PASTE);
    for (let i = 0; i < 40; i++)
      triageError(
        `Status: 404 (Not Found) SecretNotFound: A secret with (name/id) s${i} was not found in this key vault`,
      );
    const after = triageError(PASTE);
    expect(after).toEqual(before);
    expect(after.fields).not.toBe(before.fields);
  });
});
