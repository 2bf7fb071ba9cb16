/**
 * Chooses the storage adapters from configuration (`KVBOT_STORAGE=file|blob`): the composition
 * root and the CLI call this and never construct a store directly.
 *
 * Layout. file: `<dataDir>/<namespace>/<key>.json` and `<dataDir>/bot-state/`.
 * blob: blobs `<namespace>/<key>.json` in container `<container>`, and Bot Framework state in
 * container `<container>-state` (BlobsStorage owns that container's naming).
 */
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from '../../config.js';
import { assertValidRecordKey } from '../../core/storage/record-key.js';
import type { RecordStore } from '../../core/storage/record-store.js';
import { BlobRecordStore } from './blob-record-store.js';
import { FileBotStorage } from './file-bot-storage.js';
import { FileRecordStore } from './file-record-store.js';

/** Builds stores for one configuration. */
export interface StorageFactory {
  /** Where records live, for messages (`file:/path` or `blob:container`). */
  readonly description: string;
  /** A record store for one kind of record, e.g. `approvals`, `audit`, `cases`. */
  recordStore<T>(namespace: string): RecordStore<T>;
  /** Bot Framework Storage for ConversationState / UserState. */
  botStorage(): Storage;
}

/** The storage part of AppConfig plus the data directory. */
export type StorageConfig = Pick<AppConfig, 'dataDir' | 'storage'>;

/** Returns the factory for `config.storage.kind`. */
export function createStorageFactory(config: StorageConfig): StorageFactory {
  if (config.storage.kind === 'blob') {
    const connectionString = config.storage.connectionString;
    if (!connectionString) throw new Error('KVBOT_STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING');
    const container = new ContainerClient(connectionString, config.storage.container);
    return {
      description: `blob:${config.storage.container}`,
      recordStore: <T>(namespace: string) => {
        assertValidRecordKey(namespace);
        return new BlobRecordStore<T>(container, { namePrefix: `${namespace}/` });
      },
      botStorage: () => new BlobsStorage(connectionString, `${config.storage.container}-state`),
    };
  }
  return {
    description: `file:${config.dataDir}`,
    recordStore: <T>(namespace: string) => {
      assertValidRecordKey(namespace);
      return new FileRecordStore<T>(path.join(config.dataDir, ...namespace.split('/')));
    },
    botStorage: () => new FileBotStorage(path.join(config.dataDir, 'bot-state')),
  };
}
