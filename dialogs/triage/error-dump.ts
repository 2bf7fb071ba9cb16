/**
 * Whether typed text is a pasted error rather than a question. Triage only takes a turn the FAQ
 * would otherwise answer when it recognised the error by its message, or when the text plainly is
 * a dump (a JSON error body, an SDK or CLI error line, a stack trace) carrying a status or error
 * code. A status named in words ("what does a 403 forbidden mean?") is a question for the FAQ,
 * even though triage can read it as a 403 that gives no reason.
 */
import type { TriageResult } from '../../src/core/triage/index.js';

const DUMP_MARKERS: RegExp[] = [
  /\{\s*"(error|code|message)"\s*:/i, //                         JSON error envelope
  /^\s*(ERROR|RestError|Status|StatusCode|Code|Message|InnerError)\s*[:=(]/m, //  CLI / SDK lines
  /x-ms-request-id|HTTP\/[12](\.\d)?\s+\d{3}|\b\w+(Exception|Error):/, //      headers, exceptions
  /^\s+at\s+\S+.*:\d+:\d+\)?$/m, //                                           stack frames
  /invalid status code\s*'?\w+'?/i, //                                          older SDKs and PowerShell
];

/** True when the text should be triaged rather than matched against the FAQ. */
export function isPastedError(text: string, result: TriageResult): boolean {
  if (result.kind !== 'unrecognised' && result.confidence === 'high') return true;
  const hasCode = result.fields.statusCode !== undefined || result.fields.errorCode !== undefined;
  return hasCode && DUMP_MARKERS.some((re) => re.test(text));
}
