/**
 * Cross-entry checks over a parsed knowledge base: duplicate ids, dangling follow-ups, unknown
 * probe names, source headings that are not in the seed document, thin alternates.
 */
import type { KbEntry } from './kb-entry.js';
import type { KbIssue } from './kb-errors.js';
import { KNOWN_PROBE_NAMES, SEED_HEADINGS } from './known-names.js';

/** Options for {@link validateKnowledgeBase}. */
export interface KbValidationOptions {
  /** Probe names entries may refer to (default: the project's probes). */
  probeNames?: readonly string[];
  /** Seed headings by source URL (default: the project's seed documents). */
  seedHeadings?: Readonly<Record<string, readonly string[]>>;
  /** Fewer alternates than this is a warning: the entry will be hard to match. */
  minAlternates?: number;
}

/** Returns every cross-entry problem; the entries themselves are not changed. */
export function validateKnowledgeBase(entries: readonly KbEntry[], options: KbValidationOptions = {}): KbIssue[] {
  const probeNames = new Set(options.probeNames ?? KNOWN_PROBE_NAMES);
  const seedHeadings = options.seedHeadings ?? SEED_HEADINGS;
  const minAlternates = options.minAlternates ?? 5;
  const issues: KbIssue[] = [];
  const at = (e: KbEntry, severity: KbIssue['severity'], message: string): void => {
    issues.push({ ...e.location, severity, message });
  };

  const byId = new Map<string, KbEntry>();
  for (const e of entries) {
    const first = byId.get(e.id);
    if (first) at(e, 'error', `duplicate id "${e.id}" (first defined at ${first.location.file}:${first.location.line})`);
    else byId.set(e.id, e);
  }
  const seenAlternates = new Map<string, KbEntry>();
  for (const e of entries) {
    for (const f of e.followUps) {
      if (!byId.has(f)) at(e, 'error', `entry "${e.id}" has follow-up "${f}", which is not an entry id`);
      else if (f === e.id) at(e, 'warning', `entry "${e.id}" lists itself as a follow-up`);
    }
    for (const p of e.probes) {
      if (!probeNames.has(p)) at(e, 'error', `entry "${e.id}" names unknown probe "${p}" (known: ${[...probeNames].join(', ')})`);
    }
    const known = seedHeadings[e.source.url];
    if (known && !known.includes(e.source.heading)) {
      at(e, 'warning', `entry "${e.id}" has source "${e.source.heading}", which is not a "###" heading of ${e.source.url}`);
    }
    if (e.alternates.length < minAlternates) at(e, 'warning', `entry "${e.id}" has only ${e.alternates.length} alternates; add varied paraphrases so it can be matched`);
    for (const a of e.alternates) {
      const key = a.trim().toLowerCase();
      const other = seenAlternates.get(key);
      if (other && other !== e) at(e, 'warning', `alternate "${a}" of "${e.id}" is also an alternate of "${other.id}"`);
      else seenAlternates.set(key, e);
    }
  }
  return issues;
}
