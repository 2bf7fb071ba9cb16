/**
 * `kvbot emulator --fixture <file> [--port N] [--host H] [--page-size N]`: runs the local Azure
 * emulator standalone until SIGINT/SIGTERM and prints how to point the bot at it.
 */
import { FixtureValidationError, startEmulator } from '../../emulator/index.js';
import { PROJECT_ROOT } from '../../config.js';
import path from 'node:path';

const USAGE = 'usage: kvbot emulator [--fixture <file>] [--port N] [--host 127.0.0.1] [--page-size N]';

function parseArgs(args: string[]): { fixture: string; port: number; host: string; pageSize: number } | string {
  const out = { fixture: path.join(PROJECT_ROOT, 'fixtures', 'demo-tenant.json'), port: 0, host: '127.0.0.1', pageSize: 2 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    if (a === '--help' || a === '-h') return USAGE;
    if (!['--fixture', '--port', '--host', '--page-size'].includes(a)) return `unknown option "${a}"\n${USAGE}`;
    if (value === undefined) return `${a} needs a value\n${USAGE}`;
    i++;
    if (a === '--fixture') out.fixture = path.resolve(value);
    else if (a === '--host') out.host = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (a === '--port' ? 0 : 1) || n > 65535) return `${a} must be an integer${a === '--port' ? ' 0-65535' : ' ≥ 1'}, got "${value}"`;
      if (a === '--port') out.port = n;
      else out.pageSize = n;
    }
  }
  return out;
}

/** Runs the emulator; resolves with the exit code after a signal. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return parsed === USAGE ? 0 : 2;
  }
  let emu;
  try {
    emu = await startEmulator({ fixture: parsed.fixture, port: parsed.port, host: parsed.host, pageSize: parsed.pageSize });
  } catch (e) {
    if (e instanceof FixtureValidationError) { console.error(e.message); return 1; }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') { console.error(`port ${parsed.port} is already in use; pick another with --port or use --port 0`); return 1; }
    throw e;
  }
  console.log(`kvbot emulator listening on ${emu.url}`);
  console.log(`  fixture: ${parsed.fixture}`);
  console.log(`  CA file: ${emu.caFile}`);
  console.log('Point the bot at it with:');
  console.log(`  KVBOT_EMULATOR_URL=${emu.url} KVBOT_EMULATOR_CA=${emu.caFile} npm start`);
  console.log(`Control API: ${emu.url}/_emulator/requests | /_emulator/faults | /_emulator/state. Ctrl+C stops.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emu.close();
  console.log('kvbot emulator stopped');
  return 0;
}
