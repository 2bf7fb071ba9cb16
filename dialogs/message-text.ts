/**
 * The user's words in a message, without the bot's @mention. In Teams channels and group chats
 * the text arrives as `<at>Bot</at> why can't I …`, with a `mention` entity naming the bot.
 */
import { TurnContext, type Activity } from 'botbuilder';

/**
 * Removes mentions of the bot (by entity, via `TurnContext.removeRecipientMention`), then keeps
 * only the names of any other `<at>` mentions (people the user talks about), and trims. Line breaks
 * are kept (spaces within a line are collapsed): a long message's lines tell its question from
 * the stack trace or Terraform pasted around it.
 */
export function messageText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  if (activity.recipient?.id && activity.entities?.some((e) => e.type === 'mention')) {
    text = TurnContext.removeRecipientMention(activity) ?? text;
  }
  // A mention of the bot whose entity is missing or names another id (some clients) is still
  // the bot's name in <at> tags at the very start of the message.
  const botName = activity.recipient?.name;
  if (botName) {
    const escaped = botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`^\\s*<at>${escaped}</at>`, 'i'), '');
  }
  return text
    .replace(/<at>(.*?)<\/at>/gi, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ +\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What a message carries that the bot cannot read: a screenshot, or a file. */
export type UnreadableAttachment = 'image' | 'file';

/**
 * The first screenshot or file in a message, if any. People paste a screenshot of the portal's
 * error or attach a log file; the bot reads text only, and without this such a message got the
 * help card as if it were empty. Teams sends a pasted image as an `image/*` attachment (and an
 * `<img>` in a `text/html` one) and a file as a `file.download.info` attachment.
 */
export function unreadableAttachmentOf(activity: Partial<Activity>): UnreadableAttachment | undefined {
  for (const a of activity.attachments ?? []) {
    const type = (a.contentType ?? '').toLowerCase();
    if (type.startsWith('image/')) return 'image';
    if (type === 'text/html' && typeof a.content === 'string' && /<img\b/i.test(a.content)) return 'image';
    if (
      type === 'application/vnd.microsoft.teams.file.download.info' ||
      (type.startsWith('application/') && !type.includes('card'))
    )
      return 'file';
  }
  return undefined;
}
