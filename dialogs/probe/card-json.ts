/**
 * The few Adaptive Card shapes the probe and triage cards are made of. Dialogs may not import
 * the Teams card builders in src/adapters/bot (the dependency points the other way), so these
 * cards are assembled here from botbuilder's CardFactory, in the same schema version.
 */
import { CardFactory, type Attachment } from 'botbuilder';

/** Same version as the FAQ cards (what current Teams clients render). */
const VERSION = '1.5';

/** A card element as plain JSON. */
export type CardElement = Record<string, unknown> & { type: string };

/** An Action.Submit whose `data` comes back as the message `value`. */
export interface SubmitButton {
  type: 'Action.Submit';
  title: string;
  data: Record<string, unknown>;
  style?: 'positive' | 'destructive';
}

/** A wrapping TextBlock. */
export function text(value: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

/** A FactSet of title/value pairs; pairs with an empty value are left out. */
export function facts(pairs: ReadonlyArray<readonly [string, string | undefined]>): CardElement | undefined {
  const shown = pairs.filter((p): p is readonly [string, string] => Boolean(p[1]));
  return shown.length ? { type: 'FactSet', facts: shown.map(([title, value]) => ({ title, value })) } : undefined;
}

/** A submit button. */
export function submit(title: string, data: Record<string, unknown>, style?: SubmitButton['style']): SubmitButton {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}

/** Buttons inside the body (several groups per card are possible, unlike `actions`). */
export function buttons(actions: SubmitButton[]): CardElement | undefined {
  return actions.length ? { type: 'ActionSet', actions } : undefined;
}

/** The card attachment; undefined body elements are dropped so builders can add them conditionally. */
export function card(body: Array<CardElement | undefined>, actions: SubmitButton[] = []): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: VERSION,
    msteams: { width: 'Full' },
    body: body.filter((e): e is CardElement => e !== undefined),
    ...(actions.length ? { actions } : {}),
  });
}
