/**
 * Turns an answer's Markdown into Adaptive Card text blocks. Teams renders only a Markdown
 * subset in a TextBlock (emphasis, lists, links; no headings, no code fences), so headings become
 * bold lines and fenced code becomes a monospace block of its own.
 */
import { text as textBlock, type CardElement } from './adaptive-card.js';

/** Splits Markdown into TextBlocks: prose (Markdown kept), headings (bold), code (monospace). */
export function markdownToBlocks(markdown: string): CardElement[] {
  const blocks: CardElement[] = [];
  const prose: string[] = [];
  const flushProse = (): void => {
    const text = prose.join('\n').trim();
    prose.length = 0;
    if (text) blocks.push(textBlock(text));
  };
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flushProse();
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```'); i++)
        code.push(lines[i] ?? '');
      const text = code.join('\n').trimEnd();
      if (text) blocks.push(textBlock(text, { fontType: 'Monospace', spacing: 'Small' }));
      continue;
    }
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      flushProse();
      blocks.push(textBlock(`**${(heading[1] ?? '').trim()}**`, { spacing: 'Medium' }));
      continue;
    }
    prose.push(line);
  }
  flushProse();
  return blocks;
}
