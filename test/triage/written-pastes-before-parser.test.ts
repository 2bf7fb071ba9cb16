/**
 * Pastes written before the parser was read (formerly "blind set"): ~80 pastes in the shapes
 * people paste into Teams (az CLI, PowerShell, portal, .NET, Python, Java, Go/Terraform, JS, CSI
 * driver, App Service, ARM, HTML-mangled, truncated, escaped twice), written from azure-facts.md §1.
 * Three "not an access error" lines were relabelled with the kinds added since (not-found,
 * sign-in-failed), and App Service's MSINotEnabled is now sign-in-failed (no managed identity, so no
 * token and the vault never reached), token-missing still accepted; their text is unchanged. Each case goes through
 * `triageError`, the function `kvbot triage` calls; one case also goes through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPasteSet, PASTE_SETS, scoreCase, summarise } from './paste-set.js';

const ROOT = path.resolve(__dirname, '..', '..');
const cases = loadPasteSet(PASTE_SETS.writtenBeforeParser);

describe('triage on pastes written before the parser was read', () => {
  it('has enough cases, covering the twelve kinds it was written for (and two added since)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(cases.map((c) => [`line ${c.line}: ${c.kind} (${c.note})`, c] as const))('%s', (_name, c) => {
    const o = scoreCase(c);
    expect(o.kindOk ? c.kind : o.actualKind).toBe(c.kind);
    expect(o.fieldMisses).toEqual([]);
  });

  it('classifies at least 95% of the set and extracts at least 95% of the expected fields', () => {
    const s = summarise(cases.map(scoreCase));
    expect(s.kindOk / s.cases).toBeGreaterThanOrEqual(0.95);
    expect(s.fieldsOk / s.fieldsExpected).toBeGreaterThanOrEqual(0.95);
  });

  it('gives the same answer through the real CLI reading stdin (CRLF PowerShell paste)', () => {
    const c = cases.find((x) => x.note.startsWith('Windows PowerShell'));
    expect(c).toBeDefined();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'triage', '--json'], {
      cwd: ROOT,
      input: c!.text,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      fields: Record<string, string>;
      probe: { name: string; args: Record<string, string> } | null;
    };
    expect(out.kind).toBe(c!.kind);
    expect(out.fields).toMatchObject(c!.fields);
    expect(out.probe).toMatchObject({
      name: 'permission-check',
      args: { vault: c!.fields.vault, principal: c!.fields.objectId },
    });
  });
});
