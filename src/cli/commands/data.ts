/**
 * `kvbot data migrate [--from <dir>] [--json]`: imports a file-store data directory into the
 * SQLite database of KVBOT_DATA_DIR (`<dataDir>/kvbot.db`), idempotently. `--from` defaults to
 * the data directory itself, which is the usual case: the same folder, moved from files to SQLite.
 */
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { migrateFileData } from '../../adapters/storage/migrate-file-data.js';
import { openSqlite, sqliteFile } from '../../adapters/storage/sqlite/sqlite-database.js';
import { commandLineOrUsage } from '../command-options.js';

const USAGE = 'usage: kvbot data migrate [--from <file data directory>] [--json]';

/** Runs the migration for a data directory, writing to `out`. */
export async function runMigrate(args: string[], dataDir: string, out: (text: string) => void): Promise<number> {
  const line = commandLineOrUsage(
    'data migrate',
    args,
    { from: { type: 'string' }, json: { type: 'boolean', default: false } },
    USAGE,
    { out },
  );
  if (!line) return 2;
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
      for (const n of report.namespaces)
        out(
          `  ${n.namespace.padEnd(20)} ${String(n.imported).padStart(7)} imported ${String(n.unchanged).padStart(7)} already there${n.registered ? '' : '  (not a namespace the bot uses; kept as is)'}`,
        );
      out(
        `  ${'bot state'.padEnd(20)} ${String(report.botState.imported).padStart(7)} imported ${String(report.botState.unchanged).padStart(7)} already there`,
      );
      out(
        'The file store is left untouched; remove it once the bot runs on SQLite (KVBOT_STORAGE=sqlite, the default).',
      );
    }
    return 0;
  } finally {
    db.close();
  }
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
