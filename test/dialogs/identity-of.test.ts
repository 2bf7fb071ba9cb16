import { describe, expect, it } from 'vitest';
import { hasEntraId, identityKey, keyedPerson } from '../../src/core/identity/identity.js';
import { identityOf } from '../../dialogs/identity-of.js';

const turn = (from: Record<string, unknown> | undefined) =>
  ({ activity: { from } }) as unknown as Parameters<typeof identityOf>[0];

describe('who is talking (one identity for every feature)', () => {
  it('reads the channel account id, the Entra object id and the name from the turn', () => {
    const alex = identityOf(
      turn({ id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' }),
    );
    expect(alex).toEqual({ id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' });
    expect(hasEntraId(alex)).toBe(true);
    // Approvals, audit and feedback keys use the Entra object id; escalation keeps all three.
    expect(identityKey(alex)).toBe('00000000-0000-0000-0000-000000000020');
    expect(keyedPerson(alex)).toEqual({ id: '00000000-0000-0000-0000-000000000020', name: 'Alex Wilber' });
  });

  it('falls back to the channel account id without an Entra object id or a name, and to "unknown" without a sender', () => {
    const guest = identityOf(turn({ id: 'emulator-user' }));
    expect(guest).toEqual({ id: 'emulator-user', name: 'emulator-user' });
    expect(hasEntraId(guest)).toBe(false);
    expect(keyedPerson(guest)).toEqual({ id: 'emulator-user', name: 'emulator-user' });
    expect(identityOf(turn(undefined))).toEqual({ id: 'unknown', name: 'unknown' });
  });
});
