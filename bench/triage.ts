/**
 * Triage speed: the triage runs on every message, so its cost per message is what matters. Times
 * `triageError` on the labelled paste sets (real and written), on long logs at the input bound, and
 * on inputs built to make its patterns backtrack. Prints p50/p99/max per group (`npx tsx
 * bench/triage.ts`, or through `npm run bench`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_TRIAGE_INPUT_LENGTH, triageError } from '../src/core/triage/index.js';

const SETS = [
  'real-pastes/github-issues.jsonl',
  'real-pastes/github-issues-round4.jsonl',
  'real-pastes/github-issues-round5.jsonl',
  '../real-world/blind-error-pastes.jsonl',
  '../real-world/heldout-error-pastes.jsonl',
  'written-pastes/before-parser.jsonl',
  'written-pastes/independent-author.jsonl',
];

/** Timing of one group of inputs, in milliseconds. */
export interface TriageBenchGroup {
  inputs: number;
  meanChars: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function pasteTexts(): string[] {
  const dir = path.join(__dirname, '..', 'test', 'triage');
  return SETS.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text),
  );
}

function longLogs(pastes: string[]): string[] {
  // Build logs around real pastes: noise first, the error at the end (the tail is kept) or in the middle (cut).
  const noise = '2024-05-01T10:00:00.000Z INFO step completed in 12 ms; cache hit for key build/artifacts\n';
  return pastes
    .slice(0, 20)
    .map((p, i) =>
      i % 2 === 0
        ? noise.repeat(Math.ceil((MAX_TRIAGE_INPUT_LENGTH * 3) / noise.length)) + p
        : noise.repeat(400) + p + noise.repeat(400),
    );
}

function adversarial(): string[] {
  return [
    'Invalid issuer. Expected one of '.concat('https://sts.windows.net/a/, '.repeat(2_500)),
    'key vault '.concat("'".repeat(60_000)),
    'ENOTFOUND '.concat('a.'.repeat(30_000)),
    'with (name/id) '.concat('x '.repeat(30_000)),
    '&amp;'.repeat(12_000),
    'Credential'.repeat(6_000),
    '\\\\u0041'.repeat(10_000),
    'does not have '.repeat(4_000),
    'https://'.concat('a-'.repeat(30_000), '.vault.azure.net'),
    'x'.repeat(200_000),
    '[https://a'.repeat(20_000),
    '[https://'.concat('a'.repeat(60_000), '](http'),
    'Key Vault Name: "'.repeat(4_000),
    "The Vault '".repeat(6_000),
    'Operation is not allowed. '.repeat(2_500),
    'vaults/'.concat('a-'.repeat(30_000), '**'),
    // Round 5's patterns: bounded scans after a managed identity URL, denial words near "key vault",
    // permission lists, vault look-ups, per-line timestamps; and plain junk.
    '/msi/token '.repeat(6_000),
    'metadata/identity/oauth2/token '.concat('x '.repeat(30_000)),
    'Access denied '.repeat(4_000).concat('key vault '.repeat(4_000)),
    'does not have secrets '.concat('get/'.repeat(15_000)),
    "Cannot find key vault '".repeat(3_000),
    "key vault '".concat('a'.repeat(60_000)),
    '2024-01-01T00:00:00.000Z \n'.repeat(2_500),
    '2024-01-01T00:00:00.000Z INFO heartbeat ok\n'.repeat(10_000),
    Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
  ];
}

function time(inputs: string[], rounds: number): TriageBenchGroup {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const text of inputs) {
      const start = performance.now();
      triageError(text);
      samples.push(performance.now() - start);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    inputs: inputs.length,
    meanChars: Math.round(inputs.reduce((n, t) => n + t.length, 0) / Math.max(1, inputs.length)),
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(samples[samples.length - 1] ?? 0),
  };
}

/** Runs the triage benchmark; prints a table unless `quiet`. */
export function runTriageBench(opts: { quiet?: boolean } = {}): Record<string, TriageBenchGroup> {
  const pastes = pasteTexts();
  for (const text of pastes) triageError(text); // warm up the regex engine and the JIT
  const result = {
    pastes: time(pastes, 20),
    longLogs: time(longLogs(pastes), 3),
    adversarial: time(adversarial(), 3),
  };
  if (!opts.quiet) {
    console.log('\nTriage (triageError per message)');
    console.log('group         inputs  mean chars    p50 ms    p99 ms    max ms');
    for (const [name, g] of Object.entries(result)) {
      console.log(
        `${name.padEnd(12)} ${String(g.inputs).padStart(7)} ${String(g.meanChars).padStart(11)} ${g.p50Ms.toFixed(3).padStart(9)} ${g.p99Ms.toFixed(3).padStart(9)} ${g.maxMs.toFixed(3).padStart(9)}`,
      );
    }
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) runTriageBench();
