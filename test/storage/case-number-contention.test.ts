/**
 * Issue 11 item 5: case numbers never fail under contention. 100 "open a case" at once, split
 * over two instances sharing one store, on each store kind: every case opens, numbers unique.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStorageFactory,
  type StorageConfig,
  type StorageFactory,
} from '../../src/adapters/storage/storage-factory.js';
import { EscalationService } from '../../src/core/escalation/escalation-service.js';
import type { Case } from '../../src/core/escalation/case-types.js';
import { startAzurite, startAzuriteTables, type Azurite } from '../helpers/azurite.js';

let azurite: Azurite;
let tables: Azurite;
const dirs: string[] = [];
const factories: StorageFactory[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
  tables = await startAzuriteTables();
});
afterAll(async () => {
  for (const f of factories) f.close();
  await azurite?.stop();
  await tables?.stop();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

function instance(config: StorageConfig): EscalationService {
  const storage = createStorageFactory(config);
  factories.push(storage);
  let n = 0;
  const tag = Math.random().toString(36).slice(2, 8);
  return new EscalationService(
    {
      cases: storage.recordStore<Case>('cases'),
      counters: storage.counters(),
      supportChannels: storage.recordStore('support-channels'),
      notifier: {
        notifyUser: async () => undefined,
        postToSupport: async () => undefined,
        updateSupportCard: async () => undefined,
        postToCaseThread: async () => undefined,
      },
      supportMembers: { isSupportMember: async () => false },
      audit: async () => undefined,
      clock: () => new Date(),
      newId: () => `${tag}-${++n}`,
    },
    { adminIds: [], reminderAfterInMs: 3_600_000 },
  );
}

async function openHundred(config: () => Promise<StorageConfig>): Promise<void> {
  const shared = await config();
  const a = instance(shared);
  const b = instance(shared);
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      (i % 2 ? a : b).open({
        trigger: 'user-request',
        requester: { id: `29:user-${i}`, name: `User ${i}` },
        packet: { messages: [{ at: new Date().toISOString(), text: `case ${i}` }] },
      }),
    ),
  );
  const failed = results.filter((r) => !r.ok);
  expect(failed).toEqual([]);
  const numbers = results.map((r) => (r.ok ? r.case.number : ''));
  expect(new Set(numbers).size).toBe(100);
  expect(numbers.map((x) => Number(x.slice(3))).sort((x, y) => x - y)).toEqual(
    Array.from({ length: 100 }, (_, i) => 1001 + i),
  );
  // Both instances see all of them.
  expect((await a.listActive()).length).toBe(100);
}

async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-contention-'));
  dirs.push(d);
  return d;
}

describe('100 concurrent case opens across two instances', () => {
  it('on SQLite (two connections to one database): all open, numbers unique and gapless', async () => {
    await openHundred(async () => ({ dataDir: await tempDir(), storage: { kind: 'sqlite', container: 'unused' } }));
  }, 60_000);

  it('on the file store (two instances sharing a data directory): all open, numbers unique and gapless', async () => {
    await openHundred(async () => ({ dataDir: await tempDir(), storage: { kind: 'file', container: 'unused' } }));
  }, 120_000);

  it('on Table Storage (two instances sharing Azurite tables): all open, numbers unique and gapless', async () => {
    await openHundred(async () => ({
      dataDir: '/unused',
      storage: {
        kind: 'table',
        connectionString: tables.connectionString,
        container: 'unused',
        tablePrefix: 'contention',
      },
    }));
  }, 180_000);

  it('on Blob Storage (two instances sharing an Azurite container): all open, numbers unique and gapless', async () => {
    await openHundred(async () => ({
      dataDir: '/unused',
      storage: { kind: 'blob', connectionString: azurite.connectionString, container: 'contention' },
    }));
  }, 180_000);
});
