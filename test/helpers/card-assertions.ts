/**
 * Reading replies in tests: the Adaptive Card of an activity, its text and its buttons.
 */
import { renderActivity, type CardButton, type RenderableActivity } from '../../src/cli/chat/card-text.js';

/** Whether a reply carries a card (any attachment): how the tests pick a card out of a turn's replies. */
export function isCard(activity: { attachments?: unknown[] }): boolean {
  return (activity.attachments?.length ?? 0) > 0;
}

/** The adaptive card JSON of a reply, or throws with what the reply was. */
export function adaptiveCardOf(activity: RenderableActivity | undefined): Record<string, unknown> {
  const att = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!att) throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  return att.content as Record<string, unknown>;
}

/** All text a user would read in the reply. */
export function textOf(activity: RenderableActivity | undefined): string {
  return activity ? renderActivity(activity).text : '';
}

/** All buttons of the reply. */
export function buttonsOf(activity: RenderableActivity | undefined): CardButton[] {
  return activity ? renderActivity(activity).buttons : [];
}

/** The button with this title, or throws listing the titles there are. */
export function button(activity: RenderableActivity | undefined, title: string | RegExp): CardButton {
  const all = buttonsOf(activity);
  const b = all.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  if (!b) throw new Error(`no button ${String(title)}; buttons: ${all.map((x) => x.title).join(' | ')}`);
  return b;
}
