import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKbFile } from '../../src/core/knowledge/kb-parser.js';
import { buildKnowledgeBase } from '../../src/core/knowledge/load-knowledge-base.js';
import { formatKbIssue } from '../../src/core/knowledge/kb-errors.js';

const fixture = (name: string): string => readFileSync(path.join(__dirname, 'fixtures', name, 'entries.md'), 'utf8');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('KB parser', () => {
  it('reads front matter, entries, answers and metadata (block and flow lists, quoted items)', () => {
    const { document, entries, issues } = parseKbFile('good.md', fixture('good'));
    expect(issues).toEqual([]);
    expect(document).toEqual({ file: 'good.md', title: 'Test document', url: 'https://example.com/doc', date: '01/01/2025' });
    expect(entries.map((e) => e.id)).toEqual(['widget-on', 'widget-off']);
    const [on, off] = entries;
    expect(on?.question).toBe('How do I turn on the widget?');
    expect(on?.alternates).toEqual(['enable the widget', 'switch on widgets, please']);
    expect(on?.answer).toContain('### not a heading, inside a code block');
    expect(on?.answer).not.toContain('id: widget-on');
    expect(on?.source).toEqual({ document: 'Test document', heading: 'How can I enable widgets?', url: 'https://example.com/doc' });
    expect(on?.location).toEqual({ file: 'good.md', line: lineOf(fixture('good'), '### How do I turn on') });
    expect(off?.alternates).toEqual(['disable the widget', 'switch off widgets']);
    expect(off?.probes).toEqual([]);
  });

  it('reports every problem of a broken file with its file:line', () => {
    const text = fixture('broken');
    const { kb, issues } = buildKnowledgeBase([{ file: 'broken.md', text }], { probeNames: ['logging-status'] });
    expect(kb).toBeNull();
    const messages = issues.filter((i) => i.severity === 'error').map(formatKbIssue);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^broken\\.md:${lineOf(text, 'this line is not metadata')}: error: cannot read "this line is not metadata"`)),
        expect.stringMatching(new RegExp(`^broken\\.md:${lineOf(text, '### Empty entry')}: error: entry "Empty entry" has an empty answer`)),
        expect.stringMatching(new RegExp(`^broken\\.md:${lineOf(text, '### No metadata')}: error: entry "No metadata" has no`)),
        expect.stringMatching(new RegExp(`^broken\\.md:${lineOf(text, '### First entry')}: error: entry "dup" has follow-up "nowhere"`)),
        expect.stringMatching(new RegExp(`^broken\\.md:${lineOf(text, '### First entry')}: error: entry "dup" names unknown probe "no-such-probe"`)),
      ]),
    );
  });

  it('flags duplicate ids with both locations', () => {
    const text = fixture('good').replace('id: widget-off', 'id: widget-on').replace('followUps: [widget-off]', 'followUps: []');
    const { issues } = buildKnowledgeBase([{ file: 'dup.md', text }]);
    const dup = issues.find((i) => i.message.startsWith('duplicate id'));
    expect(dup?.line).toBe(lineOf(text, '### How do I turn off'));
    expect(dup?.message).toContain(`dup.md:${lineOf(text, '### How do I turn on')}`);
  });

  it('rejects a file without front matter at line 1, and warns on an unknown seed heading', () => {
    expect(parseKbFile('x.md', '### Q\n\nA\n').issues[0]).toMatchObject({ line: 1, severity: 'error' });
    const text = fixture('good').replace('https://example.com/doc', 'https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues');
    const { kb, issues } = buildKnowledgeBase([{ file: 'g.md', text }], { minAlternates: 0 });
    expect(kb).not.toBeNull();
    expect(issues.some((i) => i.severity === 'warning' && i.message.includes('is not a "###" heading'))).toBe(true);
  });

  it('accepts the real knowledge base without errors or warnings, with the agreed ids', () => {
    const dir = path.join(__dirname, '../../knowledge');
    const text = readFileSync(path.join(dir, 'troubleshooting-access-issues.md'), 'utf8');
    const { kb, issues } = buildKnowledgeBase([{ file: 'kb.md', text }]);
    expect(issues).toEqual([]);
    expect(kb?.entries.map((e) => e.id).sort()).toEqual(
      ['list-get-something-went-wrong', 'access-logging', 'monitor-performance', 'modify-access-policy', 'unknown-policy', 'per-object-access', 'authenticate-app', 'ad-group-access', 'arm-redeploy-policies', 'error-401', 'error-403', 'error-429', 'throttling-best-practices'].sort(),
    );
    for (const e of kb?.entries ?? []) {
      expect(e.alternates.length).toBeGreaterThanOrEqual(10);
      expect(e.answer).toContain('https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues');
    }
  });
});
