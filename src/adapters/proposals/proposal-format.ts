/**
 * The Markdown format of knowledge proposals: the same format as `knowledge/*.md` (front matter,
 * `###` heading, answer, fenced `yaml` metadata block; see knowledge/README.md), plus proposal
 * fields in the front matter (`proposal`, `case`, `proposedBy`, `proposedAt`, and `entry` for an
 * alternate). A reviewer can edit the file before `kvbot kb accept` merges it.
 */
import { parseMetadataBlock, type MetadataValue } from '../../core/knowledge/metadata-block.js';
import type { CasePerson, KnowledgeProposal } from '../../core/escalation/case-types.js';

/** Document the proposals belong to, for their front matter. */
export interface ProposalDocument {
  title: string;
  url: string;
}

/** The seed document every KB entry currently comes from. */
export const DEFAULT_PROPOSAL_DOCUMENT: Readonly<ProposalDocument> = Object.freeze({
  title: 'Troubleshooting Azure Key Vault access policy issues',
  url: 'https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues',
});

/** Placeholder for a source heading the engineer did not give; acceptance refuses it. */
export const SOURCE_PLACEHOLDER = 'TODO: the seed ### heading this entry details';

/** Where a proposal came from. */
export interface ProposalContext {
  caseNumber: string;
  engineer: CasePerson;
  at: string;
}

/** A proposal read back from its file. */
export type ParsedProposal =
  | {
      kind: 'new-entry';
      title: string;
      caseNumber?: string;
      id: string;
      sourceHeading: string;
      question: string;
      section: string;
    }
  | { kind: 'alternate'; title: string; caseNumber?: string; entryId: string; phrasings: string[] };

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Quotes a YAML-subset scalar when it would otherwise be misread. */
export function yamlScalar(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return /^[\s"'[\]{}#&*!|>%@`-]|[:#,]|^$/.test(flat) ? `"${flat.replace(/(["\\])/g, '\\$1')}"` : flat;
}

/** A kebab-case id from a question: its first few significant words. */
export function slugForId(question: string): string {
  const words = question
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(
      (w) =>
        w &&
        !['a', 'an', 'the', 'i', 'my', 'to', 'is', 'in', 'of', 'do', 'does', 'did', 'how', 'can', 'why'].includes(w),
    );
  return words.slice(0, 6).join('-') || 'proposed-entry';
}

/** Keeps an answer inside its entry: headings that would end it are demoted, fences are closed. */
function containAnswer(answer: string): string {
  const lines = answer
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/^#{1,3}\s/, '#### ').replace(/^```ya?ml\s*$/, '```text'));
  if (lines.filter((l) => l.startsWith('```')).length % 2 === 1) lines.push('```');
  return lines.join('\n').trim();
}

function frontMatter(fields: Array<[string, string]>): string {
  return ['---', ...fields.map(([k, v]) => `${k}: ${yamlScalar(v)}`), '---'].join('\n');
}

/** Renders a proposal as Markdown. */
export function renderProposal(
  proposal: KnowledgeProposal,
  context: ProposalContext,
  document: ProposalDocument = DEFAULT_PROPOSAL_DOCUMENT,
): string {
  const common: Array<[string, string]> = [
    ['title', document.title],
    ['source', document.url],
    ['proposal', proposal.kind],
    ['case', context.caseNumber],
    ['proposedBy', context.engineer.name],
    ['proposedAt', context.at],
  ];
  if (proposal.kind === 'alternate') {
    return [
      frontMatter([...common, ['entry', proposal.entryId]]),
      `# Proposed alternate phrasing from ${context.caseNumber}`,
      '',
      `### ${proposal.phrasing.replace(/\s+/g, ' ').trim()}`,
      '',
      `Another way people ask the question of entry \`${proposal.entryId}\`, seen in case ${context.caseNumber}. Accepting appends the alternates below to that entry.`,
      '',
      '```yaml',
      `id: ${proposal.entryId}`,
      'alternates:',
      `  - ${yamlScalar(proposal.phrasing)}`,
      '```',
      '',
    ].join('\n');
  }
  const id = proposal.id && ID_PATTERN.test(proposal.id) ? proposal.id : slugForId(proposal.question);
  const alternates = (proposal.alternates ?? []).filter((a) => a.trim());
  const tags = (proposal.tags ?? []).filter((t) => t.trim());
  return [
    frontMatter(common),
    `# Proposed entry from ${context.caseNumber}`,
    '',
    `### ${proposal.question.replace(/\s+/g, ' ').trim()}`,
    '',
    containAnswer(proposal.answer),
    '',
    '```yaml',
    `id: ${id}`,
    `source: ${yamlScalar(proposal.sourceHeading?.trim() || SOURCE_PLACEHOLDER)}`,
    ...(alternates.length ? ['alternates:', ...alternates.map((a) => `  - ${yamlScalar(a)}`)] : ['alternates: []']),
    `tags: [${tags.map(yamlScalar).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

/** A proposal file that cannot be read as a proposal. Checked by name. */
export class ProposalFormatError extends Error {
  override readonly name = 'ProposalFormatError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

function scalar(value: MetadataValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Reads a proposal file's text; throws ProposalFormatError naming what is wrong. */
export function parseProposal(file: string, text: string): ParsedProposal {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new ProposalFormatError(file, 'it does not start with "---" front matter');
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) throw new ProposalFormatError(file, 'its front matter is not closed with "---"');
  const front = parseMetadataBlock(lines.slice(1, end), 2);
  if (front.problems[0])
    throw new ProposalFormatError(file, `front matter line ${front.problems[0].line}: ${front.problems[0].message}`);
  const kind = scalar(front.fields.get('proposal')?.value);
  const title = scalar(front.fields.get('title')?.value) ?? '';
  const caseNumber = scalar(front.fields.get('case')?.value);

  const headingIndex = lines.findIndex((l, i) => i > end && l.startsWith('### '));
  if (headingIndex < 0) throw new ProposalFormatError(file, 'it has no "### " heading');
  const fenceStart = lines.findIndex((l, i) => i > headingIndex && /^```ya?ml\s*$/.test(l));
  const fenceEnd = fenceStart < 0 ? -1 : lines.findIndex((l, i) => i > fenceStart && /^```\s*$/.test(l));
  if (fenceStart < 0 || fenceEnd < 0)
    throw new ProposalFormatError(file, 'it has no complete ```yaml metadata block after the heading');
  const meta = parseMetadataBlock(lines.slice(fenceStart + 1, fenceEnd), fenceStart + 2);
  if (meta.problems[0])
    throw new ProposalFormatError(file, `line ${meta.problems[0].line}: ${meta.problems[0].message}`);

  if (kind === 'alternate') {
    const entryId = scalar(front.fields.get('entry')?.value) ?? scalar(meta.fields.get('id')?.value);
    if (!entryId || !ID_PATTERN.test(entryId))
      throw new ProposalFormatError(
        file,
        'an alternate proposal needs "entry: <existing entry id>" in its front matter',
      );
    const raw = meta.fields.get('alternates')?.value;
    const phrasings = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((p) => p.trim()).filter(Boolean);
    if (phrasings.length === 0)
      throw new ProposalFormatError(file, 'an alternate proposal needs at least one item under "alternates:"');
    return { kind, title, caseNumber, entryId, phrasings };
  }
  if (kind === 'new-entry') {
    const id = scalar(meta.fields.get('id')?.value);
    if (!id || !ID_PATTERN.test(id))
      throw new ProposalFormatError(file, 'a new entry needs a kebab-case "id:" in its metadata block');
    const sourceHeading = scalar(meta.fields.get('source')?.value) ?? '';
    const question = (lines[headingIndex] ?? '').slice(4).trim();
    return {
      kind,
      title,
      caseNumber,
      id,
      sourceHeading,
      question,
      section: lines.slice(headingIndex, fenceEnd + 1).join('\n'),
    };
  }
  throw new ProposalFormatError(
    file,
    `front matter "proposal" must be "new-entry" or "alternate", got "${kind ?? ''}"`,
  );
}
