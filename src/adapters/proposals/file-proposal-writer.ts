/**
 * Writes knowledge proposals made when an engineer resolves a case as Markdown files under
 * `knowledge/proposed/` (configurable), for review and `kvbot kb accept <file>`. The proposals
 * directory is a subdirectory, so the live KB loader (which reads only `knowledge/*.md`) ignores it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CasePerson, KnowledgeProposal } from '../../core/escalation/case-types.js';
import type { ProposalWriter } from '../../core/escalation/escalation-ports.js';
import { DEFAULT_PROPOSAL_DOCUMENT, renderProposal, slugForId, type ProposalDocument } from './proposal-format.js';

/** Options of {@link FileProposalWriter}. */
export interface FileProposalWriterOptions {
  /** Directory for proposal files, e.g. `<knowledgeDir>/proposed`. Created on first write. */
  dir: string;
  /** Front-matter document of new proposals; default the seed document. */
  document?: ProposalDocument;
}

/** The ProposalWriter port over the local file system. */
export class FileProposalWriter implements ProposalWriter {
  constructor(private readonly options: FileProposalWriterOptions) {}

  /** Writes the proposal to a new file and returns its path; never overwrites an existing file. */
  async write(
    proposal: KnowledgeProposal,
    context: { caseNumber: string; engineer: CasePerson; at: string },
  ): Promise<string> {
    await mkdir(this.options.dir, { recursive: true });
    const text = renderProposal(proposal, context, this.options.document ?? DEFAULT_PROPOSAL_DOCUMENT);
    const subject = proposal.kind === 'alternate' ? `alternate-${proposal.entryId}` : slugForId(proposal.question);
    const caseSlug = context.caseNumber.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const day = context.at.slice(0, 10).replace(/[^0-9-]/g, '');
    for (let n = 1; ; n++) {
      const name = `${day}-${caseSlug}-${subject}${n > 1 ? `-${n}` : ''}.md`;
      const file = path.join(this.options.dir, name);
      try {
        // `wx`: two resolutions of the same case never overwrite each other's proposal.
        await writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
        return file;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw e;
      }
    }
  }
}
