/**
 * The one parser of card payloads: a zod schema per `kvbot` action says what each button must
 * carry and what its card's inputs may hold, and {@link parseCardPayload} checks a submit value
 * against it before any feature acts. A bad value ends in one of two sentences: a card input out
 * of range ("Priority must be one of low, normal, high, urgent; you sent \"banana\"") or a button
 * whose data cannot be used (an old or altered card). Features then read only checked fields;
 * the stored records (consents, drafts, approvals, cases) still decide whether the click counts.
 */
import { z } from 'zod';
import { CASE_PRIORITIES, CASE_TRIGGERS } from '../src/core/escalation/case-types.js';
import { MAX_JUSTIFICATION } from '../src/core/fixes/fix-proposals.js';
import { MAX_QUERY_IN_ACTION } from './submit-actions.js';
import { KEY_SEGMENT_ID } from '../src/core/storage/record-key.js';

/** A record key carried by a button (consent, draft, request or case id), named for the refusal. */
const recordId = (what: string) => z.string().regex(KEY_SEGMENT_ID).describe(`button:${what}`);
/** A KB entry id. */
const entryId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
  .describe('button:entry id');
/** A question carried back by a button (clipped like the cards clip it). */
const query = z.string().transform((q) => q.slice(0, MAX_QUERY_IN_ACTION));

/**
 * A card input: the user typed or picked it, so a bad value is their mistake to correct, not an
 * old card. `label` is how the card names the input.
 */
function input<T extends z.ZodTypeAny>(schema: T, label: string): T {
  return schema.describe(`input:${label}`);
}

const action = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.object({ kvbot: z.literal(name), ...shape }).passthrough();

/** The schema of every `kvbot` card action, by name. */
export const CARD_PAYLOADS = {
  'faq.open': action('faq.open', { id: entryId }),
  feedback: action('feedback', { id: entryId, helpful: z.boolean() }),
  'faq.none': action('faq.none', { query: query.refine((q) => q.trim() !== '', 'the original question') }),
  human: action('human', { query: query.optional() }),
  help: action('help', {}),
  'probe.start': action('probe.start', { probe: z.string() }),
  'probe.run': action('probe.run', { consent: recordId('check request id') }),
  'probe.cancel': action('probe.cancel', { consent: recordId('check request id') }),
  'fix.propose': action('fix.propose', { fix: z.string(), vault: z.string().optional() }),
  'fix.confirm': action('fix.confirm', {
    draftId: recordId('plan id'),
    justification: input(z.string().max(MAX_JUSTIFICATION).optional(), 'Why is this needed?'),
    grantHours: input(
      z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().nonnegative()]).optional(),
      'For how long?',
    ),
  }),
  'fix.cancel': action('fix.cancel', { draftId: recordId('plan id') }),
  'fix.undo': action('fix.undo', { requestId: recordId('request id') }),
  'approval.decide': action('approval.decide', {
    requestId: recordId('request id'),
    decision: z.enum(['approve', 'reject']),
    comment: input(z.string().max(1000).optional(), 'Comment'),
  }),
  'case.open': action('case.open', {
    trigger: z.enum(CASE_TRIGGERS as [string, ...string[]]).optional(),
    priority: input(z.union([z.enum(CASE_PRIORITIES as [string, ...string[]]), z.literal('')]).optional(), 'Priority'),
  }),
  'case.dismiss': action('case.dismiss', {}),
  'case.take': action('case.take', { caseId: recordId('case id') }),
  'case.reply': action('case.reply', {
    caseId: recordId('case id'),
    caseText: input(z.string().max(4000).optional(), 'Message'),
  }),
  'case.resolve': action('case.resolve', {
    caseId: recordId('case id'),
    caseText: input(z.string().max(4000).optional(), 'Resolution note'),
  }),
  'case.reopen': action('case.reopen', {
    caseId: recordId('case id'),
    caseText: input(z.string().max(4000).optional(), 'Reason'),
  }),
  'case.rate': action('case.rate', { caseId: recordId('case id'), helpful: z.boolean() }),
} as const;

/** A `kvbot` action name with a schema. */
export type CardActionName = keyof typeof CARD_PAYLOADS;

/** The checked value of action `N`. */
export type CardPayload<N extends CardActionName> = z.infer<(typeof CARD_PAYLOADS)[N]>;

/** Why a submit value was refused, as the sentence to send. */
export interface CardPayloadRefusal {
  /** `input`: a card input the user can correct; `button`: the button's own data (old or altered card). */
  kind: 'input' | 'button';
  message: string;
}

/** True for a name that has a schema. */
export function isCardActionName(name: string): name is CardActionName {
  return Object.prototype.hasOwnProperty.call(CARD_PAYLOADS, name);
}

function describeValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'nothing' : `"${s.length > 40 ? `${s.slice(0, 39)}…` : s}"`;
}

/**
 * Checks `value` against the schema of its `kvbot` action. Unknown actions pass unchanged (the
 * main dialog answers those itself).
 */
export function parseCardPayload(
  value: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> } | { ok: false; refusal: CardPayloadRefusal } {
  const name = typeof value.kvbot === 'string' ? value.kvbot : '';
  if (!isCardActionName(name)) return { ok: true, value };
  const schema = CARD_PAYLOADS[name] as z.ZodTypeAny;
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const fieldSchema = (schema as z.AnyZodObject).shape?.[field] as z.ZodTypeAny | undefined;
  const label = fieldSchema?.description?.startsWith('input:')
    ? fieldSchema.description.slice('input:'.length)
    : undefined;
  if (label) {
    const allowed =
      field === 'priority'
        ? ` must be one of ${CASE_PRIORITIES.join(', ')}`
        : issue.code === 'too_big'
          ? ' is too long'
          : ' is not a value I can use';
    return {
      ok: false,
      refusal: {
        kind: 'input',
        message: `${label}${allowed}; you sent ${describeValue(value[field])}. Correct it on the card and press the button again.`,
      },
    };
  }
  const named = fieldSchema?.description?.startsWith('button:')
    ? fieldSchema.description.slice('button:'.length)
    : field
      ? `"${field}"`
      : 'data';
  return {
    ok: false,
    refusal: {
      kind: 'button',
      message: `Sorry, I couldn't use that button: it carries no valid ${named} for "${name}". It may come from an old card; ask me again, or type **help**.`,
    },
  };
}
