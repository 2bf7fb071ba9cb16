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
    'went wrong getting gets someone anyone somebody me myself up out use using used via new everything anything ' +
    'nothing between without within instead other another best recommended proper preferred simplest easiest ideal let lets ' +
    'always constantly suddenly randomly sometimes often occasionally frequently continuously repeatedly basically actually currently apparently ' +
    // Conversational filler seen in Teams chats ("error is coming", "asking me", "during deploy").
    'coming come comes during somewhere anywhere everywhere ask asks asking asked urgent urgently asap plz kindly dear ' +
    'today tonight guess seems seem happening happen happens happened yet already though anyway thing things stuff').split(' '),
);

// Phrases whose words are weak alone but telling together; folded to one token before stop-wording.
const PHRASE_TOKENS: Readonly<Record<string, string>> = Object.freeze({
  'something went wrong': 'somethingwentwrong',
  // The portal's "something went wrong" is what users call a generic or unhelpful error.
  'generic error': 'somethingwentwrong',
  'generic error message': 'somethingwentwrong',
  'unhelpful error': 'somethingwentwrong',
  'vague error': 'somethingwentwrong',
  'unexpected error': 'somethingwentwrong',
  'an error occurred': 'somethingwentwrong',
  'best practices': 'bestpractice',
  'best practice': 'bestpractice',
});

// Identifiers people paste into questions (GUIDs, `appid=…;oid=…` pairs, resource names such as
// kv-payments-prod or sg-platform-devs, vault URLs' host names) say which thing, not what the
// problem is: as words they would only count against coverage. They are dropped before
// splitting. A hyphenated word counts as a name when it holds a digit (then underscores count
// too), has two or more hyphens, or starts with a usual resource-name prefix; "set-policy", "on-prem" stay.
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const ID_PAIR = /\b(appid|oid|tid|objectid|clientid|client_id|object_id|tenantid|tenant_id)[=:][^\s;,'"]*/g;
const RESOURCE_NAME = /(?<![\w-])(?:(?:kv|akv|sg|rg|grp|vault|keyvault|app|func|fn|aks|vm|st|id|mi|sp|spn)-[a-z0-9][a-z0-9_-]*|[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}|[a-z0-9]*\d[a-z0-9]*(?:[-_][a-z0-9]+)+|[a-z][a-z0-9]*(?:[-_][a-z0-9]*\d[a-z0-9]*)+)(?![\w-])/g;

// A time of day ("3am", "2:30 pm") says when, not what.
const TIME_OF_DAY = /\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b/g;
// Pasted commands name things through arguments (`-VaultName kv-fin`, `--name DbPassword`, `-g rg1`):
// the value is a name, and the flag is syntax; both go.
const NAME_ARGUMENT = /(?<![\w-])(?:--?(?:vault-?name|name|n|resource-?group(?:-?name)?|g|object-?id|application-?id|spn|upn|user-?principal-?name|secret-?name|key-?name|subscription|tenant|id)|-(?:service-?principal-?name|email-?address|display-?name))\s+(?:"[^"]*"|'[^']*'|[^\s-][^\s]*)/g;
// Az PowerShell cmdlets read as their verb and noun ("Get-AzKeyVaultSecret" → "get secret"), so a pasted
// command says what was attempted in the KB's words.
// Older modules spell the noun AzureRm… or Azure… (Set-AzureRmKeyVaultAccessPolicy).
const AZ_CMDLET = /\b(get|set|remove|new|add|update|undo|backup|restore|import|invoke)-az(?:ure)?(?:rm)?(?:keyvault)?([a-z]*)\b/g;
const CMDLET_NOUNS: Readonly<Record<string, string>> = Object.freeze({
  '': 'kv', secret: 'secret', key: 'key', certificate: 'certificate', accesspolicy: 'accesspolicy', roleassignment: 'role assignment',
  managedhsm: 'hsm', adgroup: 'entra group', adserviceprincipal: 'serviceprincipal', adapplication: 'serviceprincipal', aduser: 'user',
  accesstoken: 'token', context: 'signin', account: 'signin',
});

/** Removes pasted identifiers (see above); `text` must already be lower case. */
function dropIdentifiers(text: string): string {
  // Each pattern needs a character most questions lack ('=' or ':', '-', '_'): looking for it
  // first skips the regex's scan of the whole text, and cannot change what it finds.
  let s = text;
  if (s.includes('=') || s.includes(':')) s = s.replace(ID_PAIR, '$1 ');
  const hyphen = s.includes('-');
  if (hyphen) s = s.replace(GUID, ' ');
  s = s.replace(TIME_OF_DAY, ' ');
  if (hyphen) s = s.replace(NAME_ARGUMENT, ' ');
  if (s.includes('-az')) s = s.replace(AZ_CMDLET, (_all, verb: string, noun: string) => ` ${verb} ${CMDLET_NOUNS[noun] ?? noun} `);
  if (s.includes('-') || s.includes('_')) s = s.replace(RESOURCE_NAME, (name) => (KEPT_COMPOUNDS.has(name) ? name : ' '));
  return s;
}

// Hyphenated words that look like names by the rules above but are vocabulary.
const KEPT_COMPOUNDS: ReadonlySet<string> = new Set(['role-based-access-control', 'on-premises', 'on-premise', 'e-mail', 'x-ms-keyvault']);

/** Lower-cases and turns punctuation into spaces; apostrophes inside words are dropped. */
function words(text: string): string[] {
  return dropIdentifiers(text.toLowerCase())
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    // Language names that punctuation would destroy ("c#" → "c", dropped as too short).
    .replace(/(^|[^\w])(c#|f#|\.net)(?![\w#])/g, (_all, lead: string, lang: string) => `${lead} ${lang === '.net' ? 'dotnet' : `${lang[0] as string}sharp`} `)
    // "403s", "429's" → the code itself.
    .replace(/\b(\d{3})'?s\b/g, '$1')
    // The words are the runs of letters, digits and apostrophes (everything else separates them).
    .match(/[a-z0-9']+/g)
    ?.filter((w) => w !== "'") ?? [];
}

// Contractions are single words with an apostrophe; they expand to several words.
const CONTRACTION_MAP: ReadonlyMap<string, string[]> = new Map(Object.entries(CONTRACTIONS).map(([from, to]) => [from, to.split(' ')]));

// Phrase → token, keyed by the phrase's words joined with spaces; matched longest first over the
// word list in one pass, so cost grows with message length, not with the number of synonyms.
const PHRASES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (phrase: string, token: string): void => {
    const parts = words(phrase).map((w) => w.replace(/'/g, ''));
    // A phrase's last word is keyed by its stem, so "response times" folds like "response time".
    if (parts.length > 1) parts[parts.length - 1] = stem(parts[parts.length - 1] as string);
    const key = parts.join(' ');
    if (key !== '' && !map.has(key)) map.set(key, token);
  };
  for (const [phrase, token] of Object.entries(PHRASE_TOKENS)) add(phrase, token);
  for (const [token, phrases] of Object.entries(SYNONYM_GROUPS)) for (const p of phrases) add(p, token);
  return map;
})();
const MAX_PHRASE_WORDS = Math.max(...[...PHRASES.keys()].map((k) => k.split(' ').length));
// Every leading run of words (as typed) that some longer phrase continues: the phrase scan stops
// as soon as the words so far start no phrase, so most words cost one lookup.
const PHRASE_PREFIXES: ReadonlySet<string> = new Set([...PHRASES.keys()].flatMap((k) => {
  const parts = k.split(' ');
  return parts.slice(0, -1).map((_w, j) => parts.slice(0, j + 1).join(' '));
}));

/** Strips Teams `<at>…</at>` mentions and other HTML tags, and decodes common entities. */
export function stripMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
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
  return normalizedWords(text).join(' ');
}

/** {@link normalizeText}'s words, as a list (no empty strings). */
function normalizedWords(text: string): string[] {
  const expanded: string[] = [];
  for (const w of words(stripMarkup(text))) {
    const c = CONTRACTION_MAP.get(w);
    if (c) expanded.push(...c);
    else expanded.push(w.replace(/'/g, ''));
  }
  const out: string[] = [];
  // Stems of the words, computed once each and only when a phrase lookup needs one (phrases key
  // their last word by its stem).
  const stems: (string | undefined)[] = new Array<string | undefined>(expanded.length);
  for (let i = 0; i < expanded.length; ) {
    // Longest phrase starting at i: its first words as typed, its last word stemmed (see PHRASES).
    const first = expanded[i] as string;
    let length = PHRASES.has(first) ? 1 : 0;
    let token = length === 1 ? (PHRASES.get(first) as string) : '';
    let prefix = first;
    for (let n = 2; n <= MAX_PHRASE_WORDS && i + n <= expanded.length && PHRASE_PREFIXES.has(prefix); n++) {
      const found = PHRASES.get(`${prefix} ${(stems[i + n - 1] ??= stem(expanded[i + n - 1] as string))}`);
      if (found !== undefined) {
        length = n;
        token = found;
      }
      prefix = `${prefix} ${expanded[i + n - 1] as string}`;
    }
    if (length === 0) out.push(expanded[i++] as string);
    else {
      out.push(token);
      i += length;
    }
  }
  return out.filter((w) => w !== '');
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
  for (const word of normalizedWords(text)) {
    if (STOPWORDS.has(word)) continue;
    if (word.length < 2) continue;
    const stemmed = stem(word);
    out.push(STEMMED_SYNONYMS.get(stemmed) ?? stemmed);
  }
  return out;
}
