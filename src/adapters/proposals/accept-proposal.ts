/**
 * Merges a reviewed knowledge proposal into the live KB (`kvbot kb accept <file>`): an alternate
 * phrasing is appended to its entry's `alternates`, a new entry is appended to the KB file of its
 * document. The merged KB is parsed and validated before anything is written, so an accepted
 * proposal can never leave the KB unloadable. The proposal file then moves to `accepted/`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildKnowledgeBase, type KbSourceFile } from '../../core/knowledge/load-knowledge-base.js';
import { formatKbIssue } from '../../core/knowledge/kb-errors.js';
import { readKnowledgeFiles } from '../knowledge/kb-directory.js';
import { SOURCE_PLACEHOLDER, parseProposal, yamlScalar, type ParsedProposal } from './proposal-format.js';

/** What acceptance did, or why it did not. */
export type AcceptProposalResult =
  | {
      ok: true;
      kind: ParsedProposal['kind'];
      entryId: string;
      knowledgeFile: string;
      added: string[];
      movedTo?: string;
      message: string;
    }
  | { ok: false; message: string; issues?: string[] };

/** Options of {@link acceptProposal}. */
export interface AcceptProposalOptions {
  /** Leave the proposal file where it is instead of moving it to `accepted/` next to it. */
  keepProposal?: boolean;
}

/** Merges the proposal in `file` into the KB in `knowledgeDir`. Never throws for bad input. */
export async function acceptProposal(
  file: string,
  knowledgeDir: string,
  options: AcceptProposalOptions = {},
): Promise<AcceptProposalResult> {
  let proposal: ParsedProposal;
  let kbFiles: KbSourceFile[];
  try {
    proposal = parseProposal(file, await readFile(file, 'utf8'));
    kbFiles = await readKnowledgeFiles(knowledgeDir);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (kbFiles.length === 0) return { ok: false, message: `${knowledgeDir} has no knowledge files to merge into.` };

  const merged = proposal.kind === 'alternate' ? mergeAlternate(proposal, kbFiles) : mergeEntry(proposal, kbFiles);
  if (!merged.ok) return merged;
  const updated = kbFiles.map((f) => (f.file === merged.file ? { file: f.file, text: merged.text } : f));
  const errors = buildKnowledgeBase(updated).issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    return {
      ok: false,
      message: `Accepting ${path.basename(file)} would make the knowledge base invalid; nothing was changed.`,
      issues: errors.map(formatKbIssue),
    };
  }
  try {
    await writeFile(merged.file, merged.text, 'utf8');
    let movedTo: string | undefined;
    if (!options.keepProposal) {
      const acceptedDir = path.join(path.dirname(file), 'accepted');
      await mkdir(acceptedDir, { recursive: true });
      movedTo = path.join(acceptedDir, path.basename(file));
      await rename(file, movedTo);
    }
    return {
      ok: true,
      kind: proposal.kind,
      entryId: merged.entryId,
      knowledgeFile: merged.file,
      added: merged.added,
      movedTo,
      message: merged.message,
    };
  } catch (e) {
    return { ok: false, message: `Could not write the knowledge base: ${e instanceof Error ? e.message : String(e)}` };
  }
}

type Merge =
  | { ok: true; file: string; text: string; entryId: string; added: string[]; message: string }
  | { ok: false; message: string };

/** Finds the metadata block whose `id:` is `entryId`; returns its file, lines and fence bounds. */
function findEntryBlock(
  entryId: string,
  files: readonly KbSourceFile[],
): { file: KbSourceFile; lines: string[]; start: number; end: number } | undefined {
  for (const file of files) {
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      if (end < 0) break;
      const hasId = lines
        .slice(i + 1, end)
        .some((l) => new RegExp(`^id:\\s*["']?${entryId}["']?\\s*$`).test(l.replace(/\r$/, '')));
      if (hasId) return { file, lines, start: i, end };
      i = end;
    }
  }
  return undefined;
}

function mergeAlternate(p: Extract<ParsedProposal, { kind: 'alternate' }>, files: readonly KbSourceFile[]): Merge {
  const found = findEntryBlock(p.entryId, files);
  if (!found)
    return {
      ok: false,
      message: `There is no entry "${p.entryId}" in the knowledge base; check the "entry:" line of the proposal.`,
    };
  const { lines, start, end } = found;
  const block = lines.slice(start + 1, end);
  const keyIndex = block.findIndex((l) => /^alternates\s*:/.test(l));
  const existing = new Set<string>();
  let insertAt: number;
  let flow: string[] | undefined;
  if (keyIndex < 0) {
    insertAt = end;
  } else {
    const rest = (block[keyIndex] ?? '').replace(/^alternates\s*:/, '').trim();
    if (rest.startsWith('[')) {
      flow = rest
        .replace(/^\[/, '')
        .replace(/\]\s*$/, '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const a of flow) existing.add(a.replace(/^["']|["']$/g, '').toLowerCase());
      insertAt = start + 1 + keyIndex;
    } else {
      let last = keyIndex;
      while (/^\s+-\s/.test(block[last + 1] ?? '')) {
        last++;
        existing.add(
          (block[last] ?? '')
            .replace(/^\s+-\s+/, '')
            .replace(/^["']|["']$/g, '')
            .trim()
            .toLowerCase(),
        );
      }
      insertAt = start + 1 + last + 1;
    }
  }
  const added = p.phrasings.filter(
    (a, i, all) => !existing.has(a.toLowerCase()) && all.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i,
  );
  if (added.length === 0)
    return { ok: false, message: `Every proposed phrasing is already an alternate of "${p.entryId}"; nothing to add.` };
  const next = [...lines];
  if (flow) {
    // Rewrite the flow list as a block list: easier to review in diffs from now on.
    next.splice(
      insertAt,
      1,
      'alternates:',
      ...flow.map((a) => `  - ${a}`),
      ...added.map((a) => `  - ${yamlScalar(a)}`),
    );
  } else if (keyIndex < 0) {
    next.splice(insertAt, 0, 'alternates:', ...added.map((a) => `  - ${yamlScalar(a)}`));
  } else {
    next.splice(insertAt, 0, ...added.map((a) => `  - ${yamlScalar(a)}`));
  }
  return {
    ok: true,
    file: found.file.file,
    text: next.join('\n'),
    entryId: p.entryId,
    added,
    message: `Added ${added.length} alternate phrasing(s) to "${p.entryId}" in ${path.basename(found.file.file)}.`,
  };
}

function mergeEntry(p: Extract<ParsedProposal, { kind: 'new-entry' }>, files: readonly KbSourceFile[]): Merge {
  if (!p.sourceHeading || p.sourceHeading === SOURCE_PLACEHOLDER || /^TODO\b/i.test(p.sourceHeading)) {
    return {
      ok: false,
      message: `The proposal has no source heading yet: set "source:" in its metadata block to the seed "###" heading the entry details.`,
    };
  }
  if (findEntryBlock(p.id, files))
    return { ok: false, message: `An entry with id "${p.id}" already exists; give the proposal another "id:".` };
  const titleOf = (f: KbSourceFile): string | undefined =>
    /^title:\s*(.+)$/m
      .exec(f.text.split(/\n---/)[0] ?? '')?.[1]
      ?.trim()
      .replace(/^["']|["']$/g, '');
  const target = files.find((f) => titleOf(f) === p.title) ?? files[0];
  if (!target) return { ok: false, message: 'There is no knowledge file to append to.' };
  const text = `${target.text.replace(/\s*$/, '')}\n\n${p.section}\n`;
  return {
    ok: true,
    file: target.file,
    text,
    entryId: p.id,
    added: [p.question],
    message: `Added entry "${p.id}" to ${path.basename(target.file)}.`,
  };
}
