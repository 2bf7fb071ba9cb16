import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('KVBOT_STORAGE=table settings', () => {
  const base = { KVBOT_STORAGE: 'table' };

  it('takes the Table endpoint by URL, or a connection string, and the table prefix', () => {
    const byUrl = loadConfig({
      ...base,
      AZURE_STORAGE_ACCOUNT_URL: 'https://acct.table.core.windows.net',
      KVBOT_STORAGE_TABLE_PREFIX: 'team1',
    });
    expect(byUrl.storage).toMatchObject({
      kind: 'table',
      accountUrl: 'https://acct.table.core.windows.net',
      tablePrefix: 'team1',
    });
    expect(
      loadConfig({ ...base, AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage,
    ).toMatchObject({ kind: 'table', tablePrefix: 'kvbot' });
  });

  it('refuses no endpoint, a Blob endpoint, and a prefix that cannot start a table name, saying what to set', () => {
    expect(() => loadConfig(base)).toThrow(
      /KVBOT_STORAGE=table needs AZURE_STORAGE_ACCOUNT_URL .* or AZURE_STORAGE_CONNECTION_STRING/,
    );
    expect(() => loadConfig({ ...base, AZURE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net' })).toThrow(
      /Table endpoint .*table\.core\.windows\.net/,
    );
    expect(() =>
      loadConfig({
        ...base,
        AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        KVBOT_STORAGE_TABLE_PREFIX: 'kv-bot',
      }),
    ).toThrow(/KVBOT_STORAGE_TABLE_PREFIX/);
  });
});
