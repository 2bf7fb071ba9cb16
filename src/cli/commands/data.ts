/**
 * `kvbot data migrate [--from <dir>] [--json]`: imports a file-store data directory into the
 * SQLite database of KVBOT_DATA_DIR (`<dataDir>/kvbot.db`), idempotently. `--from` defaults to
 * the data directory itself, which is the usual case: the same folder, moved from files to SQLite.
 *
 * `kvbot data migrate --from-blob <Blob account URL | connection string> [--container kvbot]`:
 * imports a Blob Storage deployment (records and bot state) into the configured store, usually
 * `KVBOT_STORAGE=table` (adapters/storage/migrate-blob-data.ts), idempotently.
 */
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../config.js';
import { migrateFileData, type MigrationReport } from '../../adapters/storage/migrate-file-data.js';
import { migrateBlobData, type BlobSource } from '../../adapters/storage/migrate-blob-data.js';
import { createStorageFactory } from '../../adapters/storage/storage-factory.js';
import { blobContainer, isConnectionString, storageAccount } from '../../adapters/storage/storage-account.js';
import { openSqlite, sqliteFile } from '../../adapters/storage/sqlite/sqlite-database.js';
import { commandLineOrUsage } from '../command-options.js';

const USAGE =
  'usage: kvbot data migrate [--from <file data directory>] [--json]\n' +
  '       kvbot data migrate --from-blob <Blob account URL | connection string> [--container kvbot] [--json]';

/** The configured store a Blob migration writes to (from the environment unless a test passes one). */
export type MigrationTargetConfig = Pick<AppConfig, 'storage' | 'dataDir'> & { azure?: { clientId?: string } };

/**
 * Runs the migration for a data directory, writing to `out`. With `--from-blob`, the target is
 * `targetConfig()` (the bot's configured store).
 */
export async function runMigrate(
  args: string[],
  dataDir: string,
  out: (text: string) => void,
  targetConfig: () => MigrationTargetConfig = loadConfig,
): Promise<number> {
  const line = commandLineOrUsage(
    'data migrate',
    args,
    {
      from: { type: 'string' },
      'from-blob': { type: 'string' },
      container: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
    { out },
  );
  if (!line) return 2;
  const fromBlob = line.values['from-blob'];
  if (fromBlob !== undefined) {
    if (line.values.from !== undefined) {
      out(`kvbot data migrate: give --from (a file data directory) or --from-blob, not both.\n${USAGE}`);
      return 2;
    }
    return migrateFromBlob(fromBlob, line.values.container ?? 'kvbot', line.values.json, out, targetConfig);
  }
  const from = line.values.from !== undefined ? path.resolve(line.values.from) : dataDir;
  const json = line.values.json;
  const file = sqliteFile(dataDir);
  const db = openSqlite(file);
  try {
    let report;
    try {
      report = await migrateFileData(from, db);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      out(`kvbot data migrate: ${from} is not a directory; pass the file store's data directory with --from.`);
      return 1;
    }
    if (json) out(JSON.stringify({ from, to: file, ...report }));
    else {
      out(`Imported ${from} into ${file}:`);
      printReport(report, out);
      out(
        'The file store is left untouched; remove it once the bot runs on SQLite (KVBOT_STORAGE=sqlite, the default).',
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

function blobSource(where: string, container: string, clientId?: string): BlobSource {
  const account = storageAccount(
    isConnectionString(where) ? { connectionString: where } : { accountUrl: where },
    clientId,
  );
  return { records: blobContainer(account, container), state: blobContainer(account, `${container}-state`) };
}

async function migrateFromBlob(
  where: string,
  container: string,
  json: boolean,
  out: (text: string) => void,
  targetConfig: () => MigrationTargetConfig,
): Promise<number> {
  const config = targetConfig();
  // Only the table store keeps its case counter as a record; SQLite's counter is its own table, so a
  // copy into it would restart case numbers. Blob → SQLite is not a migration anyone needs (several
  // instances share Azure storage; one instance's SQLite file has no Blob history).
  if (config.storage.kind !== 'table') {
    out(
      `kvbot data migrate --from-blob: the target must be the table store (the configured store is ${config.storage.kind}); set KVBOT_STORAGE=table (and its AZURE_STORAGE_ACCOUNT_URL or connection string) for the target.`,
    );
    return 2;
  }
  if (!/^https:\/\//i.test(where) && !isConnectionString(where)) {
    out(
      `kvbot data migrate --from-blob: "${where}" is neither an https Blob endpoint nor a connection string.\n${USAGE}`,
    );
    return 2;
  }
  const source = blobSource(where, container, config.azure?.clientId);
  const target = createStorageFactory(config);
  let report: MigrationReport;
  try {
    report = await migrateBlobData(source, target);
  } finally {
    target.close();
  }
  const to = target.description;
  if (json) out(JSON.stringify({ from: `blob:${container}`, to, ...report }));
  else {
    out(`Imported Blob container ${container} (and ${container}-state) into ${to}:`);
    printReport(report, out);
    out(`Blob Storage is left untouched; remove it once the bot runs on ${config.storage.kind}.`);
  }
  return 0;
}

function printReport(report: MigrationReport, out: (text: string) => void): void {
  for (const n of report.namespaces)
    out(
      `  ${n.namespace.padEnd(20)} ${String(n.imported).padStart(7)} imported ${String(n.unchanged).padStart(7)} already there${n.registered ? '' : '  (not a namespace the bot uses; kept as is)'}`,
    );
  out(
    `  ${'bot state'.padEnd(20)} ${String(report.botState.imported).padStart(7)} imported ${String(report.botState.unchanged).padStart(7)} already there`,
  );
}

/** `kvbot data` entry point. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'migrate') {
    console.error(sub ? `kvbot data: unknown subcommand "${sub}"\n${USAGE}` : USAGE);
    return 2;
  }
  return runMigrate(rest, loadConfig().dataDir, (text) => console.log(text));
}
