import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { TableRecordStore } from '../../src/adapters/storage/table/table-record-store.js';
import { startAzuriteTables, type Azurite } from '../helpers/azurite.js';
import { recordStoreContract } from './record-store-contract.js';

let azurite: Azurite;
let tables = 0;
beforeAll(async () => {
  azurite = await startAzuriteTables();
});
afterAll(async () => {
  await azurite?.stop();
});

const table = (name: string) =>
  TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });

recordStoreContract(
  'TableRecordStore (Azurite)',
  async (indexes) => new TableRecordStore(table(`contract${++tables}`), indexes ?? []),
);
