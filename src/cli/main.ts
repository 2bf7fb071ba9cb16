/**
 * The `kvbot` command: dispatches to one module per subcommand under `./commands/`, loaded
 * lazily so that `kvbot ask` does not pay for the emulator or the bot server.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  ask: { summary: 'ask --json "<question>" | ask --json < questions.txt', load: () => import('./commands/ask.js') },
  eval: { summary: 'eval <file.jsonl> [--json]', load: () => import('./commands/eval.js') },
  chat: {
    summary: 'chat [--bot http://localhost:3978/api/messages] [--as megan]',
    load: () => import('./commands/chat.js'),
  },
  kb: { summary: 'kb check | kb accept <file>', load: () => import('./commands/kb.js') },
  report: { summary: 'report [--json]', load: () => import('./commands/report.js') },
  triage: { summary: 'triage --json "<pasted error>" (or stdin)', load: () => import('./commands/triage.js') },
  probe: {
    summary: 'probe <name> --vault <name> [--principal <oid>] [--operation secrets/list] [--json]',
    load: () => import('./commands/probe.js'),
  },
  emulator: { summary: 'emulator --fixture <file> [--port N]', load: () => import('./commands/emulator.js') },
  audit: {
    summary: 'audit list [--vault <name>] [--since <iso>] [--limit <n>] [--after <seq>] | audit verify [--full]',
    load: () => import('./commands/audit.js'),
  },
  data: {
    summary: 'data migrate [--from <dir>]  (file data directory → SQLite)',
    load: () => import('./commands/data.js'),
  },
};

function usage(): string {
  return [
    'usage: kvbot <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`kvbot: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let mod: { run(args: string[]): Promise<number> };
  try {
    mod = await command.load();
  } catch (e) {
    console.error(`kvbot ${name}: this command is not available in this build (${(e as Error).message})`);
    return 2;
  }
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`kvbot: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
