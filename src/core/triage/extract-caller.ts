/**
 * Extracts the calling identity from Key Vault's `Caller:` / `'appid=..;oid=..;iss=..'` segment
 * and from ARM's `The client '<id>' with object id '<oid>'` wording.
 */
import { cleanGuid, cleanTenant, cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const ISSUER_TENANT =
  /\biss=https?:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com|login\.windows\.net)\/([^/;\s'"]+)/i;

/** The vault's own tenant, from the 401 challenge header `WWW-Authenticate: Bearer authorization="https://login.windows.net/<tenant>"`. */
const CHALLENGE_TENANT =
  /\bauthorization\s*=\s*\\?"?https?:\/\/(?:login\.windows\.net|login\.microsoftonline\.com|sts\.windows\.net)\/([^/;\s'"\\,]+)/i;

/**
 * A line break a console put inside the caller segment when it wrapped the message at its width
 * (PowerShell error records, the Databricks CLI, a log viewer): after a separator (`-` of a GUID, `/`,
 * `=`, `;`) or before a `/` (`iss=https://sts.windows.net` / `/<tenant>/`). Normalisation has already
 * reduced the wrap's indentation to the line break alone.
 */
const WRAP_IN_SEGMENT = /([-/=;])\n|\n(?=\/)/g;

const SEGMENT_START = /\b(?:appid|oid|iss)=/i;

/** Room for one caller segment from its first key: a few hundred characters, with the wrap's line breaks. */
const SEGMENT_WINDOW = 1_000;

/** Caller fields (appId, objectId, tenantId, callerName) found in normalised error text. */
export function extractCaller(text: string): Pick<TriageFields, 'appId' | 'objectId' | 'tenantId' | 'callerName'> {
  const out = callerSegment(text);
  if (out.appId && out.objectId && out.tenantId) return out;
  // A segment that is there but did not read whole is read once more, in its window, with wraps undone.
  const start = SEGMENT_START.exec(text)?.index;
  if (start === undefined) return out;
  const window = text.slice(start, start + SEGMENT_WINDOW);
  if (!window.includes('\n')) return out;
  return { ...callerSegment(window.replace(WRAP_IN_SEGMENT, '$1')), ...out };
}

function callerSegment(text: string): Pick<TriageFields, 'appId' | 'objectId' | 'tenantId' | 'callerName'> {
  const out: Pick<TriageFields, 'appId' | 'objectId' | 'tenantId' | 'callerName'> = {};
  const appId = cleanGuid(/\bappid=([^;\s'"]+)/i.exec(text)?.[1]);
  const objectId = cleanGuid(/\boid=([^;\s'"]+)/i.exec(text)?.[1]);
  const tenantId = cleanTenant(ISSUER_TENANT.exec(text)?.[1] ?? CHALLENGE_TENANT.exec(text)?.[1]);
  const name = cleanValue(/(?:Caller:\s*|')name=([^;\s'"]+)/i.exec(text)?.[1]);
  if (appId) out.appId = appId;
  if (objectId) out.objectId = objectId;
  if (tenantId) out.tenantId = tenantId;
  if (name) out.callerName = name;

  // ARM AuthorizationFailed: the "client" is an app id (service principal) or a UPN (user).
  const arm = /The client '([^']+)' with object id '([^']+)'/i.exec(text);
  if (arm) {
    const oid = cleanGuid(arm[2]);
    if (oid) out.objectId ??= oid;
    const clientId = cleanGuid(arm[1]);
    if (clientId && clientId !== oid) out.appId ??= clientId;
    else if (!clientId) {
      const client = cleanValue(arm[1]);
      if (client) out.callerName ??= client;
    }
  }
  return out;
}
