/**
 * Text normalisation shared by questions and KB short fields: strips Teams mentions and markup,
 * lower-cases, expands contractions, folds synonyms to one token, and stems. The matcher compares
 * only normalised tokens, so both sides must go through the same function.
 */
import { CONTRACTIONS, SYNONYM_GROUPS } from './synonyms.js';
import { stem } from './stemmer.js';

/** Words that carry no topic; removed before scoring (after synonym folding). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a an the and or but if then so of to in on at by for from with about into over under as is are was were be been ' +
    'being am do does did done doing have has had having i me my mine we us our you your he she it its they them their ' +
    'this that these those there here what which whose why how where can could would should will shall ' +
    'may might must not no yes please pls thanks hi hello hey just still also too very really any some all every each ' +
    'got need needs want wants trying try tried help know tell way ok okay now again only even else than like ' +
    'went wrong getting gets someone anyone somebody me myself up out use using used via per new everything anything ' +
    'nothing between without within instead other another').split(' '),
);

// Phrases whose words are weak alone but telling together; folded to one token before stop-wording.
const PHRASE_TOKENS: Readonly<Record<string, string>> = Object.freeze({
  'something went wrong': 'somethingwentwrong',
  'best practices': 'bestpractice',
  'best practice': 'bestpractice',
});

interface PhraseRule {
  pattern: RegExp;
  token: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildPhraseRules(): PhraseRule[] {
  const pairs: [string, string][] = Object.entries(PHRASE_TOKENS);
  for (const [token, phrases] of Object.entries(SYNONYM_GROUPS)) for (const p of phrases) pairs.push([p, token]);
  // Longest phrase first so "azure key vault" wins over "key vault" and "vault".
  pairs.sort((a, b) => b[0].length - a[0].length);
  return pairs.map(([phrase, token]) => ({ pattern: new RegExp(`(?<![\\w'])${escape(phrase)}(?![\\w'])`, 'g'), token }));
}

const PHRASE_RULES = buildPhraseRules();
const CONTRACTION_RULES = Object.entries(CONTRACTIONS).map(([from, to]) => ({ pattern: new RegExp(`(?<![\\w'])${escape(from)}(?![\\w'])`, 'g'), to }));

/** Strips Teams `<at>…</at>` mentions and other HTML tags, and decodes common entities. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'");
}

/**
 * Lower-cases, removes markup and punctuation, expands contractions and folds synonyms. Returns
 * a space-separated string of words (not yet stemmed or stop-worded).
 */
export function normalizeText(text: string): string {
  let s = stripMarkup(text).toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u201c\u201d]/g, '"');
  for (const r of CONTRACTION_RULES) s = s.replace(r.pattern, r.to);
  // "403s", "429's" → the code itself.
  s = s.replace(/\b(\d{3})'?s\b/g, '$1');
  // Punctuation becomes space, but keep apostrophes inside words for the rules above.
  s = s.replace(/[^a-z0-9'\s]+/g, ' ').replace(/(^|\s)'+|'+(?=\s|$)/g, ' ').replace(/'/g, '');
  s = s.replace(/\s+/g, ' ').trim();
  for (const r of PHRASE_RULES) s = s.replace(r.pattern, r.token);
  return s.replace(/\s+/g, ' ').trim();
}

// Single-word synonyms again after stemming, so "edits", "changed" and "fetches" fold like
// "edit", "change" and "fetch" without listing every inflection.
const STEMMED_SYNONYMS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [token, phrases] of Object.entries(SYNONYM_GROUPS)) {
    for (const p of phrases) if (!p.includes(' ') && /^[a-z]+$/.test(p)) map.set(stem(p), stem(token));
  }
  return map;
})();

/** Content tokens of a text: normalised, stop-worded and stemmed, in order (duplicates kept). */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).split(' ')) {
    if (word === '' || STOPWORDS.has(word)) continue;
    if (word.length < 2) continue;
    const stemmed = stem(word);
    out.push(STEMMED_SYNONYMS.get(stemmed) ?? stemmed);
  }
  return out;
}
