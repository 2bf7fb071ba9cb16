/**
 * Extracts the HTTP status, the top-level error code and `innererror.code` from the many
 * wrappers (JSON envelope, Go autorest, Azure CLI, .NET, JS RestError, Java, Pulumi, PowerShell).
 */
import type { TriageFields } from './triage-types.js';

const STATUS_SOURCES: readonly RegExp[] = [
  // Also quoted as a JSON or Python key: `"status": 404` (Logic Apps' API connections), `'statusCode': 403`.
  /\bStatus(?:Code)?["']?\s*[=:]\s*"?(\d{3})\b/i,
  /\bStatus code\s*:?\s*(\d{3})\b/i,
  /"?statusCode"?\s*:\s*(\d{3})\b/i,
  /\bHTTP(?:\/\d(?:\.\d)?)?\s+(\d{3})\b/i,
  /\bstatus\s+(\d{3})\b/i,
  /\b(40[13]|429)\s*\((?:Forbidden|Unauthorized|Too ?Many ?Requests)\)/i,
  /\b(40[13]|429) (?:Forbidden|Unauthorized|Too Many Requests)\b/i,
  /\b(40[134]|429)\s?[-–:]\s?(?:Forbidden|Unauthorized|Not Found|Too Many Requests)\b/i, // "403 - Forbidden" (titles, IIS-style logs)
  /\b(?:Forbidden|Unauthorized)\s*\((40[13])\)/i,
  /\((40[0-9]|429)\) (?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Too Many Requests)\b/i, // .NET WebException
];

/**
 * Wrappers that print the number in their own words, tried after the forms above and only when an
 * error-class number is in the text at all (one cheap scan instead of four): .NET HttpClient ("Response
 * status code does not indicate success: 404"), "404 (Not Found)", "status code was 403", "response
 * code: 401", "HTTP error 403", "the server returned 403".
 */
const ERROR_NUMBER = /\b(?:4\d\d|5\d\d)\b/;
const WORDED_STATUS_SOURCES: readonly RegExp[] = [
  /\bdoes not indicate success:?\s*(\d{3})\b/i,
  /\b(404)\s*\((?:Not ?Found)\)/i,
  /\b(?:status(?:[ _-]?code)?|response[ _-]?code|http[ _-]?(?:status|code|error))\s*(?:was|is|of|=|:)?\s*['"(]?(\d{3})\b/i,
  /\breturned (?:an? )?(?:HTTP |status |error )?(?:code )?['"(]?(40[134]|429)\b/i,
];

/**
 * Older SDKs and PowerShell print only the status *name*: `Operation returned an invalid status
 * code 'Forbidden'` (also `'429'`, `'NotFound'`). Mapped to the number so status rows apply.
 */
const STATUS_NAME = /invalid status(?: code)?\s*'?(\w+)'?/i; // Python's msrest says "invalid status 'Forbidden'"
/** The name after a status label: ARM's "Http status code: 'Forbidden'", "StatusCode: NotFound". */
const LABELLED_STATUS_NAME = /\bstatus(?:[ _-]?code)?\s*[:=]\s*'?(Forbidden|Unauthorized|NotFound|TooManyRequests)\b/i;
const STATUS_BY_NAME: Readonly<Record<string, number>> = Object.freeze({
  badrequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notfound: 404,
  conflict: 409,
  toomanyrequests: 429,
  internalservererror: 500,
  serviceunavailable: 503,
});

const ERROR_CODE_SOURCES: readonly RegExp[] = [
  /\[(\w+) \((?:Forbidden|Unauthorized|Throttled)\)\]/, // Pulumi: [ForbiddenByRbac (Forbidden)]
  /\bCode="(\w+)"/, // Go autorest
  /\bERROR:\s*\((\w+)\)/, // Azure CLI
  /\bErrorCode:\s*(\w+)/, // .NET RequestFailedException
  /"code"\s*:\s*"(\w+)"/, // JSON envelope, JS RestError dump; the top-level code precedes innererror
  /\bcode:\s*'(\w+)'/, // util.inspect of a RestError
  /\bCode:\s*(\w+)/, // PowerShell
  /\b\w+(?:Error|Exception):\s*\((\w+)\)/, // Python azure-core: HttpResponseError: (Forbidden) ...
  /\b(Forbidden|Unauthorized|Throttled)\s*\(\{/, // Forbidden({"error":...}) from az iot ops
  // The status name as the error's code in a tool's sentence: "Encountered an error (Forbidden) from
  // extensions API", "Request error (Unauthorized): ...". Only status names: "An error occurred
  // (AccessDenied) when calling …" (AWS) names no Azure code.
  /\berror\s?\((Forbidden|Unauthorized|NotFound|TooManyRequests)\)/i,
  // Azure Storage's XML error body: <Error><Code>AuthorizationFailure</Code>…
  /<Code>(\w+)<\/Code>/,
];

const INNER_CODE = /inner_?error['"]?\s*[:=]\s*\{\s*['"]?code['"]?\s*:\s*['"](\w+)/i;

/** Status code, top-level error code and inner error code found in normalised error text. */
export function extractStatus(text: string): Pick<TriageFields, 'statusCode' | 'errorCode' | 'innerCode'> {
  const out: Pick<TriageFields, 'statusCode' | 'errorCode' | 'innerCode'> = {};
  const sources = ERROR_NUMBER.test(text) ? [...STATUS_SOURCES, ...WORDED_STATUS_SOURCES] : STATUS_SOURCES;
  for (const pattern of sources) {
    const code = Number(pattern.exec(text)?.[1]);
    if (code >= 400 && code < 600) {
      out.statusCode = code;
      break;
    }
  }
  if (out.statusCode === undefined) {
    const name = STATUS_NAME.exec(text)?.[1] ?? LABELLED_STATUS_NAME.exec(text)?.[1];
    const code = name ? (/^\d{3}$/.test(name) ? Number(name) : STATUS_BY_NAME[name.toLowerCase()]) : undefined;
    if (code !== undefined && code >= 400 && code < 600) out.statusCode = code;
  }
  for (const pattern of ERROR_CODE_SOURCES) {
    const code = pattern.exec(text)?.[1];
    if (code) {
      out.errorCode = code;
      break;
    }
  }
  const inner = INNER_CODE.exec(text)?.[1];
  if (inner) out.innerCode = inner;
  return out;
}
