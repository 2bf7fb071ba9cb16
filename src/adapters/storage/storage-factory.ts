/**
 * Chooses the storage adapters from configuration (`KVBOT_STORAGE=file|blob`): the composition
 * root and the CLI call this and never construct a store directly.
 *
 * Layout. file: `<dataDir>/<namespace>/<key>.json` and `<dataDir>/bot-state/`.
 * blob: blobs `<namespace>/<key>.json` in container `<container>`, and Bot Framework state in
 * container `<container>-state` (BlobsStorage owns that container's naming).
 */
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
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

/** The storage part of AppConfig plus the data directory (and the identity for Blob by URL). */
export type StorageConfig = Pick<AppConfig, 'dataDir' | 'storage'> & { azure?: Pick<AppConfig['azure'], 'clientId'> };

/** Test hook: the credential for Blob Storage by account URL (default: DefaultAzureCredential). */
export interface StorageFactoryOptions {
  credential?: TokenCredential;
}

/** Blob containers by connection string (Azurite, development) or by account URL with a token (managed identity). */
function blobContainers(config: StorageConfig, options: StorageFactoryOptions): { records: ContainerClient; botStorage: () => Storage } {
  const { connectionString, accountUrl, container } = config.storage;
  if (connectionString) {
    return { records: new ContainerClient(connectionString, container), botStorage: () => new BlobsStorage(connectionString, `${container}-state`) };
  }
  if (!accountUrl) throw new Error('KVBOT_STORAGE=blob needs AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING');
  // No account key anywhere: the managed identity (AZURE_CLIENT_ID picks the user-assigned one)
  // holds Storage Blob Data Contributor on the account.
  const credential = options.credential ?? new DefaultAzureCredential(config.azure?.clientId ? { managedIdentityClientId: config.azure.clientId } : {});
  const base = accountUrl.replace(/\/+$/, '');
  return {
    records: new ContainerClient(`${base}/${container}`, credential),
    botStorage: () => new BlobsStorage('', `${container}-state`, undefined, `${base}/${container}-state`, credential),
  };
}

/** Returns the factory for `config.storage.kind`. */
export function createStorageFactory(config: StorageConfig, options: StorageFactoryOptions = {}): StorageFactory {
  if (config.storage.kind === 'blob') {
    const { records, botStorage } = blobContainers(config, options);
    return {
      description: `blob:${config.storage.container}`,
      recordStore: <T>(namespace: string) => {
        assertValidRecordKey(namespace);
        return new BlobRecordStore<T>(records, { namePrefix: `${namespace}/` });
      },
      botStorage,
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
