/**
 * `kvbot chat [--bot <url>] [--channel msteams|emulator] [--as <demo user>]`: a terminal chat with
 * a RUNNING bot over the real Bot Framework protocol. It hosts its own serviceUrl, posts
 * activities as a demo user (Alex Wilber unless `--as megan` etc.) and prints the bot's messages
 * as they arrive, including proactive ones (an approval request, "your fix was applied"), with
 * Adaptive Cards as text and numbered buttons: type the number to click one.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../../config.js';
import { renderActivity, terminalText, type CardButton, type CardInput } from '../chat/card-text.js';
import { DEMO_USERS, demoUser } from '../chat/demo-users.js';
import {
  BotUnreachableError,
  ProtocolClient,
  type ProtocolAccount,
  type ProtocolActivity,
  type SendResult,
} from '../chat/protocol-client.js';
import { UsageError, parseCommandLine } from '../command-options.js';

/** Options of `runChat`. */
export interface ChatOptions {
  botUrl: string;
  channelId: 'msteams' | 'emulator';
  input: Readable;
  output: Writable;
  /** Who is typing (default Alex Wilber). */
  user?: ProtocolAccount;
}

/** A button the user can pick by number, with the card message it belongs to. */
interface Pickable {
  button: CardButton;
  replyToId?: string;
  /** The input fields of the card the button is on: a submit carries their values. */
  inputs: CardInput[];
}

const HELP = 'Type a question, a number to click a button, /help for this text, /quit to leave.';

const USAGE = `usage: kvbot chat [--bot http://localhost:3978/api/messages] [--channel msteams|emulator] [--as ${Object.keys(DEMO_USERS).join('|')}]`;

/**
 * The buttons of the whole conversation, numbered in order of appearance. Like in Teams, a
 * button on an earlier card can still be clicked after later messages (the bot decides whether
 * it still applies), so numbers never shift.
 */
class ButtonBoard {
  private readonly all: Pickable[] = [];

  /** Adds a message's buttons; returns their lines (`[7] Approve`). */
  add(activity: ProtocolActivity, buttons: CardButton[], inputs: CardInput[]): string[] {
    return buttons.map((button) => {
      this.all.push({ button, replyToId: activity.id, inputs });
      return `[${this.all.length}] ${button.title}${button.kind === 'openUrl' ? ` → ${button.url}` : ''}`;
    });
  }

  get size(): number {
    return this.all.length;
  }

  /** The button numbered `n`, or a sentence saying which numbers exist. */
  pick(n: number): Pickable | string {
    const found = this.all[n - 1];
    if (found) return found;
    return this.all.length === 1
      ? `There is no button ${n}; the only button is 1.`
      : `There is no button ${n}; pick one from 1 to ${this.all.length}.`;
  }
}

/** One printed message: its text (Markdown shown plainly) and numbered buttons. */
function formatMessage(activity: ProtocolActivity, board: ButtonBoard, label = 'bot'): string {
  const rendered = renderActivity(activity as ProtocolActivity & { text?: string });
  const lines = [`\n${label}> ${terminalText(rendered.text).split('\n').join('\n     ')}`];
  for (const line of board.add(activity, rendered.buttons, rendered.inputs)) lines.push(`     ${line}`);
  return `${lines.join('\n')}\n`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The choice the user typed: its number, value or title (any case); undefined if none matches. */
function choiceOf(field: CardInput, typed: string): string | undefined {
  const choices = field.choices ?? [];
  if (/^\d+$/.test(typed)) return choices[Number(typed) - 1]?.value;
  const t = typed.toLowerCase();
  return choices.find((c) => c.value.toLowerCase() === t || c.title.toLowerCase() === t)?.value;
}

/**
 * Asks for each input of the card (Enter keeps the default). A choice input accepts only the
 * card's choices, as Teams' dropdown does. Undefined when the input ends.
 */
async function askInputs(
  inputs: CardInput[],
  lines: AsyncIterator<string>,
  write: (s: string) => void,
): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const field of inputs) {
    const choices = field.choices?.length ? ` (${field.choices.map((c, i) => `${i + 1}=${c.title}`).join(', ')})` : '';
    const fallback =
      field.defaultValue !== undefined
        ? ` [${field.choices?.find((c) => c.value === field.defaultValue)?.title ?? field.defaultValue}]`
        : '';
    for (;;) {
      write(
        `     ${field.label}${field.required && !/required/i.test(field.label) ? ' (required)' : ''}${choices}${fallback}: `,
      );
      const next = await lines.next();
      if (next.done) return undefined;
      let value = String(next.value).trim();
      if (value === '' && field.defaultValue !== undefined) {
        values[field.id] = field.defaultValue;
        break;
      }
      if (value !== '' && field.choices?.length) {
        const chosen = choiceOf(field, value);
        if (chosen === undefined) {
          write(
            `     "${value}" is not one of the choices; type ${field.choices.length === 1 ? '1' : `a number from 1 to ${field.choices.length}`} or the choice's name.\n`,
          );
          continue;
        }
        value = chosen;
      }
      if (value === '' && field.required) {
        write('     This field is required.\n');
        continue;
      }
      if (value !== '') values[field.id] = value;
      break;
    }
  }
  return values;
}

function describeStatus(result: SendResult, botUrl: string): string | undefined {
  if (result.status === 401)
    return `The bot at ${botUrl} requires Bot Framework authentication (MicrosoftAppId is set). kvbot chat talks to a bot started without MicrosoftAppId (local mode).`;
  if (result.status >= 400) return `The bot answered HTTP ${result.status}: ${result.body.slice(0, 300)}`;
  return undefined;
}

/** Runs the chat until /quit or end of input. Returns the exit code. */
export async function runChat(options: ChatOptions): Promise<number> {
  const write = (s: string): void => void options.output.write(s);
  const client = await ProtocolClient.start({
    botUrl: options.botUrl,
    channelId: options.channelId,
    ...(options.user ? { user: options.user } : {}),
  });
  const rl = readline.createInterface({ input: options.input, terminal: false });
  // Take the iterator now: it buffers lines typed (or piped) while the welcome is still loading.
  const lines = rl[Symbol.asyncIterator]();
  const board = new ButtonBoard();
  // Messages that arrive outside a turn of ours (sent proactively, or cards updated in place)
  // are printed as they come; during a turn they are printed with the turn's replies.
  let inTurn = true;
  const stopListening = client.onActivity((activity, kind) => {
    if (activity.type !== 'message') return;
    if (kind === 'sent' && inTurn) return;
    write(`${formatMessage(activity, board, kind === 'updated' ? 'bot (updated a card)' : 'bot')}\nyou> `);
  });
  const turn = async (send: () => Promise<SendResult>): Promise<SendResult> => {
    inTurn = true;
    try {
      return await send();
    } finally {
      inTurn = false;
    }
  };
  const printReplies = (result: SendResult): void => {
    for (const activity of result.replies) if (activity.type === 'message') write(formatMessage(activity, board));
  };
  try {
    try {
      const hello = await turn(() => client.sendBotAdded());
      const problem = describeStatus(hello, options.botUrl);
      if (problem) {
        write(`${problem}\n`);
        return 1;
      }
      write(`Connected to ${options.botUrl} as ${client.user.name} (${options.channelId}). ${HELP}\n`);
      printReplies(hello);
    } catch (e) {
      write(`${e instanceof BotUnreachableError ? e.message : `kvbot chat: ${(e as Error).message}`}\n`);
      return 1;
    }
    write('\nyou> ');
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = String(next.value).trim();
      if (line === '/quit' || line === '/exit') break;
      if (line === '/help') {
        write(`${HELP}\nyou> `);
        continue;
      }
      if (!line) {
        write('you> ');
        continue;
      }
      let result: SendResult | undefined;
      try {
        // A bare number picks a button once there are any (before that it is a question, e.g. "403").
        if (/^\d{1,4}$/.test(line) && board.size > 0) {
          const pick = board.pick(Number(line));
          if (typeof pick === 'string') write(`${pick}\n`);
          else if (pick.button.kind === 'openUrl') write(`Open in your browser: ${pick.button.url}\n`);
          else {
            // Like Teams, a submit sends the card's input values along with the button's data,
            // unless the button declares `associatedInputs: "none"` (Cancel, Not now).
            const values = pick.button.associatedInputs === 'none' ? {} : await askInputs(pick.inputs, lines, write);
            if (values === undefined) break;
            const data = pick.button.data;
            result = await turn(() =>
              client.sendSubmit(isPlainObject(data) ? { ...values, ...data } : (data ?? values), pick.replyToId),
            );
          }
        } else {
          result = await turn(() => client.sendText(line));
        }
      } catch (e) {
        write(`${e instanceof BotUnreachableError ? e.message : `kvbot chat: ${(e as Error).message}`}\n`);
        return 1;
      }
      if (result) {
        const problem = describeStatus(result, options.botUrl);
        if (problem) write(`${problem}\n`);
        printReplies(result);
      }
      write('\nyou> ');
    }
    write('\nBye.\n');
    return 0;
  } finally {
    stopListening();
    rl.close();
    await client.close();
  }
}

/** Reads `kvbot chat`'s options; throws UsageError. */
export function chatOptionsFrom(
  args: string[],
  defaultPort: () => number,
): Pick<ChatOptions, 'botUrl' | 'channelId' | 'user'> {
  const { values } = parseCommandLine(
    'chat',
    args,
    {
      bot: { type: 'string' },
      channel: { type: 'string', default: 'msteams' },
      as: { type: 'string' },
    },
    USAGE,
  );
  const channelId = values.channel;
  if (channelId !== 'msteams' && channelId !== 'emulator')
    throw new UsageError(`kvbot chat: --channel must be msteams or emulator\n${USAGE}`);
  let user: ProtocolAccount | undefined;
  if (values.as !== undefined) {
    user = demoUser(values.as);
    if (!user)
      throw new UsageError(
        `kvbot chat: --as must name a demo user (${Object.keys(DEMO_USERS).join(', ')}), got "${values.as}"\n${USAGE}`,
      );
  }
  let botUrl = values.bot ?? `http://localhost:${defaultPort()}/api/messages`;
  if (!/^https?:\/\/.+/.test(botUrl))
    throw new UsageError(`kvbot chat: --bot must be an http(s) URL, got "${botUrl}"\n${USAGE}`);
  // A bare base URL is accepted too: append the messaging path.
  if (!/\/api\/messages\/?$/.test(botUrl)) botUrl = `${botUrl.replace(/\/$/, '')}/api/messages`;
  return { botUrl, channelId, ...(user ? { user } : {}) };
}

/** `kvbot chat` entry point. */
export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof chatOptionsFrom>;
  try {
    parsed = chatOptionsFrom(args, () => loadConfig().port);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
  return runChat({ ...parsed, input: process.stdin, output: process.stdout });
}
