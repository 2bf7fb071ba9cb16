import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFaqMatcher } from '../../src/adapters/knowledge/load-faq-matcher.js';
import { evaluateMatcher, parseEvalSet } from '../../src/core/knowledge/faq-eval.js';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';

let matcher: FaqMatcher;
beforeAll(async () => {
  matcher = await loadFaqMatcher(path.join(__dirname, '../../knowledge'));
});

describe('FAQ matcher on long messages with code and errors around the question', () => {
  it('answers each long paste of paraphrases/authors-long-pastes.jsonl with its entry and rejects the out-of-scope ones', () => {
    const { cases, problems } = parseEvalSet(readFileSync(path.join(__dirname, 'paraphrases', 'authors-long-pastes.jsonl'), 'utf8'));
    expect(problems).toEqual([]);
    const { summary, misses } = evaluateMatcher(matcher, cases);
    expect(misses).toEqual([]);
    expect(summary.inDomain).toBe(7);
    expect(summary.outOfDomain).toBe(2);
  });

  it('is not pulled off the question by the words of a Terraform block around it', () => {
    const hcl = ['resource "azurerm_key_vault" "kv" {', '  name = "kv-app"', '  sku_name = "standard"', '  soft_delete_retention_days = 7', '  purge_protection_enabled = true', '}'].join('\n');
    const r = matcher.match(`Our pipeline applies this and the access policies added in the portal are gone afterwards:\n${hcl}\nHow do we keep them?`);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe('arm-redeploy-policies');
  });

  it('still rejects a long out-of-scope question (soft delete) whatever access words it holds', () => {
    const r = matcher.match('Vault name still taken after deleting the vault\nWe removed the vault and its access policies last week and now creating it again says the name is in use. Do we have to purge the deleted vault first?');
    expect(r.kind).not.toBe('answer');
  });
});

describe('FAQ matcher steered by error triage', () => {
  it('an access-policy denial pasted in a question raises the entry triage names', async () => {
    const q = 'the nightly job prints: The operation "Get" is not enabled in this key vault\'s access policy.';
    // Both on the lexical score alone (no model), so only triage differs.
    const withTriage = new FaqMatcher(matcher.allEntries()).rank(q).find((r) => r.entry.id === 'list-get-something-went-wrong')?.confidence ?? 0;
    const wordsOnly = new FaqMatcher(matcher.allEntries(), {}, null).rank(q).find((r) => r.entry.id === 'list-get-something-went-wrong')?.confidence ?? 0;
    expect(withTriage).toBeGreaterThan(wordsOnly + 0.1);
    expect(matcher.match(q).answer?.id).toBe('list-get-something-went-wrong');
  });

  it('adds the entry a recognised error names even when no word of the message matched it', () => {
    const steered = new FaqMatcher(matcher.allEntries(), {}, (text) => (text.includes('XYZ-123') ? { id: 'unknown-policy', strong: true } : undefined));
    const q = 'the build fails with error XYZ-123 when it reads the vault';
    expect(new FaqMatcher(matcher.allEntries(), {}, null).rank(q).some((r) => r.entry.id === 'unknown-policy')).toBe(false);
    expect(steered.rank(q).some((r) => r.entry.id === 'unknown-policy')).toBe(true);
  });

  it('gives a bare status code half the push of a recognised message', () => {
    const q = 'the build fails with a forbidden error when it reads the vault';
    const score = (strong: boolean): number => new FaqMatcher(matcher.allEntries(), {}, () => ({ id: 'error-403', strong })).rank(q).find((r) => r.entry.id === 'error-403')?.confidence ?? 0;
    const none = new FaqMatcher(matcher.allEntries(), {}, null).rank(q).find((r) => r.entry.id === 'error-403')?.confidence ?? 0;
    expect(none).toBeGreaterThan(0.3);
    expect(score(true) - none).toBeCloseTo(0.25, 2);
    expect(score(false) - none).toBeCloseTo(0.125, 2);
  });
});
