/**
 * Extracts what a 401 says about the token: the expected and found audience (AKV10022) and the
 * expected and found issuer tenant (AKV10032).
 */
import { cleanTenant, cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const TENANT_IN_ISSUER = /https?:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com|login\.windows\.net)\/([^/\s,'"]+)/gi;

function tenantsIn(text: string): string[] {
  return [...text.matchAll(TENANT_IN_ISSUER)].map((m) => cleanTenant(m[1])).filter((t): t is string => t !== undefined);
}

/** Audience and issuer facts of a rejected token. `tenantId` is the tenant the vault expects. */
export function extractTokenClaims(text: string): Pick<TriageFields, 'expectedAudience' | 'foundAudience' | 'tenantId' | 'foundTenantId'> {
  const out: Pick<TriageFields, 'expectedAudience' | 'foundAudience' | 'tenantId' | 'foundTenantId'> = {};
  const audience = /Invalid audience\.?\s*Expected:?\s*([^\s,]+),?\s*found:?\s*([^\s,"']+)/i.exec(text);
  if (audience) {
    const expected = cleanValue(audience[1]);
    const found = cleanValue(audience[2]);
    if (expected) out.expectedAudience = expected;
    if (found) out.foundAudience = found;
  }
  const issuer = /Invalid issuer\.?\s*Expected(?: one of)?:?\s*([\s\S]*?),?\s*found:?\s*(\S+)/i.exec(text);
  if (issuer?.[1] && issuer[2]) {
    const expected = tenantsIn(issuer[1]);
    const found = tenantsIn(issuer[2]);
    if (expected[0]) out.tenantId = expected[0];
    if (found[0]) out.foundTenantId = found[0];
  }
  return out;
}
