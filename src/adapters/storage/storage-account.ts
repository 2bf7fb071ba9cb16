/**
 * How the Azure stores (Table, Blob) reach their storage account: by connection string (Azurite,
 * development; it holds an account key), or by the account's endpoint URL with a token from
 * DefaultAzureCredential (production: no key anywhere, the managed identity holds a Storage data
 * role; AZURE_CLIENT_ID picks the user-assigned one). The storage factory and `kvbot data migrate
 * --from-blob` both make this choice here.
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { ContainerClient } from '@azure/storage-blob';

/** Where a storage account is, and the token for it when it is reached by URL. */
export interface StorageAccount {
  connectionString?: string;
  /** The service endpoint, e.g. `https://<account>.blob.core.windows.net`. */
  accountUrl?: string;
  /** The token credential for `accountUrl`; called only when there is no connection string. */
  credential: () => TokenCredential;
}

/**
 * A storage account from its connection string or URL. The credential is `given` (tests,
 * benchmarks) or a DefaultAzureCredential for the managed identity `clientId`, made on first use
 * and shared by every client of the account.
 */
export function storageAccount(
  where: { connectionString?: string; accountUrl?: string },
  clientId?: string,
  given?: TokenCredential,
): StorageAccount {
  let credential = given;
  return {
    connectionString: where.connectionString,
    accountUrl: where.accountUrl?.replace(/\/+$/, ''),
    credential: () =>
      (credential ??= new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {})),
  };
}

/** True for a `Key=value;` connection string (or Azurite's shorthand) rather than an endpoint URL. */
export function isConnectionString(where: string): boolean {
  return /=.*;|UseDevelopmentStorage=true/i.test(where);
}

/** A client for one Blob container of the account. */
export function blobContainer(account: StorageAccount, container: string): ContainerClient {
  if (account.connectionString) return new ContainerClient(account.connectionString, container);
  if (!account.accountUrl)
    throw new Error('KVBOT_STORAGE=blob needs AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING');
  return new ContainerClient(`${account.accountUrl}/${container}`, account.credential());
}
