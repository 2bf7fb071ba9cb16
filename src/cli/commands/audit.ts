/**
 * `kvbot audit list [--vault <name>] [--since <ISO>] [--after <seq>] [--limit <n>] [--json]` and
 * `kvbot audit verify [--full] [--json]`: read the configured audit log (KVBOT_STORAGE,
 * KVBOT_DATA_DIR / AZURE_STORAGE_CONNECTION_STRING). `list` prints one page (default 1000
 * records) and says how to get the next. `verify` checks from the last checkpoint (`--full`: from
 * the first record), exits 1 when the log was tampered with and names the first bad record.
 */
import { loadConfig } from '../../config.js';
import { createAuditLog } from '../../adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../adapters/storage/storage-factory.js';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import { UsageError, parseCommandLine, wholeNumber } from '../command-options.js';

const USAGE =
  'usage: kvbot audit list [--vault <name>] [--since <ISO time>] [--after <seq>] [--limit <n>] [--json] | kvbot audit verify [--full] [--json]';

/** Records per page of `audit list` unless --limit says otherwise. */
const DEFAULT_LIMIT = 1000;

interface Flags {
  vault?: string;
  since?: Date;
  after?: number;
  limit?: number;
  full: boolean;
  json: boolean;
}

/** The flags of `audit <sub>`; throws UsageError. */
function parseFlags(sub: string, args: string[]): Flags {
  const command = `audit ${sub}`;
  const { values } = parseCommandLine(
    command,
    args,
    {
      vault: { type: 'string' },
      since: { type: 'string' },
      after: { type: 'string' },
      limit: { type: 'string' },
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  const flags: Flags = { json: values.json, full: values.full };
  if (values.vault !== undefined) flags.vault = values.vault;
  if (values.after !== undefined) flags.after = wholeNumber(command, '--after', values.after, USAGE, 0);
  if (values.limit !== undefined) flags.limit = wholeNumber(command, '--limit', values.limit, USAGE, 1);
  if (values.since !== undefined) {
    const t = Date.parse(values.since);
    if (Number.isNaN(t))
      throw new UsageError(
        `kvbot ${command}: --since must be an ISO 8601 time such as 2026-01-31 or 2026-01-31T09:00:00Z, got "${values.since}"\n${USAGE}`,
      );
    flags.since = new Date(t);
  }
  return flags;
}

function line(r: AuditRecord): string {
  const who = r.actor.name ? `${r.actor.name} (${r.actor.id})` : r.actor.id;
  const parts = [String(r.seq).padStart(5), r.at, r.type.padEnd(10), who];
  if (r.vault) parts.push(`vault=${r.vault}`);
  if (r.requestId) parts.push(`request=${r.requestId}`);
  const data = JSON.stringify(r.data);
  if (data !== '{}') parts.push(data.length > 160 ? `${data.slice(0, 157)}...` : data);
  return parts.join('  ');
}

/** Entry point used by src/cli/main.ts. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'verify') {
    console.error(sub ? `kvbot audit: unknown subcommand "${sub}"\n${USAGE}` : USAGE);
    return 2;
  }
  let flags: Flags;
  try {
    flags = parseFlags(sub, rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
  if (sub === 'verify' && (flags.vault || flags.since || flags.after !== undefined || flags.limit !== undefined)) {
    console.error(
      `kvbot audit verify: checks the chain; --vault, --since, --after and --limit apply to "audit list" only\n${USAGE}`,
    );
    return 2;
  }
  if (sub === 'list' && flags.full) {
    console.error(`kvbot audit list: --full applies to "audit verify" only\n${USAGE}`);
    return 2;
  }
  const storage = createStorageFactory(loadConfig());
  const log = createAuditLog(storage);
  if (sub === 'list') {
    const limit = flags.limit ?? DEFAULT_LIMIT;
    // One record more than the page tells whether there is a next page, without counting the rest.
    const found = await log.list({ vault: flags.vault, since: flags.since, afterSeq: flags.after, limit: limit + 1 });
    const records = found.slice(0, limit);
    if (flags.json) for (const r of records) console.log(JSON.stringify(r));
    else if (records.length === 0)
      console.log(
        `No audit records${flags.vault ? ` for vault ${flags.vault}` : ''}${flags.since ? ` since ${flags.since.toISOString()}` : ''} in ${storage.description}.`,
      );
    else for (const r of records) console.log(line(r));
    if (found.length > limit)
      console.error(`More records follow: add --after ${records.at(-1)!.seq} for the next page.`);
    storage.close();
    return 0;
  }
  let result;
  try {
    result = await log.verify({ full: flags.full });
  } catch (e) {
    // A record that is not even JSON any more is tampering too, not a crash.
    const name = (e as Error)?.name;
    if (name !== 'CorruptRecordError' && name !== 'CorruptBlobError') throw e;
    const message = (e as Error).message;
    console.log(
      flags.json
        ? JSON.stringify({ ok: false, problem: 'malformed', message })
        : `Audit log TAMPERED (malformed): ${message}`,
    );
    return 1;
  }
  if (flags.json) console.log(JSON.stringify(result));
  else if (result.ok) {
    const scope =
      result.checkedFrom !== undefined
        ? ` after checkpoint ${result.checkedFrom} (use --full to re-hash every record)`
        : '';
    console.log(
      `Audit log intact: ${result.count} records checked${scope} in ${storage.description}, head ${result.headHash.slice(0, 16)}…`,
    );
  } else console.log(`Audit log TAMPERED at record ${result.firstBadSeq} (${result.problem}): ${result.message}`);
  return result.ok ? 0 : 1;
}
