/**
 * The data an approval card sends back when clicked. It must be exactly what the card was built
 * with: an id, the version the card was drawn from, the decision, an optional comment and
 * optionally the plan hash. Anything else means the payload was altered.
 */
import { isRecordId } from '../storage/record-key.js';

/** A validated card payload. */
export interface DecisionPayload {
  requestId: string;
  version: number;
  decision: 'approve' | 'reject';
  comment?: string;
  planHash?: string;
}

/** The keys a card may carry. */
export const DECISION_PAYLOAD_KEYS: readonly string[] = ['requestId', 'version', 'decision', 'comment', 'planHash'];

const MAX_COMMENT = 1000;

/** Result of parsing a payload. */
export type ParsedDecisionPayload =
  | { ok: true; payload: DecisionPayload }
  | { ok: false; code: 'malformed' | 'altered'; message: string; requestId?: string };

/** Validates an untrusted card payload without throwing. */
export function parseDecisionPayload(raw: unknown): ParsedDecisionPayload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      ok: false,
      code: 'malformed',
      message: 'This approval card sent no data. Open the request again from the bot.',
    };
  const data = raw as Record<string, unknown>;
  const requestId = typeof data.requestId === 'string' ? data.requestId : undefined;
  const extra = Object.keys(data).filter((k) => !DECISION_PAYLOAD_KEYS.includes(k));
  if (extra.length > 0)
    return {
      ok: false,
      code: 'altered',
      message: `This approval card was altered (unexpected fields: ${extra.join(', ')}). Nothing was changed.`,
      requestId,
    };
  if (!isRecordId(requestId))
    return { ok: false, code: 'malformed', message: 'This approval card has no valid request id.' };
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1)
    return { ok: false, code: 'malformed', message: 'This approval card has no valid version.', requestId };
  if (data.decision !== 'approve' && data.decision !== 'reject')
    return {
      ok: false,
      code: 'malformed',
      message: 'This approval card has no valid decision (approve or reject).',
      requestId,
    };
  if (data.comment !== undefined && (typeof data.comment !== 'string' || data.comment.length > MAX_COMMENT))
    return {
      ok: false,
      code: 'malformed',
      message: `The comment must be text of at most ${MAX_COMMENT} characters.`,
      requestId,
    };
  if (data.planHash !== undefined && typeof data.planHash !== 'string')
    return { ok: false, code: 'malformed', message: 'This approval card has an invalid plan hash.', requestId };
  const payload: DecisionPayload = { requestId, version: data.version, decision: data.decision };
  if (typeof data.comment === 'string' && data.comment.trim()) payload.comment = data.comment.trim();
  if (typeof data.planHash === 'string') payload.planHash = data.planHash;
  return { ok: true, payload };
}
