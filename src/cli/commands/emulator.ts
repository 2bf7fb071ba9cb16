/**
 * `kvbot emulator --fixture <file> [--port N] [--host H] [--page-size N]`: runs the local Azure
 * emulator standalone until SIGINT/SIGTERM and prints how to point the bot at it.
 */
import { FixtureValidationError, startEmulator } from '../../emulator/index.js';
import { PROJECT_ROOT } from '../../config.js';
import path from 'node:path';
import { UsageError, parseCommandLine, wholeNumber } from '../command-options.js';

const USAGE = 'usage: kvbot emulator [--fixture <file>] [--port N] [--host 127.0.0.1] [--page-size N]';

/** The options, or USAGE for --help; throws UsageError. */
function emulatorOptions(
  args: string[],
): { fixture: string; port: number; host: string; pageSize: number } | typeof USAGE {
  const { values } = parseCommandLine(
    'emulator',
    args,
    {
      fixture: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'page-size': { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
  );
  if (values.help) return USAGE;
  return {
    fixture:
      values.fixture !== undefined
        ? path.resolve(values.fixture)
        : path.join(PROJECT_ROOT, 'fixtures', 'demo-tenant.json'),
    port: wholeNumber('emulator', '--port', values.port, USAGE, 0, 65535),
    host: values.host,
    pageSize: wholeNumber('emulator', '--page-size', values['page-size'], USAGE, 1, 65535),
  };
}

/** Runs the emulator; resolves with the exit code after a signal. */
export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof emulatorOptions>;
  try {
    parsed = emulatorOptions(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
  if (parsed === USAGE) {
    console.log(USAGE);
    return 0;
  }
  let emu;
  try {
    emu = await startEmulator({
      fixture: parsed.fixture,
      port: parsed.port,
      host: parsed.host,
      pageSize: parsed.pageSize,
    });
  } catch (e) {
    if (e instanceof FixtureValidationError) {
      console.error(e.message);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(`port ${parsed.port} is already in use; pick another with --port or use --port 0`);
      return 1;
    }
    throw e;
  }
  console.log(`kvbot emulator listening on ${emu.url}`);
  console.log(`  fixture: ${parsed.fixture}`);
  console.log(`  CA file: ${emu.caFile}`);
  console.log('Point the bot at it with:');
  console.log(`  KVBOT_EMULATOR_URL=${emu.url} KVBOT_EMULATOR_CA=${emu.caFile} npm start`);
  console.log(`Control API: ${emu.url}/_emulator/requests | /_emulator/faults | /_emulator/state. Ctrl+C stops.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emu.close();
  console.log('kvbot emulator stopped');
  return 0;
}
