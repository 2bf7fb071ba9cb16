/**
 * ApprovalContacts.rememberUser: a user confirmed up to date is not read again on every turn (one
 * store read per user per ten minutes), a change is written at once, and the store is read again
 * after ten minutes (another instance may have changed it).
 */
import { describe, expect, it } from 'vitest';
import { ApprovalContacts, type KnownUser } from '../../dialogs/approval/approval-contacts.js';
import type { StoredReference } from '../../dialogs/proactive-messenger.js';
import type { RecordStore } from '../../src/core/storage/record-store.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';

function counted<T>(store: RecordStore<T>): { store: RecordStore<T>; gets: () => number; puts: () => number } {
  let gets = 0;
  let puts = 0;
  const wrapped = Object.create(store) as RecordStore<T>;
  wrapped.get = (key) => {
    gets++;
    return store.get(key);
  };
  wrapped.put = (key, value, options) => {
    puts++;
    return store.put(key, value, options);
  };
  return { store: wrapped, gets: () => gets, puts: () => puts };
}

const ref = (conversation: string): StoredReference =>
  ({
    conversation: { id: conversation },
    serviceUrl: 'https://smba.example/',
    channelId: 'msteams',
  }) as StoredReference;
const alex = { aadObjectId: '00000000-0000-4000-8000-000000000001', id: '29:alex', name: 'Alex Wilber' };

describe('ApprovalContacts.rememberUser', () => {
  it('reads the store once for a user it confirmed, writes a change at once, and checks again after ten minutes', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const users = counted(new MemoryRecordStore<KnownUser>());
    const contacts = new ApprovalContacts(
      { users: users.store, settings: new MemoryRecordStore(), requests: new MemoryRecordStore() },
      () => new Date(now),
    );
    await contacts.rememberUser(alex, ref('a:1'));
    expect([users.gets(), users.puts()]).toEqual([1, 1]);
    for (let i = 0; i < 5; i++) await contacts.rememberUser(alex, ref('a:1'));
    expect([users.gets(), users.puts()]).toEqual([1, 1]);
    // A new conversation (or name) is written on the turn it is seen.
    await contacts.rememberUser(alex, ref('a:2'));
    expect([users.gets(), users.puts()]).toEqual([2, 2]);
    expect((await contacts.user(alex.aadObjectId))?.reference.conversation?.id).toBe('a:2');
    await contacts.rememberUser({ ...alex, name: 'Alex W.' }, ref('a:2'));
    expect((await contacts.user(alex.aadObjectId))?.name).toBe('Alex W.');
    const [gets, puts] = [users.gets(), users.puts()];
    // Ten minutes on, the store is read again (and, being up to date, not written).
    now += 10 * 60_000;
    await contacts.rememberUser({ ...alex, name: 'Alex W.' }, ref('a:2'));
    expect([users.gets() - gets, users.puts() - puts]).toEqual([1, 0]);
  });
});
