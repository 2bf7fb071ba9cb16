/**
 * `kvbot kb check [dir]`: validates the knowledge base and prints errors and warnings with
 * `file:line` (exit 1 on errors) or a summary (exit 0).
 */
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { formatKbIssue } from '../../core/knowledge/kb-errors.js';
import { readKnowledgeDirectory } from '../../adapters/knowledge/kb-directory.js';
import { acceptProposal } from '../../adapters/proposals/accept-proposal.js';
import { commandLineOrUsage } from '../command-options.js';

const CHECK_USAGE = 'usage: kvbot kb check [dir]   (default dir: KVBOT_KNOWLEDGE_DIR or ./knowledge)';
const ACCEPT_USAGE = 'usage: kvbot kb accept <proposal.md> [--keep]   (merges into KVBOT_KNOWLEDGE_DIR or ./knowledge)';

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'accept') return accept(rest);
  if (sub !== 'check') {
    console.error(`${sub ? `kvbot kb: unknown subcommand "${sub}"\n` : ''}${CHECK_USAGE}\n${ACCEPT_USAGE}`);
    return 2;
  }
  const line = commandLineOrUsage('kb check', rest, {}, CHECK_USAGE, { positionals: true });
  if (!line) return 2;
  const [dirArg, ...extra] = line.positionals;
  if (extra.length > 0) {
    console.error(`kvbot kb check: one directory at a time, got ${line.positionals.length}\n${CHECK_USAGE}`);
    return 2;
  }
  const dir = dirArg ? path.resolve(dirArg) : loadConfig().knowledgeDir;
  let result;
  try {
    result = await readKnowledgeDirectory(dir);
  } catch (e) {
    console.error(`kvbot kb check: ${(e as Error).message}`);
    return 1;
  }
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  for (const i of result.issues) console.error(formatKbIssue({ ...i, file: rel(i.file) }));
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  if (!result.kb) {
    console.error(`\n${errors} error(s), ${warnings} warning(s): the knowledge base cannot be loaded`);
    return 1;
  }
  const entries = result.kb.entries;
  const alternates = entries.reduce((n, e) => n + e.alternates.length, 0);
  console.log(
    `OK: ${result.kb.documents.length} document(s), ${entries.length} entries, ${alternates} alternates, ${warnings} warning(s)\n` +
      entries
        .map(
          (e) =>
            `  ${e.id.padEnd(30)} ${String(e.alternates.length).padStart(3)} alternates  probes: ${e.probes.join(', ') || '-'}`,
        )
        .join('\n'),
  );
  return 0;
}

/**
 * `kvbot kb accept <proposal.md> [--keep]`: merges a reviewed knowledge proposal (written when an
 * engineer resolved a case) into the KB; the proposal moves to `accepted/` unless `--keep`.
 */
async function accept(args: string[]): Promise<number> {
  const line = commandLineOrUsage('kb accept', args, { keep: { type: 'boolean', default: false } }, ACCEPT_USAGE, {
    positionals: true,
  });
  if (!line) return 2;
  const keep = line.values.keep;
  const files = line.positionals;
  if (files.length !== 1 || !files[0]) {
    console.error(ACCEPT_USAGE);
    return 2;
  }
  const result = await acceptProposal(path.resolve(files[0]), loadConfig().knowledgeDir, { keepProposal: keep });
  if (!result.ok) {
    console.error(`kvbot kb accept: ${result.message}`);
    for (const issue of result.issues ?? []) console.error(`  ${issue}`);
    return 1;
  }
  console.log(
    `${result.message}${result.movedTo ? `\nProposal moved to ${path.relative(process.cwd(), result.movedTo) || result.movedTo}` : ''}`,
  );
  return 0;
}
