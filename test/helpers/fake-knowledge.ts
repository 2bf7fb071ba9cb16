/**
 * A small, deterministic stand-in for the FAQ matcher: a handful of entries with the real ids,
 * matched by trigger phrases. It exercises every branch of the conversation (answer, did you
 * mean, none with and without nearest entries, small talk) without depending on the tuned
 * matcher's scores.
 */
import type { FaqCandidate, FaqMatchResult, FaqSource, SmallTalkKind } from '../../src/core/knowledge/faq-types.js';
import type { FaqEntryView, FaqKnowledge } from '../../dialogs/faq-knowledge.js';

const DOC = 'Troubleshooting Azure Key Vault access policy issues';
const URL = 'https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues';

interface FakeEntry {
  id: string;
  question: string;
  heading: string;
  answer: string;
  followUps: string[];
  probes: string[];
  /** Phrases that make this entry a match. */
  triggers: string[];
  /** Words that make it a "nearest" suggestion when nothing matches. */
  near: string[];
}

/** The fake KB (ids are the real ones from the preamble). */
export const FAKE_ENTRIES: readonly FakeEntry[] = [
  {
    id: 'list-get-something-went-wrong',
    question: "Why can't I list or get secrets in my key vault?",
    heading: 'I\'m not able to list or get secrets/keys/certificate. I\'m seeing a "something went wrong" error.',
    answer:
      'Your identity needs **List** and **Get** permissions on secrets.\n\n```\naz keyvault set-policy --name kv-payments --upn alex@contoso.com --secret-permissions get list\n```\n\n- Check the access policy\n- Check RBAC',
    followUps: ['modify-access-policy', 'error-403'],
    probes: ['permission-check'],
    triggers: ['list secrets', "can't see secrets", 'get secrets', 'something went wrong'],
    near: ['secret'],
  },
  {
    id: 'modify-access-policy',
    question: "How do I change a key vault's access policies?",
    heading: 'How can I modify access policy for key vault?',
    answer: 'Use the portal, the CLI or ARM to **add** an access policy entry.',
    followUps: ['ad-group-access'],
    probes: ['modify-rights'],
    triggers: ['change access policy', 'modify access policy', 'vault access'],
    near: ['policy'],
  },
  {
    id: 'ad-group-access',
    question: 'How do I give an Entra group access to a vault?',
    heading: 'How can I give the AD group access to the key vault?',
    answer: 'Add an access policy for the group object id.',
    followUps: [],
    probes: [],
    triggers: ['group access', 'vault access'],
    near: ['group'],
  },
  {
    id: 'per-object-access',
    question: 'Can I give access to a single secret only?',
    heading: 'How can I assign access control per key vault object?',
    answer: 'With RBAC you can assign a role at the scope of one secret.',
    followUps: [],
    probes: [],
    triggers: ['single secret', 'vault access'],
    near: [],
  },
  {
    id: 'error-403',
    question: 'What does a 403 Forbidden from Key Vault mean?',
    heading: 'What are the Key Vault error types?',
    answer: 'The caller is authenticated but not authorised.',
    followUps: [],
    probes: ['permission-check'],
    triggers: ['403', 'forbidden'],
    near: [],
  },
  {
    id: 'error-429',
    question: 'What does a 429 Too Many Requests from Key Vault mean?',
    heading: 'What are the Key Vault error types?',
    answer: 'You are being throttled.',
    followUps: [],
    probes: ['throttling'],
    triggers: ['429'],
    near: ['slow', 'throttl'],
  },
];

const SMALL_TALK: Array<[RegExp, SmallTalkKind]> = [
  [/^(hi|hello|hey)\b/i, 'greeting'],
  [/^(thanks|thank you)\b/i, 'thanks'],
  [/^(bye|goodbye)\b/i, 'goodbye'],
];

function source(e: FakeEntry): FaqSource {
  return { document: DOC, heading: e.heading, url: URL };
}

function candidate(e: FakeEntry, score: number): FaqCandidate {
  return { id: e.id, question: e.question, score, source: source(e) };
}

/** FaqKnowledge over FAKE_ENTRIES. */
export class FakeKnowledge implements FaqKnowledge {
  readonly queries: string[] = [];

  match(text: string): FaqMatchResult {
    this.queries.push(text);
    const normalized = text.toLowerCase().replace(/\s+/g, ' ').trim();
    const base = { query: text, probes: [] as string[] };
    for (const [re, kind] of SMALL_TALK)
      if (re.test(normalized)) return { ...base, kind: 'smalltalk', smallTalk: kind, suggestions: [] };
    const hits = FAKE_ENTRIES.filter((e) => e.triggers.some((t) => normalized.includes(t)));
    if (hits.length === 1 && hits[0])
      return { ...base, kind: 'answer', answer: candidate(hits[0], 0.9), suggestions: [], probes: hits[0].probes };
    if (hits.length > 1)
      return { ...base, kind: 'ambiguous', suggestions: hits.slice(0, 3).map((e) => candidate(e, 0.6)) };
    const near = FAKE_ENTRIES.filter((e) => e.near.some((w) => normalized.includes(w)));
    return { ...base, kind: 'none', suggestions: near.map((e) => candidate(e, 0.3)) };
  }

  entry(id: string): FaqEntryView | undefined {
    const e = FAKE_ENTRIES.find((x) => x.id === id);
    if (!e) return undefined;
    return {
      id: e.id,
      question: e.question,
      answerMarkdown: e.answer,
      source: source(e),
      probes: e.probes,
      followUps: e.followUps.flatMap((f) => {
        const t = FAKE_ENTRIES.find((x) => x.id === f);
        return t ? [{ id: t.id, question: t.question }] : [];
      }),
    };
  }

  size(): number {
    return FAKE_ENTRIES.length;
  }
}
