/**
 * TableClients for the table store: by connection string (Azurite, development; an account key)
 * or by the account's Table endpoint with a token (managed identity through
 * DefaultAzureCredential; the identity needs Storage Table Data Contributor on the account).
 */
import { TableClient } from '@azure/data-tables';
import type { StorageAccount } from '../storage-account.js';

/** Where the tables are (`accountUrl`: `https://<account>.table.core.windows.net`); no credential with a connection string. */
export type TableAccount = Pick<StorageAccount, 'connectionString' | 'accountUrl'> &
  Partial<Pick<StorageAccount, 'credential'>>;

/** A client for one table of the account. */
export function tableClient(account: TableAccount, tableName: string): TableClient {
  if (account.connectionString) {
    // Azurite listens on plain http on loopback; a real account's connection string uses https.
    return TableClient.fromConnectionString(account.connectionString, tableName, {
      allowInsecureConnection:
        /TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(account.connectionString) ||
        /UseDevelopmentStorage=true/i.test(account.connectionString),
    });
  }
  if (!account.accountUrl || !account.credential)
    throw new Error(
      'KVBOT_STORAGE=table needs AZURE_STORAGE_ACCOUNT_URL (the Table endpoint) or AZURE_STORAGE_CONNECTION_STRING',
    );
  return new TableClient(account.accountUrl.replace(/\/+$/, ''), tableName, account.credential());
}
