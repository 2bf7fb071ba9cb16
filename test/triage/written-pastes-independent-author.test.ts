/**
 * Written pastes by an independent author (formerly "blind set 2"): 50 pastes written by another author from azure-facts.md §1 and the triage
 * contract only, never shown to the parser's authors before it was measured (50/50 kinds,
 * 177/178 fields on first run; the miss — the vault's tenant in a 401 challenge header — is now
 * extracted). Same scoring as the other paste sets.
 */
import { describe, expect, it } from 'vitest';
import { loadPasteSet, PASTE_SETS, scoreCase, summarise } from './paste-set.js';

const cases = loadPasteSet(PASTE_SETS.writtenIndependentAuthor);

describe('triage on pastes written by an independent author', () => {
  it.each(cases.map((c) => [`line ${c.line}: ${c.kind}`, c] as const))('%s', (_name, c) => {
    const o = scoreCase(c);
    expect(o.kindOk ? c.kind : o.actualKind).toBe(c.kind);
    expect(o.fieldMisses).toEqual([]);
  });

  it('classifies at least 95% of the set and extracts at least 95% of the expected fields', () => {
    const s = summarise(cases.map(scoreCase));
    expect(s.cases).toBe(50);
    expect(s.kindOk / s.cases).toBeGreaterThanOrEqual(0.95);
    expect(s.fieldsOk / s.fieldsExpected).toBeGreaterThanOrEqual(0.95);
  });
});
