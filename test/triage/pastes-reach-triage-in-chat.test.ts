/**
 * A paste triage reads correctly must reach the triage card in chat: the chat routes a turn to
 * triage only when the text looks like a pasted error (dialogs/triage/error-dump.ts), and a
 * recognised paste sent to the FAQ instead loses its facts, its next steps and its prefilled check.
 * Over every labelled paste set, each paste whose label is a known kind and which triage reads as
 * that kind must be taken as a paste, except the few named below whose shape is too close to prose.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { isPastedError } from '../../dialogs/triage/error-dump.js';
import { triageError } from '../../src/core/triage/index.js';
import { PASTE_SETS, loadPasteSet } from './paste-set.js';

/** Recognised pastes left to the FAQ, by set and line: why each is not taken as a paste. */
const LEFT_TO_THE_FAQ: Record<string, string> = {
  // An Azure.Core log line ("Error response [id] 403 Forbidden (00.0s)") reads like a sentence.
  'blind2-error-pastes.jsonl:10': 'a log line without a key=value status',
  // "Failed to create mykey: Encountered an error (Forbidden) from extensions API".
  'blind4-error-pastes.jsonl:25': 'a status in parentheses inside a sentence',
  // `resource "azurerm_key_vault" "key_vault" 403 - Forbidden`: as short as a question about a 403.
  'github-issues-round5.jsonl:19': 'a one-line status after a resource name',
  // An AuditEvent record (JSON, but not an error envelope).
  'blind9-error-pastes.jsonl:14': 'a diagnostic log record, not an error body',
};

describe('recognised pastes reach the triage card in chat', () => {
  it('every labelled paste triage reads right is taken as a paste, but for the named few', () => {
    const missed: string[] = [];
    let recognised = 0;
    for (const file of Object.values(PASTE_SETS)) {
      for (const c of loadPasteSet(file)) {
        if (c.kind === 'unrecognised') continue;
        const result = triageError(c.text);
        if (result.kind !== c.kind && !c.acceptKinds.includes(result.kind)) continue;
        recognised++;
        const key = `${path.basename(file)}:${c.line}`;
        if (!isPastedError(c.text, result) && !(key in LEFT_TO_THE_FAQ)) missed.push(`${key} ${c.kind}`);
      }
    }
    expect(recognised).toBeGreaterThan(300);
    expect(missed).toEqual([]);
  });

  it('the named exceptions are still left to the FAQ (remove one from the list when it is taken)', () => {
    const byName = new Map(Object.values(PASTE_SETS).map((f) => [path.basename(f), f]));
    for (const key of Object.keys(LEFT_TO_THE_FAQ)) {
      const [name, line] = key.split(':') as [string, string];
      const c = loadPasteSet(byName.get(name)!).find((x) => x.line === Number(line))!;
      expect(isPastedError(c.text, triageError(c.text)), key).toBe(false);
    }
  });
});
