/**
 * Finds what a long, real message is asking. People paste an issue title, a sentence about their
 * pipeline, then a stack trace, Terraform, PowerShell or YAML around the question. Code and log
 * lines would only dilute the question's words (and "resource", "name", "at" are everywhere in
 * them), so they are dropped, except lines that carry an error message in words
 * ("The operation "List" is not enabled in this key vault's access policy"), which say what went
 * wrong. The prose is then split into sentences, so the matcher can score the ones that carry the
 * question on their own as well as the whole message.
 */

/** Longest text read: past this it is log noise, and it bounds the matcher's cost per message. */
export const MAX_FOCUS_INPUT = 8_000;
/** At most this many sentences are scored on their own. */
export const MAX_FOCUS_SENTENCES = 6;

/** What the matcher scores for one message. */
export interface MessageFocus {
  /** The message without code and log lines (error lines in words kept), one line per kept line. */
  text: string;
  /** `text` cut into its sentences, in order (empty for a one-sentence message). */
  segments: string[];
  /**
   * Sentences worth scoring alone (only when the message has more than one), the most telling
   * first: questions, then sentences with an error in words, then the first line (an issue
   * title), then the rest in order.
   */
  sentences: string[];
  /** True when lines were dropped as code or log output. */
  hadCode: boolean;
  /**
   * True when the person wrote words of their own besides any error text: a question, or a
   * sentence that is not an error message ("We changed nothing in the release."). A bare paste
   * of an error, however long, is not.
   */
  asks: boolean;
}

// Lines that are code or log output whatever they say.
const STACK_FRAME = /^\s*(?:at\s+[\w$.<>[\]`'-]+[\s(]|at\s+[\w$.<>]+$|File\s+"[^"]*",\s+line\s+\d+|---\s*End of|\.\.\.\s*\d+\s+more|Traceback\b|[\w$]+(?:\.[\w$]+){2,}\([^)]*\)\s*$|\w+\.(?:java|cs|py|js|ts|go):\d+)/i;
const PUNCTUATION_ONLY = /^[\s{}[\]()<>,;:|#=*`'"~^_+-]*$/;
const PROMPT = /^\s*(?:PS\s+[A-Z]:\\[^>]*>|\$\s|>\s|C:\\[^>]*>)/;
const CODE_SHAPE = /^\s*(?:resource|data|module|provider|variable|output|locals|terraform|import|from|using|var|let|const|function|def|class|public|private|return|if|else|for|foreach|param|steps|-\s*task|-\s*script|-\s*name|trigger|pool|jobs|stages)\b.*(?:[{=(:]|\)$)/;
const ASSIGNMENT = /^\s*[-"']?[\w.$[\]"'-]+["']?\s*(?:=|:|=>)\s*\S/;
const TIMESTAMP = /^\s*\[?\d{4}-\d{2}-\d{2}[T ][\d:.,]+Z?\]?\s*(?:\[?(?:INFO|WARN(?:ING)?|ERROR|DEBUG|TRACE|FATAL)\]?\s*[:-]?\s*)?/i;
// An error message in words: keep it even inside code or a log.
const ERROR_WORDS = /\b(?:error|exception|denied|forbidden|unauthori[sz]ed|insufficient|could not|cannot|not\s+(?:found|enabled|authori[sz]ed|permitted|allowed|able)|does\s+not\s+have|failed|failure|fails|invalid|throttl\w*|too many requests|caller|access polic\w*|permission\w*|unknown)\b/i;
const WORD = /[A-Za-z]{2,}/g;
// Sentences error bodies carry that are not the person's words.
const ERROR_BOILERPLATE = /\b(?:please see|for help resolving|for more information|learn more|see https?:|https?:\/\/|propagation time|can take (?:several|a few) minutes)|^\s*if\b.*\brecently\b/i;
const QUESTION = /\?\s*$|^\s*(?:how|why|what|which|where|when|who|is|are|can|could|does|do|should|would|will)\b/i;

const JSON_MESSAGE = /"message"\s*:\s*"((?:[^"\\]|\\.)+)"/i;
const PROSE_WORD = /^[("'`]?[A-Za-z][A-Za-z'’-]*[)"'`]?[.,;:!?]?$/;

function wordCount(line: string): number {
  return line.match(WORD)?.length ?? 0;
}

/** Words as a person writes them, between spaces ("object_id" and "fn.identity[0]" are not). */
function proseWordCount(line: string): number {
  let n = 0;
  for (const w of line.split(/\s+/)) if (PROSE_WORD.test(w)) n++;
  return n;
}

/** A code or log line that says what went wrong in words, reduced to those words. */
function errorWords(line: string): string | undefined {
  // An error body's "message" is the part written for people.
  const message = JSON_MESSAGE.exec(line)?.[1];
  const stripped = (message ?? line).replace(TIMESTAMP, '').replace(/^\s*[\w.$]+\s*[:=]\s*/, '');
  return ERROR_WORDS.test(stripped) && proseWordCount(stripped) >= 4 ? stripped.trim() : undefined;
}

/** True for a line that reads as code or log output rather than a person's words. */
function isCodeLine(line: string): boolean {
  if (PUNCTUATION_ONLY.test(line) || STACK_FRAME.test(line) || PROMPT.test(line) || CODE_SHAPE.test(line)) return true;
  const letters = line.replace(/[^A-Za-z]/g, '').length;
  // Mostly symbols, digits and identifiers (JSON, hashes, paths): few real words for its length.
  if (line.length > 20 && letters / line.length < 0.55) return true;
  if (ASSIGNMENT.test(line) && proseWordCount(line) <= 4) return true;
  return TIMESTAMP.test(line) && /^\s*\[?\d{4}-/.test(line);
}

/** Splits prose into sentences (on . ! ? followed by a space and a capital or the end). */
function sentencesOf(line: string): string[] {
  return line.split(/(?<=[.!?])\s+(?=[A-Z"'[(])/).map((s) => s.trim()).filter((s) => s !== '');
}

// The last message focused and its focus: the matcher's ranking and its model both read the same
// message in one match, so the second call costs a comparison. The result is frozen (shared).
let lastMessage: string | undefined;
let lastFocus: Readonly<MessageFocus> | undefined;

/** Reduces a message to the words that carry its question (see the file comment). The result is frozen. */
export function focusMessage(message: string): Readonly<MessageFocus> {
  if (message === lastMessage && lastFocus) return lastFocus;
  const focus = computeFocus(message);
  Object.freeze(focus.segments);
  Object.freeze(focus.sentences);
  lastMessage = message;
  lastFocus = Object.freeze(focus);
  return lastFocus;
}

function computeFocus(message: string): MessageFocus {
  const text = message.length > MAX_FOCUS_INPUT ? message.slice(0, MAX_FOCUS_INPUT) : message;
  const kept: string[] = [];
  const errors: string[] = [];
  let hadCode = false;
  let fenced = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\t/g, ' ');
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      hadCode = true;
      continue;
    }
    if (line.trim() === '') continue;
    if (fenced || isCodeLine(line)) {
      hadCode = true;
      const words = errorWords(line);
      if (words) {
        kept.push(words);
        errors.push(words);
      }
      continue;
    }
    kept.push(line.trim());
  }
  const focused = kept.join('\n');
  if (kept.length === 0) return { text: text.trim(), segments: [], sentences: [], hadCode, asks: false };
  // Lines too short to be a sentence ("Hi,", "Thanks") still belong to the whole text.
  const segments = kept.flatMap((line) => {
    const parts = sentencesOf(line);
    return parts.length > 0 ? parts : [line];
  });
  const all = segments.filter((s) => wordCount(s) >= 3);
  // Judged by line: an error body's lines hold advice sentences ("If role assignments were changed
  // recently, please observe propagation time.") that are not the person's words.
  const asks = kept.some((line) => !errors.includes(line) && (QUESTION.test(line) || (!ERROR_WORDS.test(line) && !ERROR_BOILERPLATE.test(line) && proseWordCount(line) >= 5)));
  if (all.length < 2) return { text: focused, segments: [], sentences: [], hadCode, asks };
  const first = all[0];
  const ordered = all.map((s, i) => ({ s, i, rank: sentenceRank(s, errors, first) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.s);
  return { text: focused, segments, sentences: [...new Set(ordered)].slice(0, MAX_FOCUS_SENTENCES), hadCode, asks };
}

/** Where a sentence goes among those scored alone: questions, then errors in words, then the first line, then the rest. */
function sentenceRank(s: string, errors: readonly string[], first: string | undefined): number {
  return QUESTION.test(s) ? 0 : errors.includes(s) || ERROR_WORDS.test(s) ? 1 : s === first ? 2 : 3;
}
