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

/** Caller fields (appId, objectId, tenantId, callerName) found in normalised error text. */
export function extractCaller(text: string): Pick<TriageFields, 'appId' | 'objectId' | 'tenantId' | 'callerName'> {
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
