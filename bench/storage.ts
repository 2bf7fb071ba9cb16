/**
 * `npm run bench -- --storage-only` (or part of `npm run bench`): storage at a year's scale.
 * Seeds 100,000 cases and 1,000,000 audit records directly into the SQLite store in bulk
 * transactions (a valid hash chain with its checkpoints), then times what the bot does through its
 * real services: "my cases", the reminder sweep, `audit list --vault` (first page) and the
 * incremental `audit verify`, as p50/p99. Then the HTTP endpoint: FAQ answers per second of the
 * real bot (`src/index.ts`, SQLite, sandbox) beside a plain botbuilder echo bot on the same
 * restify, both as child processes, alternating, in the same run. `--azurite` adds the Blob store
 * at a smaller scale; `--tables C,A` the Azure table store on Azurite with C cases and A audit
 * records, seeded in bulk transactions (Azurite answers a query by scanning the whole table in
 * memory, so its times grow with the table, unlike Azure's RowKey range reads); with `--bulk` the
 * same entities are loaded straight into Azurite's collections (azurite-bulk-tables.ts), which
 * reaches the full scale in minutes where its API takes hours (`BULK_TRACE_GC=1` prints that Azurite
 * process's garbage collections). Scale with
 * `--cases N --audit N`; `--seconds 0` skips the endpoint, `--no-sqlite` the SQLite part;
 * `--rounds N` sets the endpoint's rounds and `--baseline <dir>` adds another checkout's bot to them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAuditLog } from '../src/adapters/storage/audit-log-factory.js';
import { sha256Hex } from '../src/adapters/storage/sha256-hash.js';
import { openSqlite, sqliteFile } from '../src/adapters/storage/sqlite/sqlite-database.js';
import { SqliteRecordStore } from '../src/adapters/storage/sqlite/sqlite-record-store.js';
import { createStorageFactory, type StorageFactory } from '../src/adapters/storage/storage-factory.js';
import { ProtocolClient } from '../src/cli/chat/protocol-client.js';
import { ENDPOINT_QUESTIONS } from './endpoint-questions.js';
import { computeAuditHash, auditKey, type AuditCheckpoint, type AuditHead } from '../src/core/audit/audit-chain.js';
import { GENESIS_HASH, type AuditRecord } from '../src/core/audit/audit-record.js';
import { RecordCounters } from '../src/core/storage/counter.js';
import { EscalationService } from '../src/core/escalation/escalation-service.js';
import type { Case } from '../src/core/escalation/case-types.js';
import { CASE_BY_REQUESTER } from '../src/core/escalation/case-indexes.js';
import { indexesOf } from '../src/core/storage/namespaces.js';
import type { RecordIndex } from '../src/core/storage/record-query.js';
import type { RecordStore } from '../src/core/storage/record-store.js';
import type { TableRecordStore } from '../src/adapters/storage/table/table-record-store.js';

const ROOT = path.resolve(__dirname, '..');
const USERS = 10_000;
const VAULTS = 50;

/** Options of {@link runStorageBench}. */
export interface StorageBenchOptions {
  cases?: number;
  audit?: number;
  azurite?: boolean;
  /**
   * Azure Table Storage on Azurite, seeded with this many cases and audit records (`--tables C,A`);
   * `bulk` (`--bulk`) loads them straight into Azurite's collections instead of through its API.
   */
  tables?: { cases: number; audit: number; bulk?: boolean };
  /** Skip the SQLite part (`--no-sqlite`), e.g. to run only the table store. */
  sqlite?: boolean;
  endpointSeconds?: number;
  /** Rounds of the endpoint comparison (default 3). */
  endpointRounds?: number;
  /**
   * Another checkout of the project (`--baseline <dir>`, e.g. `git worktree add` or `git archive`
   * of an older commit, with node_modules): its bot runs in the same rounds, so a change is
   * measured before and after under the same load.
   */
  baselineRoot?: string;
  quiet?: boolean;
}

/** p50/p99 in milliseconds. */
export interface Timing {
  p50: number;
  p99: number;
  runs: number;
}

function percentiles(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 100) / 100;
  return { p50: at(0.5), p99: at(0.99), runs: s.length };
}

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  if (process.env.BENCH_SAMPLES) console.log(samples.map((s) => Math.round(s)).join(' '));
  return percentiles(samples);
}

/** The bench users' Entra object ids. */
function aadOf(user: number): string {
  return `00000000-0000-0000-0000-${String(user).padStart(12, '0')}`;
}

function makeCase(i: number, now: number): Case {
  const user = i % USERS;
  const open = i % 10 === 0;
  const created = new Date(now - (100_000 - i) * 60_000).toISOString();
  const requester = {
    id: `29:user-${user}`,
    aadObjectId: aadOf(user),
    name: `User ${user}`,
  };
  return {
    id: `c${i}`,
    number: `KV-${1001 + i}`,
    version: 1,
    status: open ? 'open' : 'resolved',
    priority: 'normal',
    suggestedPriority: 'normal',
    priorityReasons: [],
    trigger: 'user-request',
    requester,
    packet: {
      messages: [
        { at: created, text: `why can't I list secrets in kv-${i % VAULTS}? pipeline run ${i} fails with 403` },
      ],
      vault: { name: `kv-${i % VAULTS}` },
    },
    events: [{ at: created, type: 'opened', actor: requester, text: 'user-request' }],
    conversations: {},
    // Open cases are due in the future, except one in a hundred: the sweep finds only those.
    ...(open ? { reminderDueAt: new Date(now + (i % 1000 === 0 ? -60_000 : 3_600_000)).toISOString() } : {}),
    createdAt: created,
    updatedAt: created,
  };
}

/** Seeds cases and a valid audit chain (with checkpoints and head) straight into SQLite. */
function seedSqlite(dataDir: string, cases: number, audit: number, log: (s: string) => void): void {
  const db = openSqlite(sqliteFile(dataDir), { synchronous: 'NORMAL' });
  const store = <T>(ns: string): SqliteRecordStore<T> =>
    new SqliteRecordStore<T>(db, ns, indexesOf(ns) as readonly RecordIndex<T>[]);
  const caseStore = store<Case>('cases');
  const now = Date.now();
  let t = performance.now();
  const batch = 20_000;
  for (let from = 0; from < cases; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(cases, from + batch); i++) caseStore.putNow(`cases/c${i}`, makeCase(i, now));
    })();
  }
  new RecordCounters(store('case-counters'));
  db.prepare(
    'INSERT INTO counters (name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next',
  ).run('counters/case-number', 1001 + cases);
  log(`seeded ${cases} cases in ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  const records = store<AuditRecord>('audit');
  const checkpoints = store<AuditCheckpoint>('audit-checkpoints');
  let prev = GENESIS_HASH;
  const start = now - audit * 1000;
  for (let from = 1; from <= audit; from += batch) {
    db.transaction(() => {
      for (let seq = from; seq < Math.min(audit + 1, from + batch); seq++) {
        const unsigned: Omit<AuditRecord, 'hash'> = {
          seq,
          at: new Date(start + seq * 1000).toISOString(),
          type: seq % 3 ? 'probe' : 'decision',
          actor: { id: `aad-${seq % USERS}` },
          data: { probe: 'permission-check', verdict: seq % 2 ? 'allowed' : 'denied' },
          vault: `kv-${seq % VAULTS}`,
          prevHash: prev,
        };
        const record: AuditRecord = { ...unsigned, hash: computeAuditHash(unsigned, sha256Hex) };
        records.putNow(auditKey(seq), record);
        if (seq % 1000 === 0) checkpoints.putNow(auditKey(seq), { seq, hash: record.hash, at: record.at });
        prev = record.hash;
      }
    })();
  }
  store<AuditHead>('audit-head').putNow('head', { seq: audit, hash: prev });
  log(
    `seeded ${audit} audit records (hash chain, ${Math.floor(audit / 1000)} checkpoints) in ${Math.round(performance.now() - t)} ms`,
  );
  db.close();
}

/** The queries, through the real services over a factory. */
async function measureQueries(
  storage: StorageFactory,
  cases: number,
  appendFirst: number,
  runs = { myCases: 200, sweep: 50, auditList: 20, verify: 10 },
): Promise<Record<string, Timing>> {
  const service = new EscalationService(
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
      supportMembers: { isSupportMember: async () => true },
      audit: async () => undefined,
      clock: () => new Date(),
      newId: () => `n${Math.random().toString(36).slice(2)}`,
    },
    { adminIds: [], reminderAfterInMs: 3_600_000 },
  );
  const users = Math.min(USERS, cases);
  // As in Teams: the person has an Entra object id, which is what "my cases" reads by.
  const myCases = await time(runs.myCases, (i) => {
    const user = (i * 7919) % users;
    return service.listForUser({ id: `29:user-${user}`, aadObjectId: aadOf(user) });
  });
  const sweep = await time(runs.sweep, () => service.dueReminders());
  const log = createAuditLog(storage);
  // A few appends through the real path, so the incremental verify has records after the checkpoint.
  for (let i = 0; i < appendFirst; i++)
    await log.append({ type: 'probe', actor: { id: 'bench' }, vault: 'kv-1', data: { i } });
  const auditList = await time(runs.auditList, (i) => log.list({ vault: `kv-${i % VAULTS}`, limit: 1000 }));
  const verify = await time(runs.verify, async () => {
    const r = await log.verify();
    if (!r.ok) throw new Error(`verify failed: ${r.message}`);
  });
  return { myCases, reminderSweep: sweep, auditListFirstPage: auditList, verifyIncremental: verify };
}

async function seedThroughStore(storage: StorageFactory, cases: number, audit: number): Promise<void> {
  const caseStore = storage.recordStore<Case>('cases') as RecordStore<Case>;
  const now = Date.now();
  for (let from = 0; from < cases; from += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, cases - from) }, (_, k) =>
        caseStore.put(`cases/c${from + k}`, makeCase(from + k, now)),
      ),
    );
  const log = createAuditLog(storage);
  for (let i = 0; i < audit; i++)
    await log.append({ type: 'probe', actor: { id: `aad-${i % USERS}` }, vault: `kv-${i % VAULTS}`, data: { i } });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startChild(
  script: string,
  env: Record<string, string>,
  cwd = ROOT,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MicrosoftAppId: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${script} not healthy in 60 s`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${port}/api/messages` };
}

/** CPU time (user + system, all threads) a process has used so far, in ms; undefined off Linux. */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime in ticks.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** Linux's USER_HZ (the unit of /proc/<pid>/stat times) is 100 on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** One round of the endpoint: answers per second, and the server's CPU ms per answer when known. */
interface EndpointRound {
  perSecond: number;
  cpuMsPerAnswer?: number;
}

/**
 * Answers per second over `seconds`, from `concurrency` conversations asking in a loop, and the
 * server's CPU time per answer (its process's, read from /proc): on a loaded machine the rate
 * moves with the load, the CPU per answer much less.
 */
async function answersPerSecond(url: string, seconds: number, concurrency = 8, pid?: number): Promise<EndpointRound> {
  // One person per conversation, as in Teams (one 1:1 chat per person and bot): the same person in
  // eight chats would move their stored conversation reference on every turn.
  const person = (k: number) => ({
    id: `29:bench-user-${k}`,
    name: `Bench User ${k}`,
    aadObjectId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
  });
  const clients = await Promise.all(
    Array.from({ length: concurrency }, (_, k) =>
      ProtocolClient.start({ botUrl: url, channelId: 'msteams', timeoutInMs: 30_000, user: person(k) }),
    ),
  );
  // Warm up each conversation (first turn creates its state).
  await Promise.all(clients.map((c) => c.sendText('hello')));
  let answered = 0;
  const cpuBefore = cpuMsOf(pid);
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c, k) => {
      // Conversation k's j-th question is number j * concurrency + k: together the conversations walk
      // the list in order, so a text comes back only after all the others (more than any memo holds).
      for (let j = 0; performance.now() < end; j++) {
        const r = await c.sendText(ENDPOINT_QUESTIONS[(j * concurrency + k) % ENDPOINT_QUESTIONS.length]!);
        if (r.status === 200 && r.replies.length > 0) answered++;
      }
    }),
  );
  const rate = answered / ((performance.now() - started) / 1000);
  const cpuAfter = cpuMsOf(pid);
  await Promise.all(clients.map((c) => c.close()));
  const cpu =
    cpuBefore !== undefined && cpuAfter !== undefined && answered > 0
      ? Math.round(((cpuAfter - cpuBefore) / answered) * 100) / 100
      : undefined;
  return { perSecond: Math.round(rate), ...(cpu === undefined ? {} : { cpuMsPerAnswer: cpu }) };
}

/** The endpoint comparison: answers/s per round, and kvbot/echo per round and of the medians. */
export interface EndpointResult {
  kvbotPerSecond: number[];
  echoPerSecond: number[];
  /** kvbot / echo of each round (the rounds run back to back, so each is a like-for-like pair). */
  roundRatios: number[];
  ratio: number;
  /** The servers' CPU ms per answer in each round (from /proc; absent where it cannot be read). */
  kvbotCpuMsPerAnswer: number[];
  echoCpuMsPerAnswer: number[];
  /** echo CPU / kvbot CPU per answer, of the medians: the rate ratio if CPU were the only limit. */
  cpuRatio?: number;
  baseline?: {
    root: string;
    kvbotPerSecond: number[];
    roundRatios: number[];
    ratio: number;
    kvbotCpuMsPerAnswer: number[];
    cpuRatio?: number;
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio2 = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

async function measureEndpoint(seconds: number, rounds = 3, baselineRoot?: string): Promise<EndpointResult> {
  const dataDirs: string[] = [];
  const kvbotIn = (root: string) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-bench-endpoint-'));
    dataDirs.push(dataDir);
    return startChild('src/index.ts', { KVBOT_DATA_DIR: dataDir, KVBOT_WATCH_KNOWLEDGE: 'false' }, root);
  };
  const children: ChildProcess[] = [];
  try {
    const kvbot = await kvbotIn(ROOT);
    children.push(kvbot.child);
    const echo = await startChild('bench/echo-bot.ts', {});
    children.push(echo.child);
    const baseline = baselineRoot ? await kvbotIn(path.resolve(baselineRoot)) : undefined;
    if (baseline) children.push(baseline.child);
    const kvr: EndpointRound[] = [];
    const ecr: EndpointRound[] = [];
    const baser: EndpointRound[] = [];
    // One uncounted round each first: V8 compiles a server's hot path over its first few thousand
    // requests, and the first measured round would otherwise time the compiler (the echo bot's
    // first round ran at a third of its later rate).
    for (const url of [echo.url, kvbot.url, ...(baseline ? [baseline.url] : [])])
      await answersPerSecond(url, Math.min(seconds, 3));
    // Alternate, so that load from elsewhere on the machine hits all alike.
    for (let round = 0; round < rounds; round++) {
      ecr.push(await answersPerSecond(echo.url, seconds, 8, echo.child.pid));
      kvr.push(await answersPerSecond(kvbot.url, seconds, 8, kvbot.child.pid));
      if (baseline) baser.push(await answersPerSecond(baseline.url, seconds, 8, baseline.child.pid));
    }
    const rates = (rs: EndpointRound[]) => rs.map((r) => r.perSecond);
    const cpus = (rs: EndpointRound[]) => rs.flatMap((r) => (r.cpuMsPerAnswer === undefined ? [] : [r.cpuMsPerAnswer]));
    const cpuRatio = (rs: EndpointRound[]) =>
      cpus(rs).length && cpus(ecr).length ? ratio2(median(cpus(ecr)), median(cpus(rs))) : undefined;
    const [kv, ec, base] = [rates(kvr), rates(ecr), rates(baser)];
    return {
      kvbotPerSecond: kv,
      echoPerSecond: ec,
      roundRatios: kv.map((k, i) => ratio2(k, ec[i]!)),
      ratio: ratio2(median(kv), median(ec)),
      kvbotCpuMsPerAnswer: cpus(kvr),
      echoCpuMsPerAnswer: cpus(ecr),
      cpuRatio: cpuRatio(kvr),
      ...(baseline
        ? {
            baseline: {
              root: path.resolve(baselineRoot!),
              kvbotPerSecond: base,
              roundRatios: base.map((b, i) => ratio2(b, ec[i]!)),
              ratio: ratio2(median(base), median(ec)),
              kvbotCpuMsPerAnswer: cpus(baser),
              cpuRatio: cpuRatio(baser),
            },
          }
        : {}),
    };
  } finally {
    for (const c of children) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)));
    }
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function measureAzurite(
  cases: number,
  audit: number,
  log: (s: string) => void,
): Promise<Record<string, unknown>> {
  const { startAzurite } = await import('../test/helpers/azurite.js');
  const azurite = await startAzurite();
  try {
    const storage = createStorageFactory({
      dataDir: '/unused',
      storage: { kind: 'blob', connectionString: azurite.connectionString, container: 'bench' },
    });
    const t = performance.now();
    await seedThroughStore(storage, cases, audit);
    log(
      `azurite: seeded ${cases} cases and ${audit} audit records through the store in ${Math.round(performance.now() - t)} ms`,
    );
    // Few runs: without native indexes every query on Blob Storage lists and downloads the namespace.
    return {
      cases,
      audit,
      ...(await measureQueries(storage, cases, 0, { myCases: 5, sweep: 5, auditList: 5, verify: 3 })),
    };
  } finally {
    await azurite.stop();
  }
}

/** A running Azurite table service the bench talks to. */
export interface BenchAzurite {
  connectionString: string;
  /** Loads what was diverted (bulk mode) into Azurite; a no-op otherwise. */
  loadDiverted(): Promise<number>;
  /** In bulk mode, sends a store's bulk imports to the load file instead of Azurite's HTTP API. */
  divert(store: object): void;
  /** Entities diverted per table (bulk mode). */
  readonly diverted: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Azurite for the table bench: the test helper's (seeded through HTTP), or with `bulk` the bench's
 * own Azurite process (azurite-bulk-tables.ts), where a store's `importMany` transactions are
 * written to a file as the entities Azurite would store and loaded straight into its collections:
 * the only way to reach 100,000 cases in a working session (see that file). Tables, index markers and
 * every query still go through Azurite's HTTP API.
 */
export async function benchAzurite(bulk: boolean): Promise<BenchAzurite> {
  if (!bulk) {
    const { startAzuriteTables } = await import('../test/helpers/azurite.js');
    const azurite = await startAzuriteTables({ timeoutInMs: 60_000 });
    return {
      connectionString: azurite.connectionString,
      loadDiverted: async () => 0,
      divert: () => {},
      diverted: new Map(),
      stop: azurite.stop,
    };
  }
  const { freePort } = await import('../test/helpers/free-port.js');
  const { DEV_ACCOUNT_KEY } = await import('../test/helpers/azurite.js');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=16384',
      // Each query over the full-scale table allocates tens of MB that live as long as the query;
      // with V8's default young generation they are promoted, the 10 GB old generation fills, and
      // its major collection slows every query for ten seconds or more. A larger young generation
      // lets them die young (Azurite's own heap, for a dataset no Azurite is seeded with otherwise).
      '--max-semi-space-size=256',
      // V8's memory reducer shrinks the heap with a full, non-incremental collection when the
      // allocation rate drops (between the bench's phases): two seconds at this heap size.
      '--no-memory-reducer',
      '--expose-gc',
      ...(process.env.BULK_TRACE_GC ? ['--trace-gc'] : []),
      '--import',
      'tsx',
      path.join(ROOT, 'bench', 'azurite-bulk-tables.ts'),
      String(port),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      if (process.env.BULK_TRACE_GC) process.stderr.write(c);
      out += c.toString();
      if (out.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bulk Azurite exited (${code}) before listening: ${out}`)));
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-bench-bulk-')), 'entities.ndjson');
  const sink = fs.createWriteStream(file);
  const write = (line: string): Promise<void> =>
    sink.write(line) ? Promise.resolve() : new Promise<void>((r) => sink.once('drain', () => r()));
  const diverted = new Map<string, number>();
  // The diverted clients' own submitTransaction, put back once the load is done (later writes, such
  // as the measured queries' audit appends, go through Azurite's API).
  const restore: (() => void)[] = [];
  return {
    diverted,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    divert(store: object) {
      const client = (store as { client: { tableName: string; submitTransaction: unknown } }).client;
      const own = client.submitTransaction;
      restore.push(() => {
        client.submitTransaction = own;
      });
      // What Azurite's insert would store: the entity's properties with their keys and a timestamp.
      client.submitTransaction = async (actions: [string, Record<string, unknown>][]) => {
        let lines = '';
        for (const [op, e] of actions) {
          if (op !== 'create') throw new Error(`bulk load diverts only creates, not ${op}`);
          const { partitionKey, rowKey, ...props } = e;
          const at = new Date().toISOString().replace('Z', '0000Z');
          const entity = {
            PartitionKey: partitionKey,
            RowKey: rowKey,
            properties: {
              PartitionKey: partitionKey,
              RowKey: rowKey,
              ...props,
              Timestamp: at,
              'Timestamp@odata.type': 'Edm.DateTime',
            },
            lastModifiedTime: at,
            eTag: `W/"datetime'${encodeURIComponent(at)}'"`,
          };
          lines += `${JSON.stringify({ table: client.tableName, entity })}\n`;
        }
        diverted.set(client.tableName, (diverted.get(client.tableName) ?? 0) + actions.length);
        await write(lines);
        return { status: 202 };
      };
    },
    async loadDiverted() {
      await new Promise<void>((r) => sink.end(() => r()));
      // A load too large for the heap kills the process: that is an answer too, not a hang.
      const reply = await new Promise<{ loaded?: number; error?: string }>((resolve) => {
        child.once('message', (m) => resolve(m as { loaded?: number; error?: string }));
        child.once('exit', (code, signal) => resolve({ error: `Azurite exited (${code ?? signal}) during the load` }));
        child.send({ load: file });
      });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      for (const r of restore) r();
      if (reply.error !== undefined) throw new Error(`bulk load failed: ${reply.error}`);
      return reply.loaded ?? 0;
    },
    async stop() {
      // A run that failed before its load leaves the file behind otherwise.
      sink.destroy();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      if (child.connected) child.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

/**
 * Seeds cases and a valid audit chain into the table store in bulk transactions (or, with `bulk`,
 * straight into Azurite's collections), then measures.
 */
async function measureTables(
  cases: number,
  audit: number,
  log: (s: string) => void,
  bulk = false,
): Promise<Record<string, unknown>> {
  const azurite = await benchAzurite(bulk);
  try {
    const storage = createStorageFactory({
      dataDir: '/unused',
      storage: { kind: 'table', connectionString: azurite.connectionString, container: 'unused', tablePrefix: 'bench' },
    });
    const now = Date.now();
    let t = performance.now();
    const caseStore = storage.recordStore<Case>('cases') as TableRecordStore<Case>;
    const divert = async (store: object): Promise<void> => {
      // The table and its index marker are made through Azurite's API first; only the imports are diverted.
      await (store as unknown as { ready(): Promise<void> }).ready();
      azurite.divert(store);
    };
    if (bulk) await divert(caseStore);
    // Each chunk's time, to show how Azurite's inserts slow down as the partition grows.
    const chunkMs: number[] = [];
    for (let from = 0; from < cases; from += 2000) {
      const c = performance.now();
      await caseStore.importMany(
        Array.from({ length: Math.min(2000, cases - from) }, (_, k) => ({
          key: `cases/c${from + k}`,
          value: makeCase(from + k, now),
        })),
      );
      chunkMs.push(Math.round(performance.now() - c));
    }
    log(
      bulk
        ? `  table: wrote ${cases} cases for the bulk load in ${Math.round(performance.now() - t)} ms`
        : `  table: seeded ${cases} cases in ${Math.round(performance.now() - t)} ms (per 2,000 cases: ${chunkMs.join(', ')} ms)`,
    );
    t = performance.now();
    const records = storage.recordStore<AuditRecord>('audit') as TableRecordStore<AuditRecord>;
    if (bulk) await divert(records);
    const checkpoints: { key: string; value: AuditCheckpoint }[] = [];
    let prev = GENESIS_HASH;
    const start = now - audit * 1000;
    const auditChunkMs: number[] = [];
    for (let from = 1; from <= audit; from += 5000) {
      const c = performance.now();
      const page: { key: string; value: AuditRecord }[] = [];
      for (let seq = from; seq < Math.min(audit + 1, from + 5000); seq++) {
        const unsigned: Omit<AuditRecord, 'hash'> = {
          seq,
          at: new Date(start + seq * 1000).toISOString(),
          type: seq % 3 ? 'probe' : 'decision',
          actor: { id: `aad-${seq % USERS}` },
          data: { probe: 'permission-check', verdict: seq % 2 ? 'allowed' : 'denied' },
          vault: `kv-${seq % VAULTS}`,
          prevHash: prev,
        };
        const record: AuditRecord = { ...unsigned, hash: computeAuditHash(unsigned, sha256Hex) };
        page.push({ key: auditKey(seq), value: record });
        if (seq % 1000 === 0)
          checkpoints.push({ key: auditKey(seq), value: { seq, hash: record.hash, at: record.at } });
        prev = record.hash;
      }
      await records.importMany(page);
      auditChunkMs.push(Math.round(performance.now() - c));
    }
    const checkpointStore = storage.recordStore<AuditCheckpoint>(
      'audit-checkpoints',
    ) as TableRecordStore<AuditCheckpoint>;
    if (bulk) await divert(checkpointStore);
    await checkpointStore.importMany(checkpoints);
    await storage.recordStore<AuditHead>('audit-head').put('head', { seq: audit, hash: prev });
    log(
      bulk
        ? `  table: wrote ${audit} audit records (${checkpoints.length} checkpoints) for the bulk load in ${Math.round(performance.now() - t)} ms`
        : `  table: seeded ${audit} audit records (${checkpoints.length} checkpoints) in ${Math.round(performance.now() - t)} ms (per 5,000 records: ${auditChunkMs.join(', ')} ms)`,
    );
    if (bulk) {
      t = performance.now();
      const loaded = await azurite.loadDiverted();
      log(`  table: loaded ${loaded} entities into Azurite's collections in ${Math.round(performance.now() - t)} ms`);
    }
    // What Azurite has to look through: every entity of the table, for any filter (its LokiJS
    // store matches a query's filter against the whole collection, and a point read's PartitionKey
    // index does not narrow a one-partition table). On Azure these are RowKey range or point reads.
    const { TableClient } = await import('@azure/data-tables');
    const { tableNameFor } = await import('../src/adapters/storage/table/table-keys.js');
    const entities: Record<string, number> = {};
    for (const ns of ['cases', 'audit']) {
      // Bulk mode: counted as loaded (listing millions of entities through Azurite, a page at a
      // time, scans the whole table for every page).
      const loaded = azurite.diverted.get(tableNameFor('bench', ns));
      if (loaded !== undefined) {
        entities[ns] = loaded;
        continue;
      }
      const client = TableClient.fromConnectionString(azurite.connectionString, tableNameFor('bench', ns), {
        allowInsecureConnection: true,
      });
      let n = 0;
      for await (const page of client
        .listEntities({ queryOptions: { select: ['RowKey'] } })
        .byPage({ maxPageSize: 1000 }))
        n += page.length;
      entities[ns] = n;
    }
    const returned = {
      myCases: (await caseStore.query({ index: CASE_BY_REQUESTER, equals: aadOf(1) })).length,
      auditListFirstPage: (await createAuditLog(storage).list({ vault: 'kv-1', limit: 1000 })).length,
    };
    log(
      `  table: entities Azurite scans per query: cases table ${entities.cases}, audit table ${entities.audit}; rows returned: my cases ${returned.myCases}, audit list first page ${returned.auditListFirstPage}`,
    );
    const pointRead = await time(30, (i) => caseStore.get(`cases/c${(i * 7919) % cases}`));
    return {
      cases,
      audit,
      entities,
      returned,
      pointRead,
      ...(await measureQueries(storage, cases, 10, { myCases: 100, sweep: 30, auditList: 10, verify: 10 })),
    };
  } finally {
    await azurite.stop();
  }
}

/** Runs the storage benchmark and prints (unless quiet) a table. */
export async function runStorageBench(options: StorageBenchOptions = {}): Promise<Record<string, unknown>> {
  const cases = options.cases ?? 100_000;
  const audit = options.audit ?? 1_000_000;
  const log = (s: string): void => {
    if (!options.quiet) console.log(s);
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-bench-storage-'));
  const out: Record<string, unknown> = {};
  try {
    if (options.sqlite === false) throw new SkipSqlite();
    log(`\nStorage (SQLite, ${cases} cases, ${audit} audit records)`);
    seedSqlite(dataDir, cases, audit, log);
    const storage = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    try {
      const q = await measureQueries(storage, cases, 10);
      out.sqlite = { cases, audit, ...q };
      for (const [name, t] of Object.entries(q))
        log(
          `  ${name.padEnd(20)} p50 ${String(t.p50).padStart(8)} ms   p99 ${String(t.p99).padStart(8)} ms   (${t.runs} runs)`,
        );
    } finally {
      storage.close();
    }
  } catch (e) {
    if (!(e instanceof SkipSqlite)) throw e;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (options.tables) {
    log(
      `\nStorage (Azure Table Storage on Azurite, ${options.tables.cases} cases, ${options.tables.audit} audit records${options.tables.bulk ? ', bulk-loaded' : ''})`,
    );
    const tb = await measureTables(options.tables.cases, options.tables.audit, log, options.tables.bulk);
    out.tables = tb;
    for (const [name, t] of Object.entries(tb))
      if (typeof t === 'object' && t && 'p50' in t)
        log(
          `  ${name.padEnd(20)} p50 ${String((t as Timing).p50).padStart(8)} ms   p99 ${String((t as Timing).p99).padStart(8)} ms   (${(t as Timing).runs} runs)`,
        );
  }
  const endpoint =
    options.endpointSeconds === 0
      ? undefined
      : await measureEndpoint(options.endpointSeconds ?? 5, options.endpointRounds ?? 3, options.baselineRoot);
  out.endpoint = endpoint;
  if (endpoint) {
    log(
      `\nEndpoint, FAQ answers/s (${endpoint.kvbotPerSecond.length} rounds, 8 conversations): kvbot ${endpoint.kvbotPerSecond.join(', ')}; echo bot ${endpoint.echoPerSecond.join(', ')}; kvbot/echo per round ${endpoint.roundRatios.join(', ')}; of the medians ${endpoint.ratio}`,
    );
    if (endpoint.cpuRatio !== undefined)
      log(
        `  server CPU ms per answer: kvbot ${endpoint.kvbotCpuMsPerAnswer.join(', ')}; echo bot ${endpoint.echoCpuMsPerAnswer.join(', ')}; echo/kvbot of the medians ${endpoint.cpuRatio}`,
      );
    if (endpoint.baseline)
      log(
        `  baseline ${endpoint.baseline.root}: kvbot ${endpoint.baseline.kvbotPerSecond.join(', ')}; kvbot/echo per round ${endpoint.baseline.roundRatios.join(', ')}; of the medians ${endpoint.baseline.ratio}; CPU ms per answer ${endpoint.baseline.kvbotCpuMsPerAnswer.join(', ')} (echo/baseline ${endpoint.baseline.cpuRatio ?? 'n/a'})`,
      );
  }
  if (options.azurite) {
    const az = await measureAzurite(300, 1500, log);
    out.azurite = az;
    for (const [name, t] of Object.entries(az))
      if (typeof t === 'object' && t)
        log(
          `  azurite ${name.padEnd(20)} p50 ${String((t as Timing).p50).padStart(8)} ms   p99 ${String((t as Timing).p99).padStart(8)} ms`,
        );
  }
  return out;
}

class SkipSqlite extends Error {}

/** `--tables C,A [--bulk]` → { cases: C, audit: A, bulk }. */
export function tablesFlag(argv: readonly string[]): { cases: number; audit: number; bulk: boolean } | undefined {
  const i = argv.indexOf('--tables');
  if (i < 0) return undefined;
  const [c, a] = (argv[i + 1] ?? '10000,100000').split(',').map(Number);
  return { cases: c ?? 10_000, audit: a ?? 100_000, bulk: argv.includes('--bulk') };
}

function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

function stringFlag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  runStorageBench({
    cases: numberFlag('--cases'),
    audit: numberFlag('--audit'),
    azurite: process.argv.includes('--azurite'),
    tables: tablesFlag(process.argv),
    sqlite: !process.argv.includes('--no-sqlite'),
    endpointSeconds: numberFlag('--seconds'),
    endpointRounds: numberFlag('--rounds'),
    baselineRoot: stringFlag('--baseline'),
    quiet: process.argv.includes('--json'),
  })
    .then((r) => {
      if (process.argv.includes('--json')) console.log(JSON.stringify(r));
    })
    .catch((e: unknown) => {
      console.error(`bench/storage: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    });
}
