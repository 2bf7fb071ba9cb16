/**
 * Suggests a case priority from the user's words and the vault, so the support channel can sort
 * without reading every case. The user's explicit choice always overrides the suggestion.
 */
import type { CasePriority } from './case-types.js';

/** What the suggestion looks at. */
export interface PriorityInput {
  /** The user's recent messages. */
  texts: readonly string[];
  vault?: { name: string; tags?: Record<string, string> };
}

/** A suggested priority and the reasons behind it, as sentences for the support card. */
export interface PrioritySuggestion {
  priority: CasePriority;
  reasons: string[];
}

// Words that mean people or releases are blocked right now.
const IMPACT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\boutage\b/, 'outage'],
  [/\b(is|are|went|goes|going|been|all) down\b|\bdown (for|since)\b/, 'down'],
  [/\burgent(ly)?\b|\basap\b|\bemergency\b/, 'urgent'],
  [/\bcustomers?\b/, 'customers'],
  [
    /\b(can'?t|cannot|can not|unable to) (deploy|release|ship)\b|\bdeploy(ment)? (is )?(blocked|failing)\b/,
    "can't deploy",
  ],
];

const PRODUCTION_PATTERN = /\bprod(uction)?\b/;
const RELAXED_PATTERN = /\bno rush\b|\bnot urgent\b|\bwhen(ever)? you (have|get) (the )?time\b|\blow priority\b/;

/** True when the vault is tagged as production (`env`/`environment` = prod/production) or named `*-prod*`. */
export function isProductionVault(vault: { name: string; tags?: Record<string, string> } | undefined): boolean {
  if (!vault) return false;
  for (const [key, value] of Object.entries(vault.tags ?? {})) {
    if (/^env(ironment)?$/i.test(key) && /^prod(uction)?$/i.test(value.trim())) return true;
  }
  return /(^|-)prod/i.test(vault.name);
}

/** Normalises curly apostrophes so "can’t" matches "can't". */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

/**
 * Suggests a priority: impact words and a production vault/mention each raise it to `high`,
 * both together to `urgent`; "no rush" and the like lower it to `low` when nothing else raises it.
 */
export function suggestPriority(input: PriorityInput): PrioritySuggestion {
  const text = normalise(input.texts.join('\n'));
  const reasons: string[] = [];
  const impact = IMPACT_PATTERNS.filter(([re]) => re.test(text)).map(([, label]) => label);
  if (impact.length > 0) reasons.push(`The user's words suggest impact: ${impact.map((w) => `"${w}"`).join(', ')}.`);
  const prodVault = isProductionVault(input.vault);
  if (prodVault) reasons.push(`The vault ${input.vault?.name} is a production vault.`);
  const prodWords = PRODUCTION_PATTERN.test(text);
  if (prodWords && !prodVault) reasons.push('The user mentions production.');
  const production = prodVault || prodWords;

  if (impact.length > 0 && production) return { priority: 'urgent', reasons };
  if (impact.length > 0 || production) return { priority: 'high', reasons };
  if (RELAXED_PATTERN.test(text)) return { priority: 'low', reasons: ['The user says it is not urgent.'] };
  return { priority: 'normal', reasons: ['Nothing suggests production impact.'] };
}
