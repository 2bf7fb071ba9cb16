/**
 * `kvbot triage [--json] "<pasted error>"` (or the text on stdin): classifies a pasted Key Vault
 * error and prints the DESIGN.md §3 triage contract (with `--json`) or a readable summary.
 * Answer headings come from the loaded KB when it is valid, else from the seed headings.
 */
import { loadConfig } from '../../config.js';
import { readKnowledgeDirectory } from '../../adapters/knowledge/kb-directory.js';
import { triageError, type HeadingLookup, type TriageResult } from '../../core/triage/index.js';
import { commandLineOrUsage } from '../command-options.js';

const USAGE = 'usage: kvbot triage [--json] "<pasted error text>"   (or pipe the text on stdin)';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Heading lookup over the configured KB, or undefined (seed headings apply) when it cannot be loaded. */
async function kbHeadings(): Promise<HeadingLookup | undefined> {
  try {
    const { kb } = await readKnowledgeDirectory(loadConfig().knowledgeDir);
    if (!kb) return undefined;
    const headings = new Map(kb.entries.map((e) => [e.id, e.source.heading]));
    return (id) => headings.get(id);
  } catch {
    // A broken or missing KB must not stop triage: the seed headings are the same text.
    return undefined;
  }
}

function formatProbe(probe: NonNullable<TriageResult['probe']>): string {
  return `kvbot probe ${probe.name}${Object.entries(probe.args)
    .map(([k, v]) => ` --${k} ${v}`)
    .join('')}`;
}

function formatReadable(r: TriageResult): string {
  // An unrecognised result with a signal is a known condition that is not an access error: name it.
  const known = r.kind === 'unrecognised' && r.signal ? ` (${r.signal})` : '';
  const lines = [`Kind: ${r.kind}${known}${r.confidence === 'low' ? ' (from the error code only)' : ''}`, r.summary];
  const fields = Object.entries(r.fields);
  if (fields.length > 0) {
    lines.push('', 'Found in the text:');
    const width = Math.max(...fields.map(([k]) => k.length));
    for (const [k, v] of fields) lines.push(`  ${k.padEnd(width)}  ${String(v)}`);
  }
  if (r.nextSteps.length > 0) lines.push('', 'Next steps:', ...r.nextSteps.map((s, i) => `  ${i + 1}. ${s}`));
  if (r.answer) lines.push('', `Answer: ${r.answer.id} ("${r.answer.source.heading}")`);
  if (r.probe) lines.push(`Check it live: ${formatProbe(r.probe)}`);
  return lines.join('\n');
}

/** Runs `kvbot triage`; exit 0 on a result (even `unrecognised`), 2 on usage errors or empty input. */
export async function run(args: string[]): Promise<number> {
  const line = commandLineOrUsage(
    'triage',
    args,
    { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    USAGE,
    { positionals: true },
  );
  if (!line) return 2;
  if (line.values.help) {
    console.log(USAGE);
    return 0;
  }
  const json = line.values.json;
  const textArgs = line.positionals;
  let text: string;
  if (textArgs.length > 0) text = textArgs.join(' ');
  else if (process.stdin.isTTY) {
    console.error(`kvbot triage: no error text given.\n${USAGE}`);
    return 2;
  } else text = await readStdin();

  if (text.trim().length === 0) {
    console.error(
      'kvbot triage: the error text is empty. Paste the full error message (the JSON body or the CLI output), e.g.\n  kvbot triage --json "ERROR: (Forbidden) The user, group or application ... does not have secrets list permission ..."',
    );
    return 2;
  }
  const headingFor = await kbHeadings();
  const result = triageError(text, headingFor ? { headingFor } : {});
  console.log(json ? JSON.stringify(result) : formatReadable(result));
  return 0;
}
