/**
 * Azurite's table service (in memory) with one addition for the storage benchmark: a bulk load.
 * Seeding 100,000 cases through Azurite's HTTP API takes hours, because every insert checks for an
 * existing entity by scanning the one-partition table (see docs/storage.md), and its disk
 * persistence cannot hold the result either (LokiJS saves the whole database as one JSON string,
 * capped at 512 MiB). So this process starts the same `TableServer` the `azurite-table` command
 * does and, on an IPC message `{ load: <file> }`, inserts the entities in that NDJSON file (one
 * `{ table, entity }` per line, `entity` as Azurite's HTTP layer would have stored it) straight
 * into the table's LokiJS collection, its indexes rebuilt once at the end. Queries then go through
 * Azurite's real HTTP and query path, unchanged. Benchmark use only: `bench/storage.ts --tables C,A --bulk`.
 *
 * Run as a child process with IPC: prints `listening <port>` once started, answers each load with
 * `{ loaded: <entities> }` or `{ error: <message> }`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import TableConfiguration from 'azurite/dist/src/table/TableConfiguration.js';
import TableServer from 'azurite/dist/src/table/TableServer.js';

const ACCOUNT = 'devstoreaccount1';

/** The slice of LokiJS that the load uses (Azurite ships no types for its store). */
interface LokiCollection {
  adaptiveBinaryIndices: boolean;
  insert(docs: object[]): unknown;
  ensureAllIndexes(force: boolean): void;
}
interface LokiDb {
  getCollection(name: string): LokiCollection | null;
}

async function load(db: LokiDb, file: string): Promise<number> {
  const pending = new Map<string, object[]>();
  const collections = new Map<string, LokiCollection>();
  let count = 0;
  const flush = (table: string) => {
    const docs = pending.get(table);
    if (docs?.length) (collections.get(table) as LokiCollection).insert(docs);
    pending.set(table, []);
  };
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const { table, entity } = JSON.parse(line) as { table: string; entity: object };
    if (!collections.has(table)) {
      const c = db.getCollection(`${ACCOUNT}$${table}`);
      if (!c) throw new Error(`table ${table} does not exist in Azurite`);
      // Each insert would otherwise splice the PartitionKey and RowKey indexes (quadratic); they are
      // rebuilt once below instead.
      c.adaptiveBinaryIndices = false;
      collections.set(table, c);
      pending.set(table, []);
    }
    const docs = pending.get(table) as object[];
    docs.push(entity);
    count++;
    if (docs.length >= 10_000) flush(table);
  }
  for (const [table, c] of collections) {
    flush(table);
    c.ensureAllIndexes(true);
    c.adaptiveBinaryIndices = true;
  }
  // The load leaves gigabytes of parsed lines and index arrays behind. Left to V8, the major
  // collection of that heap (about 10 GB at the full scale) comes a minute later, while queries are
  // being timed, and slows every query for ten seconds (its incremental marking runs between them).
  // An Azurite seeded through its API would have collected as it went, so the bench collects once
  // here, before it times anything (the process runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  return count;
}

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 0);
  const config = new TableConfiguration(
    '127.0.0.1',
    port,
    undefined,
    undefined,
    false,
    false,
    undefined,
    undefined,
    false,
    true, // skipApiVersionCheck
    '',
    '',
    '',
    undefined,
    false,
    true, // in memory
  );
  const server = new TableServer(config);
  await server.start();
  // The metadata store is the server's own (see TableServer's constructor); its LokiJS database holds the tables.
  const db = (server as unknown as { metadataStore: { db: LokiDb } }).metadataStore.db;
  process.on('message', (msg: { load?: string }) => {
    if (!msg.load) return;
    load(db, msg.load).then(
      (loaded) => process.send?.({ loaded }),
      (e: unknown) => process.send?.({ error: (e as Error).message }),
    );
  });
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  console.log(`listening ${port}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
