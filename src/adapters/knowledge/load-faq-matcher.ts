/**
 * One-shot loading for commands: read and validate a knowledge directory and build a matcher.
 */
import { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { FaqModel } from '../../core/knowledge/faq-model.js';
import { triageHint } from '../../core/knowledge/triage-hint.js';
import { KbValidationError } from '../../core/knowledge/kb-errors.js';
import { readKnowledgeDirectory } from './kb-directory.js';

/** Reads `dir` and returns a matcher; throws KbValidationError or KnowledgeDirectoryError. */
export async function loadFaqMatcher(dir: string): Promise<FaqMatcher> {
  const { kb, issues } = await readKnowledgeDirectory(dir);
  if (!kb) throw new KbValidationError(issues);
  return new FaqMatcher(kb.entries, {}, triageHint, kb.model ? new FaqModel(kb.model) : null);
}
