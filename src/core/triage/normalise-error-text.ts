/**
 * Turns pasted error text into one canonical form the signals and extractors can read: whatever
 * the wrapper (Teams HTML, code fences, ANSI colours, JSON escaped once or twice, CRLF or literal
 * `\r\n`), the result has real line breaks, plain quotes and single spaces. Lines may still be
 * collapsed (a user pasted a single line), so extractors never depend on line breaks.
 */

/** Passes of JSON unescaping: enough for a body embedded in a log string embedded in JSON. */
const MAX_UNESCAPE_PASSES = 6;

const NAMED_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  quot: '"',
  apos: "'",
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  '#39': "'",
  '#34': '"',
});

// Only tags Teams (or an HTML mail) produces; a placeholder like `<vaultName>` must survive.
const BLOCK_TAG = /<\/?(?:p|br|div|pre|li|ul|ol|tr|table|blockquote|h[1-6])\b[^>]*>/gi;
const INLINE_TAG = /<\/?(?:span|code|b|i|u|s|em|strong|a|font|td|th|tbody|thead|img)\b[^>]*>/gi;
// Azure Storage's XML error body names its code in `<Code>…</Code>` (capitalised, unlike HTML's `<code>`):
// kept, so the code is read (extract-status.ts).
const keepXmlCode = (tag: string): string => (tag === '<Code>' || tag === '</Code>' ? tag : '');

// ESC-based colour/cursor codes, plus the same after the ESC byte was lost in copy-paste. Built
// from char codes because a control character in a regex literal reads as a mistake.
const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ANSI = new RegExp(
  `${ESC}\\[[0-9;?]*[ -/]*[@-~]|${ESC}\\][^${BEL}]*${BEL}|\\^\\[\\[[0-9;]*m|(?<=^|\\s)\\[[0-9;]{1,8}m`,
  'g',
);

const ANSI_HINT = new RegExp(`${ESC}|\\^\\[\\[|\\[[0-9;]{1,8}m`);

// GitHub turns a URL in a pasted error into a markdown link whose text runs on to the next word
// (`iss=[https://sts.windows.net/<t>/\r\nAction](https://sts.windows.net/<t>//r/nAction): '...'`):
// keep the link text, which is the original error text. When the person redacted the text but not the
// link behind it (`[https://<keyvault>.](https://kv-app.vault.azure.net/keys/k)`), the link keeps the
// real value: the target follows the text then, so the vault is still found.
const MARKDOWN_URL_LINK = /\[(https?:\/\/[^\]]{1,500})\]\((https?:\/\/[^)\s]{1,1000})\)/g;
const PLACEHOLDER_IN_LINK_TEXT = /<[^<>\s]{1,40}>/;

function markdownLinkText(_link: string, text: string, target: string): string {
  return PLACEHOLDER_IN_LINK_TEXT.test(text) && !PLACEHOLDER_IN_LINK_TEXT.test(target) ? `${text} ${target}` : text;
}

const LINE_TIMESTAMP =
  /^[ \t]*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]?[ \t]+/gm;
const LINE_TIMESTAMP_HINT = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/;

const BOX_BORDER = /^[ \t]*[│╷╵][ \t]?/gm;

const JSON_ESCAPE = /\\(u[0-9a-fA-F]{4}|["\\/bfnrt'])/g;

/** The character for a numeric entity; an out-of-range one (`&#9999999;`) is dropped rather than thrown on. */
function fromCodePoint(code: number): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

function decodeEntities(text: string): string {
  let out = text;
  // Up to three times: Teams sometimes double-encodes (`&amp;quot;`), portal texts pasted into an
  // issue arrive triple-encoded (`&amp;amp;#39;`).
  for (let pass = 0; pass < 3; pass++) {
    const before = out;
    out = out
      .replace(/&#x([0-9a-f]{1,6});/gi, (_m, hex: string) => fromCodePoint(parseInt(hex, 16)))
      .replace(/&#([0-9]{1,7});/g, (_m, dec: string) => fromCodePoint(parseInt(dec, 10)))
      .replace(/&([a-z]+|#3[49]);/gi, (m, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? m);
    if (out === before) break;
  }
  return out;
}

function unescapeOnce(text: string): string {
  return text.replace(JSON_ESCAPE, (_m, esc: string) => {
    switch (esc[0]) {
      case 'u':
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'b':
      case 'f':
        return ' ';
      default:
        return esc; // \" \\ \/ \'
    }
  });
}

/** Normalises pasted error text (see the module comment). Never throws. */
export function normaliseErrorText(raw: string): string {
  let text = raw.replace(/^\s*(```|~~~)[\w-]*\s*$/gm, '\n').replace(/`/g, '');
  text = text.replace(BLOCK_TAG, '\n').replace(INLINE_TAG, keepXmlCode);
  text = decodeEntities(text);
  for (let pass = 0; pass < MAX_UNESCAPE_PASSES; pass++) {
    const next = unescapeOnce(text);
    if (next === text) break;
    text = next;
  }
  if (text.includes('](http')) text = text.replace(MARKDOWN_URL_LINK, markdownLinkText);
  // The ANSI pattern has a lookbehind that costs a check at every position: run it only when a
  // colour code can be there at all.
  if (ANSI_HINT.test(text)) text = text.replace(ANSI, '');
  // A log prefixes every line with its timestamp (ISO 8601, optionally bracketed): drop it, so a message
  // the log wrapped over two lines reads as one sentence again.
  if (LINE_TIMESTAMP_HINT.test(text)) text = text.replace(LINE_TIMESTAMP, '');
  // Terraform draws its diagnostics in a box (`╷`, `│ `, `╵` starting each line) and wraps long text
  // inside it: drop the border, so a sentence it wrapped reads as one again.
  if (/[│╷╵]/.test(text)) text = text.replace(BOX_BORDER, '');
  return (
    text
      .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/\r\n?/g, '\n')
      // Only runs and non-plain blanks: replacing every single space costs more than all the rest.
      .replace(/[ \t\u00a0\u200b\u202f]{2,}|[\t\u00a0\u200b\u202f]/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
