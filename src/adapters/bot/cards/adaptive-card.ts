/**
 * Minimal Adaptive Card element shapes the bot uses, and the wrapper into a Bot Framework
 * attachment. Version 1.5 is what current Teams clients render.
 */
import { CardFactory, type Attachment } from 'botbuilder';

/** The schema version of every card the bot sends. */
export const ADAPTIVE_CARD_VERSION = '1.5';

/** A card element (TextBlock, ActionSet, Container, …) as plain JSON. */
export type CardElement = Record<string, unknown> & { type: string };

/** A card action (Action.Submit, Action.OpenUrl) as plain JSON. */
export type CardAction = Record<string, unknown> & { type: 'Action.Submit' | 'Action.OpenUrl'; title: string };

/** A submit button carrying `data` back as the message `value`. */
export function submitAction(title: string, data: Record<string, unknown>): CardAction {
  return { type: 'Action.Submit', title, data };
}

/** A button that opens a link. */
export function openUrlAction(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** A wrapping text block (Teams renders a Markdown subset in it). */
export function textBlock(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

/** Wraps body and actions into an Adaptive Card attachment. */
export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    // Teams: use the full message width so answers with commands do not wrap too early.
    msteams: { width: 'Full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  });
}
