/**
 * Extracts what a 401 says about the token: the expected and found audience (AKV10022) and the
 * expected and found issuer tenant (AKV10032).
 */
import { cleanTenant, cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const TENANT_IN_ISSUER =
  /https?:\/\/(?:sts\.windows\.net|login\.microsoftonline\.com|login\.windows\.net)\/([^/\s,'"]+)/gi;

function tenantsIn(text: string): string[] {
  return [...text.matchAll(TENANT_IN_ISSUER)].map((m) => cleanTenant(m[1])).filter((t): t is string => t !== undefined);
}

/**
 * Audience and issuer facts of a rejected token. For AKV10032, `tenantId` is the caller's tenant
 * (the issuer the token was *found* to have: that is who signed in) and `expectedTenantId` the
 * vault's own tenant (the first of the "Expected one of" list).
 */
export function extractTokenClaims(
  text: string,
): Pick<TriageFields, 'expectedAudience' | 'foundAudience' | 'tenantId' | 'expectedTenantId'> {
  const out: Pick<TriageFields, 'expectedAudience' | 'foundAudience' | 'tenantId' | 'expectedTenantId'> = {};
  const audience = /Invalid audience\.?\s*Expected:?\s*([^\s,]+),?\s*found:?\s*([^\s,"']+)/i.exec(text);
  if (audience) {
    const expected = cleanValue(audience[1]);
    const found = cleanValue(audience[2]);
    if (expected) out.expectedAudience = expected;
    if (found) out.foundAudience = found;
  }
  // The expected list is bounded: a few issuer URLs, never a whole log.
  const issuer = /Invalid issuer\.?\s*Expected(?: one of)?:?\s*([\s\S]{0,2000}?),?\s*found:?\s*(\S{1,200})/i.exec(text);
  if (issuer?.[1] && issuer[2]) {
    const expected = tenantsIn(issuer[1]);
    const found = tenantsIn(issuer[2]);
    if (expected[0]) out.expectedTenantId = expected[0];
    if (found[0]) out.tenantId = found[0];
  }
  // Azure Resource Manager: "The access token is from the wrong issuer '<caller's>'. It must match the
  // tenant '<subscription's>' associated with this subscription" (or only the issuer, as the localised
  // message gives it: "访问令牌来自错误的颁发者“https://sts.windows.net/<t>/"). The caller's tenant is the
  // tenant field, as for AKV10032; the subscription's is the one to sign in to.
  if (!out.tenantId) {
    const wrongIssuer = /(?:\bfrom the wrong issuer|来自错误的颁发者)\s*['"“”]?([^'"“”\s]{1,200})/i.exec(text)?.[1];
    const found = wrongIssuer ? tenantsIn(wrongIssuer) : [];
    if (found[0]) {
      out.tenantId = found[0];
      const subscription = /\bIt must match the tenant '([^'\n]{1,200})'/i.exec(text)?.[1];
      const expected = subscription ? tenantsIn(subscription) : [];
      if (expected[0]) out.expectedTenantId = expected[0];
    }
  }
  return out;
}
