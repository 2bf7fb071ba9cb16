/**
 * Bounds what a message can cost before matching and triage see it: text beyond
 * {@link MAX_MESSAGE_CHARS} is cut (a 1 MiB paste of one token held the event loop, and every other
 * user, for seconds), and the user is told what was read.
 */
import type { Middleware, TurnContext } from 'botbuilder';

/** Longest message text read, in characters (an error body with the top of its stack trace fits). */
export const MAX_MESSAGE_CHARS = 4_000;

/** `text` cut to at most `max` characters, at the last whitespace in the final tenth when there is one. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.search(/\s\S*$/);
  return space > max * 0.9 ? cut.slice(0, space) : cut;
}

/** Middleware cutting long message text and saying so before the answer. */
export function inputLengthLimit(maxChars = MAX_MESSAGE_CHARS): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const a = context.activity;
      if (a.type === 'message' && typeof a.text === 'string' && a.text.length > maxChars) {
        const length = a.text.length;
        a.text = truncateText(a.text, maxChars);
        await context.sendActivity(
          `Your message is ${length.toLocaleString('en-US')} characters long, so I read only the first ${maxChars.toLocaleString('en-US')}. ` +
            'If what matters comes later (the error message under a long log, say), send that part on its own.',
        );
      }
      await next();
    },
  };
}
