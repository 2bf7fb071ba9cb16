import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageFactory, type StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { startAzurite, startAzuriteTables, type Azurite } from '../helpers/azurite.js';
import { ADELE, ALEX, MEGAN, PLAN, VAULT, card, makeApprovals } from './approval-fixture.js';

let azurite: Azurite;
let tables: Azurite;
const dirs: string[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
  tables = await startAzuriteTables();
});
afterAll(async () => {
  await azurite?.stop();
  await tables?.stop();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** Two bot instances sharing one storage: each has its own service, audit log and caches. */
function twoInstances(storage: () => StorageFactory) {
  const instance = () => {
    const f = storage();
    return makeApprovals({
      approvals: f.recordStore('approvals'),
      audit: f.recordStore('audit'),
      head: f.recordStore('audit-head'),
    });
  };
  return [instance(), instance()] as const;
}

async function raceOnce(storage: () => StorageFactory, rounds: number) {
  const [one, two] = twoInstances(storage);
  for (let round = 0; round < rounds; round++) {
    const request = await one.service.create({
      requester: ALEX,
      vault: VAULT,
      plan: { ...PLAN, basedOn: `round ${round}` },
      justification: `round ${round}`,
    });
    const payload = card(request, 'approve');
    // Megan on instance one and Adele on instance two click Approve at the same moment.
    const decisions = await Promise.all([one.service.decide(payload, MEGAN), two.service.decide(payload, ADELE)]);
    expect(decisions.filter((d) => d.ok)).toHaveLength(1);
    expect(decisions.find((d) => !d.ok)).toMatchObject({ ok: false, refusal: { code: 'already-decided' } });
    // Both instances then try to apply it (the winner's worker and a sweeper on the other): one claim.
    const claims = await Promise.all([
      one.service.claimApply(request.id, { id: 'worker-1' }),
      two.service.claimApply(request.id, { id: 'worker-2' }),
    ]);
    expect(claims.filter((c) => c.ok)).toHaveLength(1);
    const stored = await one.service.get(request.id);
    expect(stored).toMatchObject({ status: 'applying', decisions: [{ decision: 'approve' }] });
    expect(stored!.decisions).toHaveLength(1);
    const applyClaims = (await one.audit.list({ requestId: request.id, type: 'apply' })).filter(
      (r) => r.data.status === 'applying',
    );
    expect(applyClaims).toHaveLength(1);
    expect(applyClaims[0]!.actor.id).toBe(stored!.apply!.claimedBy);
  }
  expect(await two.audit.verify()).toMatchObject({ ok: true });
}

describe('two approvals racing → exactly one decision and exactly one apply claim', () => {
  it('on the file store (two instances sharing a data directory)', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-race-'));
    dirs.push(dataDir);
    await raceOnce(() => createStorageFactory({ dataDir, storage: { kind: 'file', container: 'unused' } }), 4);
  });

  it('on SQLite (two instances, two connections to one database)', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-race-'));
    dirs.push(dataDir);
    await raceOnce(() => createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } }), 4);
  });

  it('on Table Storage (two instances sharing Azurite tables)', async () => {
    await raceOnce(
      () =>
        createStorageFactory({
          dataDir: '/unused',
          storage: {
            kind: 'table',
            connectionString: tables.connectionString,
            container: 'unused',
            tablePrefix: 'race',
          },
        }),
      4,
    );
  });

  it('on Blob Storage (two instances sharing an Azurite container)', async () => {
    await raceOnce(
      () =>
        createStorageFactory({
          dataDir: '/unused',
          storage: { kind: 'blob', connectionString: azurite.connectionString, container: 'race' },
        }),
      4,
    );
  });
});
