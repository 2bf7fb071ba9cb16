/**
 * Labelled paste sets for the triage: loads a JSONL set and scores `triageError` on it, so the
 * tests and the report script measure exactly the same thing. The sets:
 *
 * - `written-pastes/before-parser.jsonl`: realistic pastes written from azure-facts.md §1 before the
 *   parser was read;
 * - `written-pastes/independent-author.jsonl`: pastes written by a second author from azure-facts.md
 *   and the triage contract only, never shown to the parser's authors before it was measured;
 * - `real-pastes/github-issues.jsonl`: real error text copied verbatim from public GitHub issues,
 *   each line with its `source` URL;
 * - `../real-world/heldout-error-pastes.jsonl`: real pastes collected blind (source in `url`), scored
 *   once as a held-out set and development data since;
 * - `real-pastes/github-issues-round4.jsonl`, `real-pastes/github-issues-round5.jsonl`: more real text
 *   from public threads, each round measured before any change made for it;
 * - `../real-world/blind-error-pastes.jsonl`: a second labeller's blind set, scored once, development data since;
 * - `../real-world/blind2-error-pastes.jsonl`, `../real-world/blind3-error-pastes.jsonl`,
 *   `../real-world/blind4-error-pastes.jsonl`: the third, fourth and fifth blind collections, likewise;
 * - `real-pastes-round7.jsonl`: real text from public threads no earlier set used, measured before round 7.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TRIAGE_KINDS, triageError, type TriageFields, type TriageKind } from '../../src/core/triage/index.js';

/** The contract's field names (DESIGN.md §3) a case may expect. */
export const CONTRACT_FIELDS = [
  'vault',
  'region',
  'objectId',
  'appId',
  'tenantId',
  'category',
  'permission',
  'action',
  'resource',
  'clientAddress',
] as const;

/** One contract field name. */
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** One line of a paste set. */
export interface PasteCase {
  /** 1-based line number, for messages. */
  line: number;
  text: string;
  kind: TriageKind;
  /** Other kinds that are also a correct reading of an ambiguous paste. */
  acceptKinds: TriageKind[];
  fields: Partial<Record<ContractField, string>>;
  /** Fields that must not be reported (the text holds only a placeholder or a redacted value there). */
  absent: ContractField[];
  /** Where the text was copied from (real sets only). */
  source?: string;
  note: string;
}

/** How one case fared. */
export interface PasteOutcome {
  case: PasteCase;
  actualKind: TriageKind;
  kindOk: boolean;
  /** Expected fields whose extracted value differs (or is missing). */
  fieldMisses: { field: ContractField; expected: string; actual: string | undefined }[];
  /** Fields reported although the case says the text only holds a placeholder there. */
  placeholderValues: { field: ContractField; actual: string }[];
}

/** The sets, by what they hold. */
export const PASTE_SETS = {
  writtenBeforeParser: path.join(__dirname, 'written-pastes', 'before-parser.jsonl'),
  writtenIndependentAuthor: path.join(__dirname, 'written-pastes', 'independent-author.jsonl'),
  realGithubIssues: path.join(__dirname, 'real-pastes', 'github-issues.jsonl'),
  realGithubIssuesRound4: path.join(__dirname, 'real-pastes', 'github-issues-round4.jsonl'),
  realGithubIssuesRound5: path.join(__dirname, 'real-pastes', 'github-issues-round5.jsonl'),
  heldoutRealWorld: path.join(__dirname, '..', 'real-world', 'heldout-error-pastes.jsonl'),
  blindRealWorld: path.join(__dirname, '..', 'real-world', 'blind-error-pastes.jsonl'),
  blind2RealWorld: path.join(__dirname, '..', 'real-world', 'blind2-error-pastes.jsonl'),
  blind3RealWorld: path.join(__dirname, '..', 'real-world', 'blind3-error-pastes.jsonl'),
  blind4RealWorld: path.join(__dirname, '..', 'real-world', 'blind4-error-pastes.jsonl'),
  blind5RealWorld: path.join(__dirname, '..', 'real-world', 'blind5-error-pastes.jsonl'),
  blind6RealWorld: path.join(__dirname, '..', 'real-world', 'blind6-error-pastes.jsonl'),
  blind7RealWorld: path.join(__dirname, '..', 'real-world', 'blind7-error-pastes.jsonl'),
  blind8RealWorld: path.join(__dirname, '..', 'real-world', 'blind8-error-pastes.jsonl'),
  blind9RealWorld: path.join(__dirname, '..', 'real-world', 'blind9-error-pastes.jsonl'),
  blind10RealWorld: path.join(__dirname, '..', 'real-world', 'blind10-error-pastes.jsonl'),
  blind11RealWorld: path.join(__dirname, '..', 'real-world', 'blind11-error-pastes.jsonl'),
  blind12RealWorld: path.join(__dirname, '..', 'real-world', 'blind12-error-pastes.jsonl'),
  blind13RealWorld: path.join(__dirname, '..', 'real-world', 'blind13-error-pastes.jsonl'),
  blind14RealWorld: path.join(__dirname, '..', 'real-world', 'blind14-error-pastes.jsonl'),
  blind15RealWorld: path.join(__dirname, '..', 'real-world', 'blind15-error-pastes.jsonl'),
  blind16RealWorld: path.join(__dirname, '..', 'real-world', 'blind16-error-pastes.jsonl'),
  blind17RealWorld: path.join(__dirname, '..', 'real-world', 'blind17-error-pastes.jsonl'),
  realRound7: path.join(__dirname, 'real-pastes-round7.jsonl'),
} as const;

function isKind(v: unknown): v is TriageKind {
  return typeof v === 'string' && (TRIAGE_KINDS as readonly string[]).includes(v);
}

function isField(v: unknown): v is ContractField {
  return typeof v === 'string' && (CONTRACT_FIELDS as readonly string[]).includes(v);
}

/** Parses a paste set, failing loudly on a malformed line (a broken set must not pass silently). */
export function loadPasteSet(file: string): PasteCase[] {
  const name = path.basename(file);
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((raw, idx) => {
      if (raw.trim() === '') return [];
      const o = JSON.parse(raw) as Record<string, unknown>;
      const fields = (o.fields ?? {}) as Record<string, unknown>;
      const accept = Array.isArray(o.acceptKinds) ? o.acceptKinds : [];
      const absent = Array.isArray(o.absent) ? o.absent : [];
      if (typeof o.text !== 'string' || !isKind(o.kind) || !accept.every(isKind))
        throw new Error(`${name} line ${idx + 1}: needs text and a known kind`);
      for (const [k, v] of Object.entries(fields)) {
        if (!isField(k) || typeof v !== 'string') throw new Error(`${name} line ${idx + 1}: bad field ${k}`);
      }
      if (!absent.every(isField)) throw new Error(`${name} line ${idx + 1}: bad absent field`);
      // The held-out set names its source `url`; the other real set `source`.
      if (o.source === undefined && o.url !== undefined) o.source = o.url;
      if (o.source !== undefined && (typeof o.source !== 'string' || !/^https:\/\//.test(o.source)))
        throw new Error(`${name} line ${idx + 1}: source must be an https URL`);
      const c: PasteCase = {
        line: idx + 1,
        text: o.text,
        kind: o.kind,
        acceptKinds: accept,
        fields: fields as PasteCase['fields'],
        absent,
        note: typeof o.note === 'string' ? o.note : '',
      };
      if (typeof o.source === 'string') c.source = o.source;
      return [c];
    });
}

/** Field values compare case-insensitively: vault names, GUIDs and ARM ids are case-insensitive in Azure. */
function same(expected: string, actual: string | undefined): boolean {
  return actual !== undefined && expected.trim().toLowerCase() === actual.trim().toLowerCase();
}

/** Runs one case through the same function the CLI calls. */
export function scoreCase(c: PasteCase): PasteOutcome {
  const r = triageError(c.text);
  const actual = r.fields as TriageFields & Record<string, unknown>;
  const valueOf = (field: string): string | undefined =>
    typeof actual[field] === 'string' ? (actual[field] as string) : undefined;
  const fieldMisses = Object.entries(c.fields).flatMap(([field, expected]) => {
    const value = valueOf(field);
    return same(expected, value) ? [] : [{ field: field as ContractField, expected, actual: value }];
  });
  const placeholderValues = c.absent.flatMap((field) => {
    const value = valueOf(field);
    return value === undefined ? [] : [{ field, actual: value }];
  });
  return {
    case: c,
    actualKind: r.kind,
    kindOk: r.kind === c.kind || c.acceptKinds.includes(r.kind),
    fieldMisses,
    placeholderValues,
  };
}

/** Totals over a set of outcomes. */
export function summarise(outcomes: PasteOutcome[]): {
  cases: number;
  kindOk: number;
  fieldsExpected: number;
  fieldsOk: number;
  placeholderValues: number;
  casesFullyOk: number;
} {
  const fieldsExpected = outcomes.reduce((n, o) => n + Object.keys(o.case.fields).length, 0);
  const fieldMisses = outcomes.reduce((n, o) => n + o.fieldMisses.length, 0);
  return {
    cases: outcomes.length,
    kindOk: outcomes.filter((o) => o.kindOk).length,
    fieldsExpected,
    fieldsOk: fieldsExpected - fieldMisses,
    placeholderValues: outcomes.reduce((n, o) => n + o.placeholderValues.length, 0),
    casesFullyOk: outcomes.filter((o) => o.kindOk && o.fieldMisses.length === 0 && o.placeholderValues.length === 0)
      .length,
  };
}
