/**
 * Parses and validates a set of KB files in one step: what both the loader adapter and tests use.
 */
import type { KnowledgeBase } from './kb-entry.js';
import { KbValidationError, type KbIssue } from './kb-errors.js';
import { parseKbFile } from './kb-parser.js';
import { validateKnowledgeBase, type KbValidationOptions } from './kb-validator.js';

/** A KB file's name and text. */
export interface KbSourceFile {
  file: string;
  text: string;
}

/** The result of building a KB: the KB (when there are no errors) and every issue. */
export interface KbBuildResult {
  kb: KnowledgeBase | null;
  issues: KbIssue[];
}

/** Parses all files, validates across them; `kb` is null when any error was found. */
export function buildKnowledgeBase(files: readonly KbSourceFile[], options?: KbValidationOptions): KbBuildResult {
  const issues: KbIssue[] = [];
  const kb: KnowledgeBase = { documents: [], entries: [] };
  for (const f of files) {
    const parsed = parseKbFile(f.file, f.text);
    issues.push(...parsed.issues);
    if (parsed.document) kb.documents.push(parsed.document);
    kb.entries.push(...parsed.entries);
  }
  if (files.length === 0) issues.push({ file: '(knowledge dir)', line: 0, severity: 'error', message: 'no knowledge files (*.md other than README.md) found' });
  issues.push(...validateKnowledgeBase(kb.entries, options));
  return { kb: issues.some((i) => i.severity === 'error') ? null : kb, issues };
}

/** Like {@link buildKnowledgeBase} but throws {@link KbValidationError} on any error. */
export function buildKnowledgeBaseOrThrow(files: readonly KbSourceFile[], options?: KbValidationOptions): KnowledgeBase {
  const { kb, issues } = buildKnowledgeBase(files, options);
  if (!kb) throw new KbValidationError(issues);
  return kb;
}
