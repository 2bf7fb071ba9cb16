import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { evaluateMatcher, parseEvalSet } from '../../src/core/knowledge/faq-eval.js';
import { toFaqAnswerJson } from '../../src/core/knowledge/faq-answer-json.js';
import { loadFaqMatcher } from '../../src/adapters/knowledge/load-faq-matcher.js';

let matcher: FaqMatcher;
beforeAll(async () => {
  matcher = await loadFaqMatcher(path.join(__dirname, '../../knowledge'));
});

describe('FAQ matcher over the real KB', () => {
  it.each([
    ['portal says something went wrong when I open secrets', 'list-get-something-went-wrong'],
    ['who read our secrets last month?', 'access-logging'],
    ['alert me when the vault latency is high', 'monitor-performance'],
    ['add access policy button is disabled', 'modify-access-policy'],
    ['what is the unknown entry in my access policies', 'unknown-policy'],
    ['restrict one app to a specific secret', 'per-object-access'],
    ['should my function app use a managed identity to reach kv', 'authenticate-app'],
    ['give my AAD security group access to kv', 'ad-group-access'],
    ['terraform wiped the vault access policies', 'arm-redeploy-policies'],
    ['AKV10032 invalid issuer', 'error-401'],
    ['VaultRequestTypeLimitReached', 'error-429'],
    ['how should we cache secrets to avoid throttling', 'throttling-best-practices'],
    ['<at>KV Bot</at> cant lsit secrets in my vault', 'list-get-something-went-wrong'],
    // "individual users" is the opposite of a group.
    ['can we give a whole team access rather than individual users', 'ad-group-access'],
    ['grant access to individual certificates only', 'per-object-access'],
    // Credential classes and their errors are the SDK sign-in failure; availability words reach monitoring.
    ['AzureCliCredential authentication failed when my python script reads a secret', 'error-401'],
    ['EnvironmentCredential is unavailable, key vault calls fail', 'error-401'],
    ['key vault seems down for us, any outage?', 'monitor-performance'],
    // 403 owns the error itself; the plain "can't read it" symptom, app set-up and redeploy losses go elsewhere.
    ['which permission am I missing to fetch a certificate from kv', 'list-get-something-went-wrong'],
    ['unable to pull a key out of our vault', 'list-get-something-went-wrong'],
    ['create an app registration so our service can get secrets from the vault', 'authenticate-app'],
    ['registering a service principal for key vault, how should it sign in', 'authenticate-app'],
    ['after we reran the deployment pipeline the vault permissions were gone', 'arm-redeploy-policies'],
    ['our bicep rerun removed everybody\'s access to the vault', 'arm-redeploy-policies'],
    ['request failed: 403 caller is not authorized, oid 1234', 'error-403'],
  ])('"%s" → %s', (q, id) => {
    const r = matcher.match(q);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe(id);
    expect(r.probes).toEqual(matcher.getEntry(id)?.probes);
  });

  // Known cost of the leave-one-set-out thresholds (issue 8, rounds 4–5: model weight 0.8): a
  // terse question whose evidence is mostly lexical is declined, with the right entry offered
  // first. Adding the triage bonus after the blend would answer both, but cost leave-one-set-out
  // top-1 (54.5 % → 53.7–54.1 %), so it was not kept.
  it.each([
    ['ForbiddenByRbac on getSecret', 'error-403'],
    ['insufficient permissions error when the pipeline sets a secret', 'error-403'],
    // Declined under round 4's thresholds, answered in rounds 5–6; the model trained with blind5
    // (session 7, whose out-of-domain questions include diagnostics-settings tooling) puts it at
    // 0.374, just under the 0.375 threshold, with monitoring offered first.
    ['secret fetches time out, how do I monitor the vault', 'monitor-performance'],
    // Answered until session 9; the sharper model of eight real sets (real questions weighted 3)
    // reads "list permission on certificates" as the list/get entry too, and the group entry leads
    // at 0.355 (0.368 with eleven sets), under the threshold (0.475; 0.45 in session 10, 0.425 since session 11): declined
    // with the group entry offered first. With twelve sets (session 11) the two are tied (list/get
    // 0.370, group 0.363; with fourteen, group 0.355, list/get 0.350): still declined, the group entry
    // offered first or second; see the test below.
  ])('"%s" is not answered wrongly: %s is the first suggestion', (q, id) => {
    const r = matcher.match(q);
    const first = r.kind === 'answer' ? r.answer?.id : r.suggestions[0]?.id;
    expect(first).toBe(id);
  });

  it('"grant list permission on certificates to our devops group" is declined with the group entry among the first two suggestions', () => {
    const r = matcher.match('grant list permission on certificates to our devops group');
    expect(r.kind).not.toBe('answer');
    expect(r.suggestions.slice(0, 2).map((s) => s.id)).toContain('ad-group-access');
  });

  // "key vault" alone reads as monitoring to the model; an entry no word matched is only offered.
  it.each(['how do I enable purge protection', 'what does key vault cost', 'create a managed HSM', 'key vault', 'azure', 'vault', 'what is the weather today', 'rotate my keys every 90 days', 'is teams down today', 'is azure devops down'])(
    'does not answer "%s"',
    (q) => {
      const r = matcher.match(q);
      expect(r.answer).toBeUndefined();
      expect(['none', 'ambiguous']).toContain(r.kind);
    },
  );

  it.each([['hello', 'greeting'], ['thanks!', 'thanks'], ['help', 'help'], ['bye', 'goodbye'], ['cancel', 'cancel'], ['never mind', 'cancel'], ['no thanks', 'cancel'], ['ok, cancel', 'cancel'], ['yes', 'confirm'], ['yes please', 'confirm'], ['go ahead', 'confirm']])('"%s" is small talk (%s)', (q, kind) => {
    const r = matcher.match(q);
    expect(r).toMatchObject({ kind: 'smalltalk', smallTalk: kind, suggestions: [], probes: [] });
  });

  it('gives the bot the full entry for rendering', () => {
    const e = matcher.getEntry('ad-group-access');
    expect(e?.answer).toContain('az keyvault set-policy');
    expect(e?.followUps).toContain('authenticate-app');
    expect(e?.source.heading).toBe('How can I give the AD group access to the key vault?');
    expect(matcher.getEntry('nope')).toBeUndefined();
  });

  it('prints the ask --json contract shape', () => {
    const json = toFaqAnswerJson(matcher.match('429 too many requests'));
    expect(Object.keys(json)).toEqual(['query', 'answer', 'suggestions', 'probes']);
    expect(json.answer?.source).toEqual({ document: 'Troubleshooting Azure Key Vault access policy issues', heading: 'Recommended troubleshooting Steps for following error types' });
    expect(json.answer?.score).toBeGreaterThan(0);
    expect(json.answer?.score).toBeLessThanOrEqual(1);
  });

  it('meets the targets on the development set (top-1 ≥ 95%, rejected ≥ 90%)', () => {
    const { cases, problems } = parseEvalSet(readFileSync(path.resolve(__dirname, '../../../shared/eval/dev.jsonl'), 'utf8'));
    expect(problems).toEqual([]);
    const { summary } = evaluateMatcher(matcher, cases);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
    expect(summary.rejected).toBeGreaterThanOrEqual(0.9);
  });

  it('meets the targets on our own held-out paraphrases', () => {
    const { cases } = parseEvalSet(readFileSync(path.join(__dirname, 'paraphrases', 'authors-paraphrases.jsonl'), 'utf8'));
    const { summary } = evaluateMatcher(matcher, cases);
    expect(summary.inDomain).toBeGreaterThan(40);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
    expect(summary.rejected).toBeGreaterThanOrEqual(0.9);
  });

  it('meets the product bars on the Teams-style set (fragments, typos, ids, jargon)', () => {
    const { cases, problems } = parseEvalSet(readFileSync(path.join(__dirname, 'paraphrases', 'teams-fragments-typos-ids.jsonl'), 'utf8'));
    expect(problems).toEqual([]);
    const { summary } = evaluateMatcher(matcher, cases);
    expect(summary.inDomain).toBeGreaterThan(60);
    expect(summary.outOfDomain).toBeGreaterThan(20);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
    expect(summary.rejected).toBeGreaterThanOrEqual(0.9);
  });

  // These were written blind, then their misses were analysed and fixed in general ways
  // (vocabulary, synonyms, out-of-scope terms): they now guard those fixes, not generalisation
  // (paraphrases/README.md says how each set was written).
  it.each(['blind-short-questions.jsonl', 'blind-broad-with-helpdesk.jsonl', 'blind-scenarios.jsonl', 'blind-wordy-with-names.jsonl'])('meets the product bars on %s', (file) => {
    const { cases, problems } = parseEvalSet(readFileSync(path.join(__dirname, 'paraphrases', file), 'utf8'));
    expect(problems).toEqual([]);
    const { summary } = evaluateMatcher(matcher, cases);
    expect(summary.inDomain).toBeGreaterThan(20);
    expect(summary.top1).toBeGreaterThanOrEqual(0.95);
    expect(summary.rejected).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['how do I recover a deleted secret', 'soft delete'],
    ['what is the maximum size of a secret value', 'size limits'],
    ['vpn not connecting', 'helpdesk'],
  ])('does not answer out-of-scope "%s" (%s)', (q) => {
    expect(matcher.match(q).kind).not.toBe('answer');
  });

  it.each([
    ['my app is being throttled constantly', 'throttling-best-practices'],
    ['what does http 429 mean from the vault', 'error-429'],
    ['cant see secrets in kv-payments-prod-01', 'list-get-something-went-wrong'],
    ['why is object 3f2b8c1e-9a7d-4e21-b6f0-1c2d3e4f5a6b listed as unknown in the access policies', 'unknown-policy'],
  ])('separates close entries and ignores pasted ids: "%s" → %s', (q, id) => {
    expect(matcher.match(q).answer?.id).toBe(id);
  });

  it('reports malformed eval lines with their numbers instead of failing', () => {
    const { cases, problems } = parseEvalSet('{"q":"a","expect":[]}\nnot json\n\n{"q":1,"expect":[]}\n{"q":"b"}\n');
    expect(cases).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 4, 5]);
  });
});
