/**
 * Chooses the storage adapters from configuration (`KVBOT_STORAGE=sqlite|file|table|blob`): the
 * composition root and the CLI call this and never construct a store directly. Namespaces come
 * from the one registry (`src/core/storage/namespaces.ts`), which also names their indexes.
 *
 * Layout. sqlite (default): `<dataDir>/kvbot.db`, one table per namespace, bot state and counters
 * in the same file. file: `<dataDir>/<namespace>/<key>.json` and `<dataDir>/bot-state/` (kept for
 * `kvbot data migrate` and existing deployments). table (several instances on Azure): one table
 * `<prefix><namespace>` per namespace with index rows (table-record-store.ts), bot state in table
 * `<prefix>botstate`, counters as records in `<prefix>caseQ2dcounters`. blob (kept for existing
 * deployments; its queries are scans): blobs `<namespace>/<key>.json` in container
 * `<container>`, and Bot Framework state in container `<container>-state`.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { ContainerClient } from '@azure/storage-blob';
import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from '../../config.js';
import { RecordCounters, type Counters, type CounterRecord } from '../../core/storage/counter.js';
import { indexesOf, STORAGE_NAMESPACES } from '../../core/storage/namespaces.js';
import { assertValidRecordKey } from '../../core/storage/record-key.js';
import type { RecordIndex } from '../../core/storage/record-query.js';
import type { RecordStore } from '../../core/storage/record-store.js';
import { BlobRecordStore } from './blob-record-store.js';
import { FileBotStorage } from './file-bot-storage.js';
import { FileRecordStore } from './file-record-store.js';
import { sweepOrphanedFiles, type SweepResult } from './file-lock.js';
import { SqliteBotStorage } from './sqlite/sqlite-bot-storage.js';
import { SqliteWriter } from './sqlite/sqlite-writer.js';
import { SqliteCounters } from './sqlite/sqlite-counters.js';
import { openSqlite, sqliteFile, type OpenSqliteOptions, type SqliteDb } from './sqlite/sqlite-database.js';
import { SqliteRecordStore } from './sqlite/sqlite-record-store.js';
import { TableBotStorage } from './table/table-bot-storage.js';
import { tableClient } from './table/table-clients.js';
import { blobContainer, storageAccount } from './storage-account.js';
import { tableNameFor } from './table/table-keys.js';
import { TableRecordStore } from './table/table-record-store.js';

/** Builds stores for one configuration. */
export interface StorageFactory {
  /** Where records live, for messages (`sqlite:/path/kvbot.db`, `file:/path`, `table:<endpoint>/<prefix>*` or `blob:container`). */
  readonly description: string;
  /** A record store for one kind of record, e.g. `approvals`, `audit`, `cases` (see the namespace registry). */
  recordStore<T>(namespace: string): RecordStore<T>;
  /** Bot Framework Storage for ConversationState / UserState. */
  botStorage(): Storage;
  /** Named counters (case numbers). */
  counters(): Counters;
  /** Releases the database handle (SQLite: resolves once its writer committed what it was given); a no-op elsewhere. */
  close(): void | Promise<void>;
  /** At start-up: removes lock, temp and draft files left by killed processes (file store only). */
  sweepOrphans(): Promise<SweepResult>;
}

/** The storage part of AppConfig plus the data directory (and the identity for Blob by URL). */
export type StorageConfig = Pick<AppConfig, 'dataDir' | 'storage'> & { azure?: Pick<AppConfig['azure'], 'clientId'> };

/** Extra options: the credential for Blob Storage by account URL (default: DefaultAzureCredential), SQLite tuning (benchmarks). */
export interface StorageFactoryOptions {
  credential?: TokenCredential;
  sqlite?: OpenSqliteOptions;
}

/** Blob containers by connection string (Azurite, development) or by account URL with a token (managed identity). */
function blobContainers(
  config: StorageConfig,
  options: StorageFactoryOptions,
): { records: ContainerClient; botStorage: () => Storage } {
  const { container } = config.storage;
  // By URL, the managed identity holds Storage Blob Data Contributor on the account.
  const account = storageAccount(config.storage, config.azure?.clientId, options.credential);
  const state = `${container}-state`;
  return {
    records: blobContainer(account, container),
    botStorage: () =>
      account.connectionString
        ? new BlobsStorage(account.connectionString, state)
        : new BlobsStorage('', state, undefined, `${account.accountUrl}/${state}`, account.credential()),
  };
}

/** Namespace where the counters live on stores without a counters table. */
const COUNTERS_NAMESPACE = 'case-counters';

/** Returns the factory for `config.storage.kind`. */
export function createStorageFactory(config: StorageConfig, options: StorageFactoryOptions = {}): StorageFactory {
  if (config.storage.kind === 'blob') return blobFactory(config, options);
  if (config.storage.kind === 'table') return tableFactory(config, options);
  if (config.storage.kind === 'file') return fileFactory(config);
  return sqliteFactory(config, options);
}

function blobFactory(config: StorageConfig, options: StorageFactoryOptions): StorageFactory {
  const { records: container, botStorage } = blobContainers(config, options);
  const name = config.storage.container;
  const recordStore = <T>(namespace: string): RecordStore<T> => {
    assertValidRecordKey(namespace);
    return new BlobRecordStore<T>(container, { namePrefix: `${namespace}/` });
  };
  return {
    description: `blob:${name}`,
    recordStore,
    botStorage,
    counters: () => new RecordCounters(recordStore<CounterRecord>(COUNTERS_NAMESPACE)),
    close: () => undefined,
    sweepOrphans: async () => NOTHING_SWEPT,
  };
}

function tableFactory(config: StorageConfig, options: StorageFactoryOptions): StorageFactory {
  const { connectionString, accountUrl } = config.storage;
  const prefix = config.storage.tablePrefix ?? 'kvbot';
  // By URL, the managed identity holds Storage Table Data Contributor on the account.
  const account = storageAccount(config.storage, config.azure?.clientId, options.credential);
  const stores = new Map<string, TableRecordStore<unknown>>();
  const recordStore = <T>(namespace: string): RecordStore<T> => {
    assertValidRecordKey(namespace);
    let store = stores.get(namespace);
    if (!store) {
      store = new TableRecordStore<unknown>(
        tableClient(account, tableNameFor(prefix, namespace)),
        indexesOf(namespace) as readonly RecordIndex<unknown>[],
      );
      stores.set(namespace, store);
    }
    return store as TableRecordStore<T>;
  };
  const where = connectionString
    ? (/TableEndpoint=([^;]+)/i.exec(connectionString)?.[1] ?? 'connection string')
    : accountUrl;
  return {
    description: `table:${where}/${prefix}*`,
    recordStore,
    botStorage: () => new TableBotStorage(tableClient(account, `${prefix}botstate`)),
    counters: () => new RecordCounters(recordStore<CounterRecord>(COUNTERS_NAMESPACE)),
    close: () => undefined,
    sweepOrphans: async () => NOTHING_SWEPT,
  };
}

const NOTHING_SWEPT: SweepResult = Object.freeze({ locks: 0, temps: 0, drafts: 0 });

function fileFactory(config: StorageConfig): StorageFactory {
  const recordStore = <T>(namespace: string): RecordStore<T> => {
    assertValidRecordKey(namespace);
    return new FileRecordStore<T>(path.join(config.dataDir, ...namespace.split('/')));
  };
  return {
    description: `file:${config.dataDir}`,
    recordStore,
    botStorage: () => new FileBotStorage(path.join(config.dataDir, 'bot-state')),
    counters: () => new RecordCounters(recordStore<CounterRecord>(COUNTERS_NAMESPACE)),
    close: () => undefined,
    sweepOrphans: () => sweepOrphanedFiles(config.dataDir),
  };
}

function sqliteFactory(config: StorageConfig, options: StorageFactoryOptions): StorageFactory {
  const file = sqliteFile(config.dataDir);
  refuseUnmigratedFileData(config.dataDir, file);
  let db: SqliteDb | undefined;
  let writer: SqliteWriter | undefined;
  const open = (): SqliteDb => (db ??= openSqlite(file, options.sqlite));
  // One writer thread for the database: bot state and record writes share its group commits.
  const write = (): SqliteWriter => (writer ??= new SqliteWriter(open()));
  const stores = new Map<string, SqliteRecordStore<unknown>>();
  return {
    description: `sqlite:${file}`,
    recordStore: <T>(namespace: string): RecordStore<T> => {
      assertValidRecordKey(namespace);
      let store = stores.get(namespace);
      if (!store) {
        store = new SqliteRecordStore<unknown>(
          open(),
          namespace,
          indexesOf(namespace) as readonly RecordIndex<unknown>[],
          write(),
        );
        stores.set(namespace, store);
      }
      return store as SqliteRecordStore<T>;
    },
    botStorage: () => new SqliteBotStorage(open(), write()),
    counters: () => new SqliteCounters(open()),
    close: () => {
      const [w, d] = [writer, db];
      [writer, db] = [undefined, undefined];
      stores.clear();
      d?.close();
      // The writer stops once what it was given is committed (its own connection).
      return w?.close();
    },
    // SQLite keeps no lock or temp files of its own: its journal is recovered when it opens.
    sweepOrphans: async () => NOTHING_SWEPT,
  };
}

/**
 * A data directory written by the file store and not yet migrated would look empty to SQLite;
 * refuse rather than start with no approvals, cases or audit log.
 */
function refuseUnmigratedFileData(dataDir: string, dbFile: string): void {
  if (existsSync(dbFile) || !existsSync(dataDir)) return;
  const names = new Set(readdirSync(dataDir));
  const found = [...Object.keys(STORAGE_NAMESPACES), 'bot-state'].filter((ns) => names.has(ns));
  if (found.length === 0) return;
  throw new Error(
    `${dataDir} holds records of the file store (${found.join(', ')}) but no SQLite database. ` +
      'Run "kvbot data migrate" to import them into SQLite (the default store), or set KVBOT_STORAGE=file to keep using files.',
  );
}
