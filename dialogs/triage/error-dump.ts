/**
 * Whether typed text is a pasted error rather than a question. Triage only takes a turn the FAQ
 * would otherwise answer when it recognised the error by its wording, or when the text plainly is
 * a dump (a JSON error body, an SDK or CLI error line, a stack trace) carrying a status or error code.
 */
import type { TriageResult } from '../../src/core/triage/index.js';

const DUMP_MARKERS: RegExp[] = [
  /\{\s*"(error|code|message)"\s*:/i, //                         JSON error envelope
  /^\s*(ERROR|Error|RestError|Status|StatusCode|Code|Message|InnerError)\s*[:=(]/m, //  CLI / SDK lines
  /\b(?:status|statuscode|status code)\s*[=:]\s*\d{3}\b|\bCode="\w+"|\bRESPONSE\s+\d{3}\b/i, // key=value logs, Go SDK
  /x-ms-(?:client-)?request-id|status code does not indicate success|HTTP\/[12](\.\d)?\s+\d{3}|\b\w+(Exception|Error):/, //      headers, exceptions
  /^\s+at\s+\S+.*:\d+:\d+\)?$/m, //                                           stack frames
];

/**
 * True when the text should be triaged rather than matched against the FAQ. A message-level signal
 * (high confidence) decides alone; a classification from a bare status or code ("what does a 403
 * forbidden mean?") needs the text to look like a dump, as an unrecognised one does.
 */
export function isPastedError(text: string, result: TriageResult): boolean {
  if (result.confidence === 'high') return true;
  const hasCode = result.fields.statusCode !== undefined || result.fields.errorCode !== undefined;
  return hasCode && DUMP_MARKERS.some((re) => re.test(text));
}
