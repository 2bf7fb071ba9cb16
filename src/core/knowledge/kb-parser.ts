/**
 * Parses one Markdown KB file (format in knowledge/README.md): front matter, then one `###`
 * heading per entry with its answer and one fenced `yaml` metadata block. Pure: takes the file
 * name and its text, returns what it could read plus every problem found, with line numbers.
 */
import type { KbDocument, KbEntry } from './kb-entry.js';
import type { KbIssue } from './kb-errors.js';
import { parseMetadataBlock, type MetadataField } from './metadata-block.js';

/** What one file yields. Entries with errors are left out; `issues` says why. */
export interface ParsedKbFile {
  document: KbDocument | null;
  entries: KbEntry[];
  issues: KbIssue[];
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LIST_KEYS = ['alternates', 'keywords', 'followUps', 'probes', 'tags'] as const;
const KNOWN_KEYS = new Set(['id', 'source', ...LIST_KEYS]);
const METADATA_FENCE = /^```ya?ml\s*$/;

interface RawEntry {
  heading: string;
  line: number;
  body: { text: string; line: number }[];
  metadata: { lines: string[]; line: number }[];
}

/** Parses the text of one KB file named `file` (used only in messages). */
export function parseKbFile(file: string, text: string): ParsedKbFile {
  const issues: KbIssue[] = [];
  const err = (line: number, message: string): void => { issues.push({ file, line, severity: 'error', message }); };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  const { document, bodyStart } = readFrontMatter(file, lines, err);
  const raws = splitEntries(lines, bodyStart, err);
  if (raws.length === 0) err(bodyStart + 1, 'no "### " entry headings found');

  const entries: KbEntry[] = [];
  for (const raw of raws) {
    const entry = buildEntry(file, raw, document, issues);
    if (entry) entries.push(entry);
  }
  return { document, entries, issues };
}

function readFrontMatter(
  file: string,
  lines: string[],
  err: (line: number, message: string) => void,
): { document: KbDocument | null; bodyStart: number } {
  if (lines[0]?.trim() !== '---') {
    err(1, 'missing front matter: the file must start with a "---" line, then title/source/ms.date, then "---"');
    return { document: null, bodyStart: 0 };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    err(1, 'front matter is not closed with a "---" line');
    return { document: null, bodyStart: lines.length };
  }
  const meta = parseMetadataBlock(lines.slice(1, end), 2);
  for (const p of meta.problems) err(p.line, `front matter: ${p.message}`);
  const scalar = (key: string): string | undefined => {
    const f = meta.fields.get(key);
    return typeof f?.value === 'string' && f.value !== '' ? f.value : undefined;
  };
  const title = scalar('title');
  const url = scalar('source');
  if (!title) err(1, 'front matter needs "title:" (the source document title)');
  if (!url) err(1, 'front matter needs "source:" (the source document URL)');
  else if (!/^https?:\/\//.test(url)) err(meta.fields.get('source')?.line ?? 1, `front matter "source" must be a URL, got "${url}"`);
  const document = title && url ? { file, title, url, date: scalar('ms.date') } : null;
  return { document, bodyStart: end + 1 };
}

function splitEntries(lines: string[], start: number, err: (line: number, message: string) => void): RawEntry[] {
  const raws: RawEntry[] = [];
  let current: RawEntry | null = null;
  let fence: { kind: 'metadata' | 'code'; line: number; lines: string[] } | null = null;
  for (let i = start; i < lines.length; i++) {
    const text = lines[i] as string;
    const line = i + 1;
    if (fence) {
      if (/^```\s*$/.test(text)) {
        if (fence.kind === 'metadata') current?.metadata.push({ lines: fence.lines, line: fence.line + 1 });
        else current?.body.push({ text, line });
        fence = null;
      } else if (fence.kind === 'metadata') fence.lines.push(text);
      else current?.body.push({ text, line });
      continue;
    }
    if (text.startsWith('### ')) {
      current = { heading: text.slice(4).trim(), line, body: [], metadata: [] };
      raws.push(current);
      continue;
    }
    if (/^#{1,2}\s/.test(text)) {
      // A document or section title ends the current entry; it is never part of an answer.
      current = null;
      continue;
    }
    if (METADATA_FENCE.test(text)) {
      fence = { kind: 'metadata', line, lines: [] };
      if (!current) err(line, 'metadata block outside an entry (no "### " heading above it)');
      continue;
    }
    if (text.startsWith('```')) fence = { kind: 'code', line, lines: [] };
    current?.body.push({ text, line });
  }
  if (fence) err(fence.line, 'code fence opened here is never closed');
  return raws;
}

function buildEntry(
  file: string,
  raw: RawEntry,
  document: KbDocument | null,
  issues: KbIssue[],
): KbEntry | null {
  let errors = 0;
  const err = (line: number, message: string): void => {
    errors++;
    issues.push({ file, line, severity: 'error', message });
  };
  const warn = (line: number, message: string): void => { issues.push({ file, line, severity: 'warning', message }); };
  if (raw.heading === '') err(raw.line, 'empty "### " heading');
  if (raw.metadata.length === 0) {
    err(raw.line, `entry "${raw.heading}" has no \`\`\`yaml metadata block`);
    return null;
  }
  if (raw.metadata.length > 1) err(raw.metadata[1]?.line ?? raw.line, `entry "${raw.heading}" has more than one metadata block`);
  const block = raw.metadata[0] as { lines: string[]; line: number };
  const meta = parseMetadataBlock(block.lines, block.line);
  for (const p of meta.problems) err(p.line, p.message);
  for (const [key, f] of meta.fields) if (!KNOWN_KEYS.has(key)) warn(f.line, `unknown metadata key "${key}" (ignored)`);

  const str = (key: string): string | undefined => {
    const f = meta.fields.get(key);
    if (!f) {
      err(block.line, `metadata needs "${key}:"`);
      return undefined;
    }
    if (typeof f.value !== 'string' || f.value === '') {
      err(f.line, `"${key}" must be a single non-empty value`);
      return undefined;
    }
    return f.value;
  };
  const list = (f: MetadataField | undefined): string[] => {
    if (!f) return [];
    if (typeof f.value === 'string') {
      // A lone scalar is accepted as a one-item list; authors write `probes: throttling`.
      return [f.value];
    }
    return f.value;
  };
  const id = str('id');
  if (id !== undefined && !ID_PATTERN.test(id)) err(meta.fields.get('id')?.line ?? block.line, `id "${id}" must be kebab-case (a-z, 0-9, single dashes)`);
  const sourceHeading = str('source');
  const lists = Object.fromEntries(LIST_KEYS.map((k) => [k, list(meta.fields.get(k))])) as Record<(typeof LIST_KEYS)[number], string[]>;

  const answer = trimBlankLines(raw.body.map((b) => b.text)).join('\n');
  if (answer.trim() === '') err(raw.line, `entry "${raw.heading}" has an empty answer`);
  if (!document || errors > 0 || id === undefined || sourceHeading === undefined) return null;
  return {
    id,
    question: raw.heading,
    answer,
    source: { document: document.title, heading: sourceHeading, url: document.url },
    ...lists,
    location: { file, line: raw.line },
  };
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b);
}
