/**
 * The round tests' shared assertion: a synthetic paste reads as `kind` (and, when given, through the
 * signal row `signal`) in every form people paste it in (wrappers.ts `pasteVariants`).
 */
import { expect } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { pasteVariants } from './wrappers.js';

/** Asserts the kind (and signal) of every variant of `text`, naming the variant on failure. */
export function everyVariantIs(text: string, kind: string, signal?: string): void {
  for (const variant of pasteVariants(text)) {
    const r = triageError(variant);
    expect(r.kind, variant).toBe(kind);
    if (signal) expect(r.signal, variant).toBe(signal);
  }
}
