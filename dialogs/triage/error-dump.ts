/**
 * Whether typed text is a pasted error rather than a question. Triage only takes a turn the FAQ
 * would otherwise answer when it recognised the error by its wording, or when the text plainly is
 * a dump (a JSON error body, an SDK or CLI error line, a stack trace) carrying a status or error code.
 */
import type { TriageResult } from '../../src/core/triage/index.js';

const DUMP_MARKERS: RegExp[] = [
  // JSON error envelope.
  /\{\s*"(error|code|message)"\s*:/i,
  // CLI and SDK lines.
  /^\s*(ERROR|Error|RestError|Status|StatusCode|Code|Message|InnerError)\s*[:=(]/m,
  // key=value log lines (`Status=403`, `HTTP status code=403`, `Code="Forbidden"`) and the Go SDK's `RESPONSE 403`.
  /\b(?:status|statuscode|status code)\s*[=:]\s*\d{3}\b|\bCode="\w+"|\bRESPONSE\s+\d{3}\b/i,
  // Request headers, HttpClient's failure, status lines, exceptions.
  /x-ms-(?:client-)?request-id|status code does not indicate success|HTTP\/[12](\.\d)?\s+\d{3}|\b\w+(Exception|Error):/,
  // Stack frames.
  /^\s+at\s+\S+.*:\d+:\d+\)?$/m,
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
