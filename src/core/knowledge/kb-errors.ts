/**
 * Problems found in knowledge-base files. Every issue names `file:line` so an author can jump to it.
 */
import type { KbLocation } from './kb-entry.js';

/** One finding of the parser or validator. */
export interface KbIssue extends KbLocation {
  severity: 'error' | 'warning';
  message: string;
}

/** Formats an issue as `file:line: severity: message`. */
export function formatKbIssue(issue: KbIssue): string {
  return `${issue.file}:${issue.line}: ${issue.severity}: ${issue.message}`;
}

/** The knowledge base has errors and cannot be used; `issues` lists all of them (warnings included). */
export class KbValidationError extends Error {
  override readonly name = 'KbValidationError';
  constructor(readonly issues: readonly KbIssue[], options?: { cause?: unknown }) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(`knowledge base has ${errors.length} error(s):\n${errors.map(formatKbIssue).join('\n')}`, options);
  }
}
