import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { loadFaqMatcher } from '../../src/adapters/knowledge/load-faq-matcher.js';

// Calibration faults seen on a blind set, each checked here with our own wording.
let matcher: FaqMatcher;
beforeAll(async () => {
  matcher = await loadFaqMatcher(path.join(__dirname, '../../knowledge'));
});

describe('FAQ matcher calibration', () => {
  // 1. One ordinary word the KB happens to use ("write", "set", "template") beside words it does not
  //    know must not produce an answer.
  it.each([
    'write me a song about the cloud',
    'write a haiku',
    'terraform azurerm provider example for a vault resource',
  ])('does not answer the off-topic "%s"', (q) => {
    expect(matcher.match(q).kind).not.toBe('answer');
  });

  // ...while a single diagnostic word, or a single word that is the whole question, still answers.
  it.each([
    ['forbidden?', 'error-403'],
    ['429 again', 'error-429'],
    ['is key vault down', 'monitor-performance'],
  ])('answers the one-word question "%s" with %s', (q, id) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe(id);
  });

  // The bare class name is both "how should my app authenticate" and "DefaultAzureCredential
  // failed" (real questions name it mostly in failures, which the trained model learned): the
  // user sees both, one as the answer and the other as a suggestion.
  it('answers the one-word question "DefaultAzureCredential" with one of its two entries and offers the other', () => {
    const r = matcher.match('DefaultAzureCredential');
    expect(r.kind).toBe('answer');
    const shown = [r.answer?.id, ...r.suggestions.map((s) => s.id)];
    expect(shown).toContain('authenticate-app');
    expect(shown).toContain('error-401');
  });

  // 2. Asking for troubleshooting steps / error codes is asking for the error-type entries.
  it.each([
    'which error codes can key vault return when access fails',
    'troubleshooting steps for vault errors',
  ])('"%s" answers with an error-type entry', (q) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('answer');
    expect(['error-401', 'error-403', 'error-429']).toContain(r.answer?.id);
  });

  // A known cost of the model trained with blind4 (session 6): this one sits at 0.372, just under the
  // answer threshold (0.379 before), so it is declined with an error-type entry as the first
  // suggestion rather than answered.
  it('"list the error types for keyvault" offers an error-type entry first', () => {
    const r = matcher.match('list the error types for keyvault');
    const first = r.answer?.id ?? r.suggestions[0]?.id;
    expect(['error-401', 'error-403', 'error-429']).toContain(first);
  });

  // 3. Strongly diagnostic questions answer even with a few words the KB does not know.
  it.each([
    ['got a 403 with insufficient permissions calling the vault REST endpoint from curl', 'error-403'],
    ['ManagedIdentityCredential not working with key vault from my golang service', 'error-401'],
  ])('"%s" → %s', (q, id) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe(id);
  });

  // 4. Seeing the vault but not its contents, a generic error, downloading a certificate: list / get.
  it.each([
    'I can open the key vault but nothing inside it shows up',
    'the portal gives me a generic error when I try to download a certificate',
    'unexpected error while downloading a secret from the vault',
  ])('"%s" → list-get-something-went-wrong', (q) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe('list-get-something-went-wrong');
  });
});
