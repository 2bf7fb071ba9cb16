/**
 * `kvbot chat [--bot <url>] [--channel msteams|emulator]`: a terminal chat with a RUNNING bot
 * over the real Bot Framework protocol. It hosts its own serviceUrl, posts activities as Alex
 * Wilber (the playground's demo user) and prints the bot's replies, with Adaptive Cards as text
 * and numbered buttons: type the number to click one.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../../config.js';
import { renderActivity, type CardButton, type CardInput } from '../chat/card-text.js';
import { BotUnreachableError, ProtocolClient, type ProtocolActivity, type SendResult } from '../chat/protocol-client.js';

/** Options of `runChat`. */
export interface ChatOptions {
  botUrl: string;
  channelId: 'msteams' | 'emulator';
  input: Readable;
  output: Writable;
}

/** A button the user can pick by number, with the card message it belongs to. */
interface Pickable {
  button: CardButton;
  replyToId?: string;
  /** The input fields of the card the button is on: a submit carries their values. */
  inputs: CardInput[];
}

const HELP = 'Type a question, a number to click a button, /help for this text, /quit to leave.';

function usage(): string {
  return 'usage: kvbot chat [--bot http://localhost:3978/api/messages] [--channel msteams|emulator]';
}

/** Prints the bot's messages of one turn and returns the buttons now on offer. */
function printReplies(result: SendResult, write: (s: string) => void): Pickable[] {
  const pickable: Pickable[] = [];
  for (const activity of result.replies) {
    if (activity.type !== 'message') continue;
    const rendered = renderActivity(activity as ProtocolActivity & { text?: string });
    write(`\nbot> ${rendered.text.split('\n').join('\n     ')}\n`);
    for (const b of rendered.buttons) {
      pickable.push({ button: b, replyToId: activity.id, inputs: rendered.inputs });
      write(`     [${pickable.length}] ${b.title}${b.kind === 'openUrl' ? ` → ${b.url}` : ''}\n`);
    }
  }
  return pickable;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Asks for each input of the card (Enter keeps the default); undefined when the input ends. */
async function askInputs(inputs: CardInput[], lines: AsyncIterator<string>, write: (s: string) => void): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const field of inputs) {
    const choices = field.choices?.length ? ` (${field.choices.map((c, i) => `${i + 1}=${c.title}`).join(', ')})` : '';
    const fallback = field.defaultValue !== undefined ? ` [${field.choices?.find((c) => c.value === field.defaultValue)?.title ?? field.defaultValue}]` : '';
    for (;;) {
      write(`     ${field.label}${field.required && !/required/i.test(field.label) ? ' (required)' : ''}${choices}${fallback}: `);
      const next = await lines.next();
      if (next.done) return undefined;
      let value = String(next.value).trim();
      if (value === '' && field.defaultValue !== undefined) value = field.defaultValue;
      const chosen = field.choices?.[Number(value) - 1];
      if (chosen && /^\d+$/.test(value)) value = chosen.value;
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
  if (result.status === 401) return `The bot at ${botUrl} requires Bot Framework authentication (MicrosoftAppId is set). kvbot chat talks to a bot started without MicrosoftAppId (local mode).`;
  if (result.status >= 400) return `The bot answered HTTP ${result.status}: ${result.body.slice(0, 300)}`;
  return undefined;
}

/** Runs the chat until /quit or end of input. Returns the exit code. */
export async function runChat(options: ChatOptions): Promise<number> {
  const write = (s: string): void => void options.output.write(s);
  const client = await ProtocolClient.start({ botUrl: options.botUrl, channelId: options.channelId });
  const rl = readline.createInterface({ input: options.input, terminal: false });
  // Take the iterator now: it buffers lines typed (or piped) while the welcome is still loading.
  const lines = rl[Symbol.asyncIterator]();
  try {
    let offered: Pickable[];
    try {
      const hello = await client.sendBotAdded();
      const problem = describeStatus(hello, options.botUrl);
      if (problem) {
        write(`${problem}\n`);
        return 1;
      }
      write(`Connected to ${options.botUrl} as ${client.user.name} (${options.channelId}). ${HELP}\n`);
      offered = printReplies(hello, write);
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
        if (/^\d+$/.test(line) && offered.length > 0) {
          const pick = offered[Number(line) - 1];
          if (!pick) write(`There is no button ${line}; pick 1-${offered.length}.\n`);
          else if (pick.button.kind === 'openUrl') write(`Open in your browser: ${pick.button.url}\n`);
          else {
            // Like Teams, a submit sends the card's input values along with the button's data.
            const values = await askInputs(pick.inputs, lines, write);
            if (values === undefined) break;
            result = await client.sendSubmit(isPlainObject(pick.button.data) ? { ...values, ...pick.button.data } : pick.button.data ?? values, pick.replyToId);
          }
        } else {
          result = await client.sendText(line);
        }
      } catch (e) {
        write(`${e instanceof BotUnreachableError ? e.message : `kvbot chat: ${(e as Error).message}`}\n`);
        return 1;
      }
      if (result) {
        const problem = describeStatus(result, options.botUrl);
        if (problem) write(`${problem}\n`);
        offered = printReplies(result, write);
      }
      write('\nyou> ');
    }
    write('\nBye.\n');
    return 0;
  } finally {
    rl.close();
    await client.close();
  }
}

/** `kvbot chat` entry point. */
export async function run(args: string[]): Promise<number> {
  let botUrl: string | undefined;
  let channelId: ChatOptions['channelId'] = 'msteams';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--bot') botUrl = args[++i];
    else if (a === '--channel') {
      const c = args[++i];
      if (c !== 'msteams' && c !== 'emulator') {
        console.error(`kvbot chat: --channel must be msteams or emulator\n${usage()}`);
        return 2;
      }
      channelId = c;
    } else {
      console.error(`kvbot chat: unknown option "${a}"\n${usage()}`);
      return 2;
    }
  }
  botUrl ??= `http://localhost:${loadConfig().port}/api/messages`;
  if (!/^https?:\/\/.+/.test(botUrl)) {
    console.error(`kvbot chat: --bot must be an http(s) URL, got "${botUrl}"\n${usage()}`);
    return 2;
  }
  // A bare base URL is accepted too: append the messaging path.
  if (!/\/api\/messages\/?$/.test(botUrl)) botUrl = `${botUrl.replace(/\/$/, '')}/api/messages`;
  return runChat({ botUrl, channelId, input: process.stdin, output: process.stdout });
}
