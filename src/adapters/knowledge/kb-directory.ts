/**
 * Reads a knowledge directory: every `*.md` file except README.md, sorted by name, parsed and
 * validated by the core. The only place the KB touches the file system.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFaqModel } from '../../core/knowledge/faq-model.js';
import { buildKnowledgeBase, type KbBuildResult, type KbSourceFile } from '../../core/knowledge/load-knowledge-base.js';
import type { KbValidationOptions } from '../../core/knowledge/kb-validator.js';

/** The knowledge directory could not be read at all (missing, not a directory, unreadable). */
export class KnowledgeDirectoryError extends Error {
  override readonly name = 'KnowledgeDirectoryError';
  constructor(readonly dir: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'unknown error');
    super(`cannot read knowledge directory "${dir}": ${reason}`, options);
  }
}

/** Options for {@link readKnowledgeDirectory}. */
export interface ReadKnowledgeOptions extends KbValidationOptions {
  abortSignal?: AbortSignal;
}

/** True for files that hold KB entries. */
export function isKnowledgeFile(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md' && !name.startsWith('.');
}

/** Reads the raw KB files of a directory; file names in results are relative to `dir`. */
export async function readKnowledgeFiles(dir: string, options: ReadKnowledgeOptions = {}): Promise<KbSourceFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isKnowledgeFile).sort();
  } catch (cause) {
    throw new KnowledgeDirectoryError(dir, { cause });
  }
  return Promise.all(
    names.map(async (name) => {
      try {
        return { file: path.join(dir, name), text: await readFile(path.join(dir, name), { encoding: 'utf8', signal: options.abortSignal }) };
      } catch (cause) {
        throw new KnowledgeDirectoryError(dir, { cause });
      }
    }),
  );
}

/** The matcher's trained model, beside the KB's Markdown files (optional). */
export const MODEL_FILE_NAME = 'matcher-model.json';

/** True for files whose change alters the KB the bot answers from: entry files and the trained model. */
export function affectsKnowledgeBase(name: string): boolean {
  return isKnowledgeFile(name) || name === MODEL_FILE_NAME;
}

/**
 * Reads, parses and validates a knowledge directory. `kb` is null when there are errors. A
 * `matcher-model.json` in the directory becomes `kb.model`; a missing one is fine (words only),
 * an unusable or stale one is a warning.
 */
export async function readKnowledgeDirectory(dir: string, options: ReadKnowledgeOptions = {}): Promise<KbBuildResult> {
  const result = buildKnowledgeBase(await readKnowledgeFiles(dir, options), options);
  if (!result.kb) return result;
  const file = path.join(dir, MODEL_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', signal: options.abortSignal });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return result;
    return { kb: result.kb, issues: [...result.issues, { file, line: 1, severity: 'warning', message: `cannot read the matcher model (${(e as Error).message}); matching uses words only` }] };
  }
  const { model, issues } = parseFaqModel(file, text, [...new Set(result.kb.entries.map((e) => e.source.heading))]);
  return { kb: model ? { ...result.kb, model } : result.kb, issues: [...result.issues, ...issues] };
}
