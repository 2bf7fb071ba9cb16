/**
 * Reads a probe request out of a person's words: "I can't list secrets in kv-payments",
 * "check my access to kv-orders", "who can change access on kv-payments", "is logging on for
 * kv-x", "is kv-x throttled". Recognises the intent, the vault name and the operation; the
 * caller decides what to do when the vault is missing (answer from the FAQ instead).
 */
import type { ProbeName } from '../../src/core/probes/probe-result.js';
import { isPlaceholderValue } from '../../src/core/triage/placeholder-value.js';
import { isObjectId, isVaultName, type ProbeRequest } from './probe-request.js';

/**
 * A probe intent found in text; `vault` is absent when the text names none. `someoneElse` names
 * whom the words ask about when it is not the asker and no object id says who ("bob@contoso.com",
 * "your function app"): the checks read the asker's own access, which would answer another question.
 */
export type ParsedProbeRequest = ProbeRequest & { someoneElse?: SomeoneElse; otherVaults?: string[] };

/** Whom a request is about when it is not the asker: a person (an address, "my colleague") or an app. */
export interface SomeoneElse {
  /** As the reply should name them: "bob@contoso.com", "your function app". */
  who: string;
  kind: 'person' | 'app';
}

/** Words that follow "vault" in ordinary questions and are never a vault's name. */
const NOT_NAMES = new Set([
  'access',
  'policy',
  'policies',
  'is',
  'the',
  'a',
  'an',
  'to',
  'and',
  'or',
  'for',
  'in',
  'on',
  'of',
  'with',
  'that',
  'this',
  'my',
  'your',
  'secrets',
  'secret',
  'keys',
  'key',
  'certificates',
  'certificate',
  'certs',
  'cert',
  'rbac',
  'firewall',
  'logging',
  'logs',
  'name',
  'error',
  'errors',
  'permission',
  'permissions',
  'role',
  'roles',
  'throttled',
  'throttling',
  'down',
  'up',
  'slow',
  'available',
  'i',
  'we',
  'you',
  'it',
  'but',
  'so',
  'if',
  'when',
  'was',
  'are',
  'be',
  'has',
  'have',
  'using',
  'uses',
  'contributor',
  'reader',
  'administrator',
  'officer',
  'user',
  'users',
  'group',
  'groups',
  'please',
  'called',
  'named',
  'x',
  // Statuses and terms people quote after "Key Vault" ("Key Vault 'Forbidden' error").
  'forbidden',
  'unauthorized',
  'accesspolicies',
  'access-policy',
  'auditevent',
  'value',
  'values',
  'keyvault',
  'vault',
  'vaults',
  'reference',
  'references',
  // `az keyvault` subcommands, when "az" itself was left out or mistyped.
  'set-policy',
  'delete-policy',
  'list-policy',
  'show',
  'list',
  'create',
  'update',
  'delete',
  'purge',
  'recover',
  // Prose around an option name ("a parameter with --vault-name would be consistent").
  'would',
  'should',
  'could',
  'must',
  'can',
  'will',
  'parameter',
  'option',
  'argument',
]);

/**
 * `kv-payments`, `payments-kv`, a vault URI, or the name after "vault"/"key vault" when it is quoted
 * or follows "named"/"called". Each pattern is tried in turn; the first name found wins. Global, for
 * `matchAll` (which copies the expression, so no `lastIndex` is shared between calls).
 */
const NAME_PATTERNS: RegExp[] = [
  // Command lines: `az keyvault … --name kv` / `-n kv`, `--vault-name kv`, PowerShell's `-VaultName kv`.
  /\baz\s+keyvault\s+(?:set-policy|delete-policy|show|update|create|delete|purge|recover)\b[^\n]*?\s(?:-n|--name)\s+['"]?([a-z][a-z0-9-]{1,22}[a-z0-9])['"]?(?=$|[\s'"`).,;:?!])/gi,
  /(?:--vault-name|-VaultName)\s+['"]?([a-z][a-z0-9-]{1,22}[a-z0-9])['"]?(?=$|[\s'"`).,;:?!])/gi,
  /\bhttps?:\/\/([a-z][a-z0-9-]{1,22}[a-z0-9])\.vault\.azure\.net/gi,
  /(?:^|[\s'"`(])(kv-[a-z0-9-]*[a-z0-9])(?=$|[\s'"`).,;:?!])/gi,
  /(?:^|[\s'"`(])([a-z][a-z0-9-]*-kv)(?=$|[\s'"`).,;:?!])/gi,
  /(?<!\baz\s+)\b(?:key ?vault|vault)\s+(?:(?:named|called)\s+['"`]?([a-z][a-z0-9-]{1,22}[a-z0-9])['"`]?|['"`]([a-z][a-z0-9-]{1,22}[a-z0-9])['"`])(?=$|[\s).,;:?!])/gi,
];

/** The bare word after "vault"/"key vault": a name only when it looks like one (see {@link looksLikeName}). */
const BARE_NAME_AFTER_VAULT = /(?<!\baz\s+)\b(?:key ?vault|vault)\s+([a-z][a-z0-9-]{1,22}[a-z0-9])(?=$|[\s).,;:?!])/gi;

/**
 * Whether a bare word after "vault" is a vault's name rather than English. In the real questions
 * collected (test/real-world), the words after "key vault" are almost all ordinary ones ("access",
 * "operations", "latency", "availability", "references"…), while the names written bare carry a
 * hyphen, a digit, or "kv"/"vault" (`shm-cvdnetdev-kv`, `mykevault11`, `mykeyvault`). Taking
 * "monitor key vault latency" as a vault named latency would replace the FAQ answer with a consent
 * card for a vault that does not exist.
 */
function looksLikeName(word: string): boolean {
  return /[0-9-]|kv|vault/i.test(word);
}

/**
 * Words after which a `kv-…` name is something else's: "the group KV-Readers", "the app kv-sync".
 * "I was added to the group KV-Readers but still can't see secrets in kv-orders" is about kv-orders.
 */
const OWNER_BEFORE = /\b(?:group|groups|team|role|user|app|application|identity|principal|sp|spn)\s+['"`]?$/i;

/** The same words after the name: "add me to the kv-readers group", "the kv-sync app". */
const OWNER_AFTER =
  /^['"`]?\s+(?:group|groups|team|role|app|application|identity|principal|sp|spn|service principal)\b/i;

/** The vault name the text mentions, if any. */
export function findVaultName(text: string): string | undefined {
  return findVaultNames(text, 1)[0];
}

/**
 * Every vault the text names, the one {@link findVaultName} picks first, at most `max`: "check
 * kv-orders and kv-payments" names two.
 */
export function findVaultNames(text: string, max = DEFAULT_MAX_VAULTS): string[] {
  // One turn asks for the same text's names from several routes (the probe request, the answer's
  // check button, the activity log): the last text's names are kept.
  // The first names do not depend on how many are asked for, so one scan serves every `max` up to its own.
  const scanMax = Math.max(max, DEFAULT_MAX_VAULTS);
  if (lastNames?.text !== text || lastNames.max < scanMax)
    lastNames = { text, max: scanMax, names: scanVaultNames(text, scanMax) };
  return lastNames.names.slice(0, max);
}

/** How many vaults a request may name ("check kv-orders and kv-payments"). */
const DEFAULT_MAX_VAULTS = 3;

/** The last text {@link findVaultNames} read, how many names it looked for, and what it found. */
let lastNames: { text: string; max: number; names: readonly string[] } | undefined;

function scanVaultNames(text: string, max: number): string[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
    return names.length >= max;
  };
  const found = (name: string | undefined) =>
    name && isVaultName(name) && !NOT_NAMES.has(name.toLowerCase()) && !isPlaceholderValue(name);
  for (const re of NAME_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const name = m[1] ?? m[2];
      const at = (m.index ?? 0) + m[0].indexOf(name ?? '');
      const after = text.slice(at + (name?.length ?? 0), at + (name?.length ?? 0) + 40);
      if (
        found(name) &&
        !OWNER_BEFORE.test(text.slice(Math.max(0, at - 40), at)) &&
        !OWNER_AFTER.test(after) &&
        add(name!.toLowerCase())
      )
        return names;
    }
  }
  for (const [, bare] of text.matchAll(BARE_NAME_AFTER_VAULT))
    if (found(bare) && looksLikeName(bare!) && add(bare!.toLowerCase())) return names;
  return names;
}

/** Intents other than a permission check, most specific first. */
const INTENTS: ReadonlyArray<readonly [ProbeName, RegExp]> = [
  ['arm-export', /\b(export|arm template|bicep|redeploy)\b.*\bpolic/i],
  ['unknown-policies', /\b(unknown|orphan(ed)?|stale|deleted|mis-?typed)\b.*\b(polic|entr|object)/i],
  [
    'modify-rights',
    /\bwho\b.*\b(can|could|may|is allowed to)\b.*\b(change|modify|edit|manage|grant|update|give)\b|\b(can|could|may)\s+i\s+(change|modify|edit|manage|grant|update)\s+(the\s+)?(access|polic|permission|role)/i,
  ],
  ['logging-status', /\b(logging|audit ?logs?|diagnostic settings?|logs?\s+(on|enabled|turned on))\b/i],
  // "Who deleted my secret in kv-x?" asks the audit log, not whether I can list secrets.
  [
    'logging-status',
    /\bwho\b.{0,40}\b(deleted|accessed|removed|read|changed|modified|created|purged|updated|used)\b|\b(last accessed|accessed by whom)\b/i,
  ],
  ['throttling', /\b(throttl\w*|429|too many requests|rate.?limit\w*)\b/i],
  ['availability', /\b(availab\w*|latency|is\s+\S+\s+(down|up|slow)|outage|healthy)\b/i],
];

/** Phrases that ask about someone's data-plane access. */
const ACCESS_INTENT =
  /\b(can'?t|cannot|can not|couldn'?t|unable to|not able to|can i|could i|may i|am i able|do i have|denied|forbidden|403|check (my|the|his|her|their)?\s*access|(have|get|got|no|lack) access|my access|allowed to|(give|grant) me (access|permissions?)|(add|give|grant|get) me (to|on|in|into|access|permissions?)|need (access|permissions?)|request(ing)? access)\b/i;

/**
 * Asking to take access away ("remove my access to kv-orders", "revoke bob's permissions") is not a
 * question about what one can do: checking "can you delete secrets" would answer something else.
 */
export const TAKES_ACCESS_AWAY =
  /\b(remove|revoke|take away|withdraw|drop)\b.{0,30}\b(access|permissions?|polic(?:y|ies)|roles?)\b/i;

/** How-to and what-is questions are for the FAQ even when they name a vault. */
const HOW_TO = /^\s*(how|what|where|which|when|explain|tell me about)\b(?!.*\bcheck\b)/i;

/**
 * Except the questions about one's own access that the check answers: "what permissions do I have
 * on kv-orders", "what can I do in kv-orders". Not "what permissions do I need…" (the FAQ).
 */
const ASK_OWN =
  /^\s*(?:what|which)\s+(?:kind of\s+)?(?:access|permissions?|rights|roles?|role assignments?|access polic(?:y|ies)|secrets|keys|certificates|certs|operations)\s+(?:do|can|have)\s+i\b(?!\s+(?:need|require))|^\s*what\s+can\s+i\s+(?:do|access|see|read|list|get)\b/i;

const CATEGORY: ReadonlyArray<readonly [string, RegExp]> = [
  // "key vault" is the service, not a key.
  ['keys', /\bkeys?\b(?![\s-]*vaults?\b)/i],
  ['certificates', /\b(certificates?|certs?)\b/i],
  ['secrets', /\bsecrets?\b/i],
];

const VERB: ReadonlyArray<readonly [string, RegExp]> = [
  ['delete', /\b(delete|remove|purge)\b/i],
  ['set', /\b(set|write|create|add|update|put|store|import|upload)\b/i],
  ['get', /\b(get|read|fetch|retrieve|access the value|use)\b/i],
  ['list', /\b(list|see|view|show|enumerate|browse)\b/i],
];

/** `set` is spelt differently per category in access-policy terms. */
const SET_PERMISSION: Record<string, string> = { secrets: 'set', keys: 'create', certificates: 'create' };

/** A data-plane URI: `https://<vault>.vault.azure.net/secrets/db-password` names the category, and reading one object. */
const OBJECT_URI =
  /\.vault\.azure\.(?:net|cn|us)(?::\d+)?\/(secrets|keys|certificates)(\/[^\s/?'"`)]+)?(?:\/(?!(?:sign|verify|encrypt|decrypt|wrapkey|unwrapkey)\b)[^\s/?'"`)]+)?(?:\/(sign|verify|encrypt|decrypt|wrapkey|unwrapkey)\b)?/i;

/** The key operations a URI can end in, in their access-policy spelling. */
const KEY_OPERATIONS: Record<string, string> = {
  sign: 'sign',
  verify: 'verify',
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  wrapkey: 'wrapKey',
  unwrapkey: 'unwrapKey',
};

/** The operation the words ask about; secrets/list when they name none. */
export function findOperation(text: string): string {
  const uri = OBJECT_URI.exec(text);
  // …/keys/signing-key[/version]/sign: the cryptographic operation itself.
  const keyOperation = uri?.[3] && uri[1]?.toLowerCase() === 'keys' ? KEY_OPERATIONS[uri[3].toLowerCase()] : undefined;
  if (keyOperation) return `keys/${keyOperation}`;
  const category = uri?.[1]?.toLowerCase() ?? CATEGORY.find(([, re]) => re.test(text))?.[0] ?? 'secrets';
  // A URI of one object is a read of it (GET …/secrets/db-password); of the collection, a listing.
  // "add me to kv-x", "get me access": the person is added, not a secret; "I get a 403": it is received.
  const words = text
    .replace(/\b(?:add|give|grant|get)\s+me\b/gi, ' ')
    .replace(
      /\b(?:get|gets|getting|got)\s+(?:(?:a|an|the|this|that|some|same)\s+)*(?:40[13]|429|error|errors|forbidden|unauthorized|exception|response|status)\b/gi,
      ' ',
    );
  const verb = VERB.find(([, re]) => re.test(words))?.[0] ?? (uri ? (uri[2] ? 'get' : 'list') : 'list');
  return `${category}/${verb === 'set' ? SET_PERMISSION[category] : verb}`;
}

/** An email address or UPN: a person, and not the asker (who never needs to name themselves). */
const OTHER_UPN = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/** Another person as the subject: "my colleague", "a new team member", "the users". */
const OTHER_PERSON =
  /\b(?:my|our|a|the|new|this|that)\s+(?:new\s+)?(?:colleague|co-?worker|team\s?mate|team member|manager|boss|developer|dev|admin|contractor|intern|new hire|guest|vendor|customer|friend|users)s?\b|\b(?:a|the|our|that|this)\s+user\b/i;

/**
 * An application or service as the subject: its own identity (managed identity, service principal,
 * service connection) is what the vault sees, not the asker's. "my function app", "our pipeline",
 * "the managed identity of my vm".
 */
const OTHER_APP =
  /\b(?:my|our|the|this|that|a)\s+(?:[\w-]+\s+){0,2}?(?:app service|web\s?app|function\s?app|app(?:lication)?s?|functions?|pipelines?|release(?: pipelines?)?|build(?: agent| pipelines?)?|workflow|github actions?|vms?|virtual machines?|aks(?: cluster)?|cluster|pods?|container(?:\s?app)?s?|logic\s?app|data\s?factory|adf|synapse|databricks|service principal|spn|managed identity|msi|daemon|runbook|automation account|service connection)\b/i;

/**
 * The asker as the subject of the access ("I still can't", "gave me access", "my access"): then
 * another person or app in the words is context ("my admin gave me access but I still can't list
 * secrets"), not whom to check.
 */
const ASKER_SUBJECT =
  /\bI\s+(?:still\s+)?(?:can'?t|cannot|can not|couldn'?t|am unable|am not able|don'?t have|do not have|get|got|need|want|lack)\b|\b(?:me|myself)\b|\bmy (?:own )?(?:access|account|user|permissions?)\b|^\s*(?:can|could|may) I\b/i;

/** Whom the words ask about when it is not the asker; undefined for the asker. */
export function someoneElseIn(text: string): SomeoneElse | undefined {
  if (ASKER_SUBJECT.test(text)) return undefined;
  const your = (found: string) => found.replace(/^(my|our)\b/i, 'your');
  const upn = OTHER_UPN.exec(text)?.[0];
  if (upn && !isPlaceholderValue(upn)) return { who: upn, kind: 'person' };
  const person = OTHER_PERSON.exec(text)?.[0];
  if (person) return { who: your(person), kind: 'person' };
  const app = OTHER_APP.exec(text)?.[0];
  return app ? { who: your(app), kind: 'app' } : undefined;
}

/**
 * A message longer than this many words is a report to answer, not a request for a check. Requests
 * are short ("check my access to kv-orders", "I can't list secrets in kv-payments, can you look?");
 * the real questions collected (test/real-world) that name a vault are issue reports of 50 to 500
 * words, and a consent card in place of their answer left the question unanswered. Their answer
 * card offers the check of the vault they name instead (faq-responder.ts).
 */
export const MAX_REQUEST_WORDS = 30;

/** Whether the text is short enough, and plain enough (no code block, one paragraph), to be a request. */
export function isDirectRequest(text: string): boolean {
  const t = text.trim();
  if (t.includes('```') || /\n\s*\n/.test(t)) return false;
  // Counted up to the limit only: a pasted build log is read by several routes in a turn.
  let words = 0;
  for (const _word of t.matchAll(/\S+/g)) if (++words > MAX_REQUEST_WORDS) return false;
  return true;
}

/**
 * The probe the text asks for, or undefined when it does not ask to check anything (or is a long
 * report rather than a request: {@link isDirectRequest}). An explicit object id in the text becomes
 * the principal (checking someone else needs an approver).
 */
export function requestFromWords(text: string): ParsedProbeRequest | undefined {
  if (!isDirectRequest(text)) return undefined;
  const [vault, ...otherVaults] = findVaultNames(text);
  const principal = text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}\b/i)?.[0];
  const extras = {
    ...(vault ? { vault } : {}),
    // "check kv-orders and kv-payments": the same check of each.
    ...(otherVaults.length > 0 ? { otherVaults } : {}),
    ...(principal && isObjectId(principal) ? { principal: principal.toLowerCase() } : {}),
  };
  if ((HOW_TO.test(text) && !ASK_OWN.test(text)) || TAKES_ACCESS_AWAY.test(text)) return undefined;
  // A message that is only a vault's name ("kv-payments", "check kv-payments"): the check of one's own access to it.
  if (
    vault &&
    text
      .trim()
      .replace(
        /^(?:please\s+)?(?:check|test|verify)\s+(?:(?:my\s+)?access\s+(?:to|on|in|for)\s+)?(?:the\s+)?(?:key\s*vault\s+|vault\s+)?/i,
        '',
      )
      .replace(/^['"`]|['"`.?!]+$/g, '')
      .toLowerCase() === vault
  )
    return { probe: 'permission-check', ...extras, operation: 'secrets/list' };
  const intent = INTENTS.find(([, re]) => re.test(text))?.[0];
  // The vault-wide checks (logging, throttling, who may change access) read the same whoever asks.
  if (intent) return { probe: intent, ...extras };
  if (
    ACCESS_INTENT.test(text) ||
    (vault && /\b(secrets?|keys?|certificates?|certs?)\b/i.test(text)) ||
    // "check kv-orders and kv-payments", "check 1b2c…-… on kv-orders", "help me fix kv-payments": a check, and a vault.
    (vault &&
      /\b(check|test|verify|look at|see if|fix|troubleshoot|diagnose|debug|investigate|look into)\b/i.test(text))
  ) {
    // About someone else with no object id to say who: the check would read the asker's access instead.
    const other = extras.principal ? undefined : someoneElseIn(text);
    return {
      probe: 'permission-check',
      ...extras,
      operation: findOperation(text),
      ...(other ? { someoneElse: other } : {}),
    };
  }
  return undefined;
}
