/**
 * The one choice between a storage connection string and an account URL with a token
 * (adapters/storage/storage-account.ts), shared by the storage factory and `kvbot data migrate
 * --from-blob`. No network: clients are only built, never called.
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { describe, expect, it, vi } from 'vitest';
import { blobContainer, isConnectionString, storageAccount } from '../../src/adapters/storage/storage-account.js';

const fixedCredential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) };

describe('storage account: connection string or URL with a token', () => {
  it('by connection string, builds the container from it and never makes a credential', () => {
    const credential = vi.fn(() => fixedCredential);
    const container = blobContainer({ connectionString: 'UseDevelopmentStorage=true', credential }, 'kvbot');
    expect(container.url).toBe('http://127.0.0.1:10000/devstoreaccount1/kvbot');
    expect(credential).not.toHaveBeenCalled();
  });

  it('by URL, puts the container under the endpoint (trailing slashes dropped) with the given credential', () => {
    const account = storageAccount({ accountUrl: 'https://acct.blob.core.windows.net//' }, 'client-1', fixedCredential);
    const container = blobContainer(account, 'kvbot-state');
    expect(container.url).toBe('https://acct.blob.core.windows.net/kvbot-state');
    expect(container.credential).toBe(fixedCredential);
  });

  it('without a given credential, makes one DefaultAzureCredential on first use and shares it', () => {
    const account = storageAccount({ accountUrl: 'https://acct.table.core.windows.net' }, 'client-1');
    const first = account.credential();
    expect(first).toBeInstanceOf(DefaultAzureCredential);
    expect(account.credential()).toBe(first);
  });

  it('with neither, says what to set', () => {
    expect(() => blobContainer(storageAccount({}), 'kvbot')).toThrow(
      /AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING/,
    );
  });

  it('tells a connection string from an endpoint URL', () => {
    expect(isConnectionString('UseDevelopmentStorage=true')).toBe(true);
    expect(isConnectionString('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k==;')).toBe(true);
    expect(isConnectionString('https://acct.blob.core.windows.net')).toBe(false);
    expect(isConnectionString('https://acct.blob.core.windows.net/?sv=2024&sig=x')).toBe(false);
  });
});
