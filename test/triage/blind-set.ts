/**
 * The blind triage set: realistic pastes written before the parser was read (see the test of the
 * same name). Loads the JSONL and scores `triageError` on it, so the test and the report script
 * measure exactly the same thing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TRIAGE_KINDS, triageError, type TriageFields, type TriageKind } from '../../src/core/triage/index.js';

/** The contract's field names (DESIGN.md §3) a blind case may expect. */
export const CONTRACT_FIELDS = ['vault', 'region', 'objectId', 'appId', 'tenantId', 'category', 'permission', 'action', 'resource', 'clientAddress'] as const;

/** One contract field name. */
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** One line of blind-set.jsonl. */
export interface BlindCase {
  /** 1-based line number, for messages. */
  line: number;
  text: string;
  kind: TriageKind;
  /** Other kinds that are also a correct reading of an ambiguous paste. */
  acceptKinds: TriageKind[];
  fields: Partial<Record<ContractField, string>>;
  note: string;
}

/** How one case fared. */
export interface BlindOutcome {
  case: BlindCase;
  actualKind: TriageKind;
  kindOk: boolean;
  /** Expected fields whose extracted value differs (or is missing). */
  fieldMisses: { field: ContractField; expected: string; actual: string | undefined }[];
}

/** Path of the JSONL file next to this module. */
export const BLIND_SET_PATH = path.join(__dirname, 'blind-set.jsonl');

function isKind(v: unknown): v is TriageKind {
  return typeof v === 'string' && (TRIAGE_KINDS as readonly string[]).includes(v);
}

/** Parses blind-set.jsonl, failing loudly on a malformed line (a broken set must not pass silently). */
export function loadBlindSet(file = BLIND_SET_PATH): BlindCase[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((raw, idx) => {
    if (raw.trim() === '') return [];
    const o = JSON.parse(raw) as Record<string, unknown>;
    const fields = (o.fields ?? {}) as Record<string, unknown>;
    const accept = Array.isArray(o.acceptKinds) ? o.acceptKinds : [];
    if (typeof o.text !== 'string' || !isKind(o.kind) || !accept.every(isKind)) throw new Error(`blind-set.jsonl line ${idx + 1}: needs text and a known kind`);
    for (const [k, v] of Object.entries(fields)) {
      if (!(CONTRACT_FIELDS as readonly string[]).includes(k) || typeof v !== 'string') throw new Error(`blind-set.jsonl line ${idx + 1}: bad field ${k}`);
    }
    return [{ line: idx + 1, text: o.text, kind: o.kind, acceptKinds: accept, fields: fields as BlindCase['fields'], note: typeof o.note === 'string' ? o.note : '' }];
  });
}

/** Field values compare case-insensitively: vault names, GUIDs and ARM ids are case-insensitive in Azure. */
function same(expected: string, actual: string | undefined): boolean {
  return actual !== undefined && expected.trim().toLowerCase() === actual.trim().toLowerCase();
}

/** Runs one case through the same function the CLI calls. */
export function scoreCase(c: BlindCase): BlindOutcome {
  const r = triageError(c.text);
  const actual = r.fields as TriageFields & Record<string, unknown>;
  const fieldMisses = Object.entries(c.fields).flatMap(([field, expected]) => {
    const got = actual[field];
    const value = typeof got === 'string' ? got : undefined;
    return same(expected, value) ? [] : [{ field: field as ContractField, expected, actual: value }];
  });
  return { case: c, actualKind: r.kind, kindOk: r.kind === c.kind || c.acceptKinds.includes(r.kind), fieldMisses };
}

/** Totals over a set of outcomes. */
export function summarise(outcomes: BlindOutcome[]): { cases: number; kindOk: number; fieldsExpected: number; fieldsOk: number; casesFullyOk: number } {
  const fieldsExpected = outcomes.reduce((n, o) => n + Object.keys(o.case.fields).length, 0);
  const fieldMisses = outcomes.reduce((n, o) => n + o.fieldMisses.length, 0);
  return {
    cases: outcomes.length,
    kindOk: outcomes.filter((o) => o.kindOk).length,
    fieldsExpected,
    fieldsOk: fieldsExpected - fieldMisses,
    casesFullyOk: outcomes.filter((o) => o.kindOk && o.fieldMisses.length === 0).length,
  };
}
