/** Extracts why Key Vault throttled a request (`Reason: VaultRequestTypeLimitReached`). */
import type { TriageFields } from './triage-types.js';

/** The throttling reason, if stated. */
export function extractThrottleReason(text: string): Pick<TriageFields, 'throttleReason'> {
  const reason =
    /\bReason:\s*(\w*Limit\w*|\w*Throttl\w*)/i.exec(text)?.[1] ??
    /\b(VaultRequestTypeLimitReached|SubscriptionRequestLimitReached)\b/.exec(text)?.[1];
  return reason ? { throttleReason: reason } : {};
}
