/**
 * The README's local four-eyes journey, in two terminals running `kvbot chat` against the real
 * bot process in sandbox mode (`npm start` with no Azure settings: the embedded emulator and the
 * demo tenant): Megan opens her chat (`--as megan`); Alex asks, checks his access to kv-payments
 * and proposes the fix; Megan sees the approval request arrive in her terminal and approves it;
 * Alex sees the fix applied and verified arrive in his, and undoes it with Megan's approval.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../../src/cli/chat/demo-users.js';
import { chatOptionsFrom } from '../../src/cli/commands/chat.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { startTerminalChat, type TerminalChat } from '../helpers/terminal-chat.js';

describe('the local four-eyes story in two terminals (kvbot chat and kvbot chat --as megan)', () => {
  let bot: BotProcess | undefined;
  let dataDir: string;
  const chats: TerminalChat[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-four-eyes-'));
    bot = await startBotProcess({
      env: { KVBOT_DATA_DIR: dataDir, KVBOT_WATCH_KNOWLEDGE: 'false' },
      name: 'sandbox bot',
    });
  }, 180_000);

  afterAll(async () => {
    for (const c of chats) await c.quit().catch(() => 1);
    await bot?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('--as takes a demo user by first name and refuses anyone else with the list', () => {
    expect(chatOptionsFrom(['--as', 'megan'], () => 3978).user).toEqual(
      expect.objectContaining({ name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021' }),
    );
    expect(chatOptionsFrom([], () => 3978)).toEqual({
      botUrl: 'http://localhost:3978/api/messages',
      channelId: 'msteams',
    });
    expect(() => chatOptionsFrom(['--as', 'mallory'], () => 3978)).toThrow(
      /--as must name a demo user \(alex, megan, adele, isaiah, patti, lynne\), got "mallory"/,
    );
    expect(() => chatOptionsFrom(['--user', 'megan'], () => 3978)).toThrow(
      /kvbot chat: unknown option "--user" \(options: --bot, --channel, --as\)/,
    );
  });

  it('Alex asks, checks and proposes; Megan approves in her terminal; Alex sees it applied and verified, and undoes it', async () => {
    const megan = startTerminalChat(bot!.messagesUrl, demoUser('megan'));
    chats.push(megan);
    await megan.until(/Connected to .* as Megan Bowen/);
    const alex = startTerminalChat(bot!.messagesUrl);
    chats.push(alex);
    await alex.until(/Connected to .* as Alex Wilber[\s\S]*you> $/);

    // Alex asks.
    let from = alex.printed().length;
    alex.type("why can't I list secrets in kv-payments?");
    await alex.until(/bot> [\s\S]*you> $/, { from });

    // Alex checks his access (consent first).
    from = alex.printed().length;
    alex.type('check my access to kv-payments');
    await alex.until(/\[\d+\] Run[\s\S]*you> $/, { from });
    from = alex.printed().length;
    alex.type(String(alex.button('Run')));
    const verdict = await alex.until(/\[\d+\] Fix: grant permission[\s\S]*you> $/, { from });
    expect(verdict).toMatch(/denied/i);

    // Alex proposes the fix and sends it for approval with a justification.
    from = alex.printed().length;
    alex.type(String(alex.button('Fix: grant permission')));
    await alex.until(/\[\d+\] Send for approval[\s\S]*you> $/, { from });
    const meganFrom = megan.printed().length;
    from = alex.printed().length;
    alex.type(String(alex.button('Send for approval')));
    await alex.until(/Why is this needed\?/, { from });
    alex.type('Payments on-call needs to list secrets');
    await alex.until(/For how long\?/, { from });
    alex.type('');
    await alex.until(/Sent for approval to .*Megan Bowen[\s\S]*you> $/, { from });

    // Megan's terminal shows the request as it arrives, without her typing anything.
    const request = await megan.until(/\[\d+\] Approve[\s\S]*you> $/, { from: meganFrom });
    expect(request).toContain('Payments on-call needs to list secrets');
    const alexFrom = alex.printed().length;
    const meganTyped = megan.printed().length;
    megan.type(String(megan.button('Approve', meganFrom)));
    await megan.until(/Comment/, { from: meganTyped });
    megan.type('ok for on-call');
    await megan.until(/Approved and applied[\s\S]*you> $/, { from: meganTyped });

    // Alex's terminal shows the result as it arrives: applied, verified, with Undo.
    const done = await alex.until(/Done: [\s\S]*\[\d+\] Undo[\s\S]*you> $/, { from: alexFrom });
    expect(done).toMatch(/Verified/);
    expect(done).not.toContain('**');

    // Alex undoes it; Megan approves the undo; Alex hears the undo was applied.
    from = alex.printed().length;
    alex.type(String(alex.button('Undo', alexFrom)));
    await alex.until(/\[\d+\] Send for approval[\s\S]*you> $/, { from });
    const meganFrom2 = megan.printed().length;
    from = alex.printed().length;
    alex.type(String(alex.button('Send for approval')));
    await alex.until(/Why is this needed\?/, { from });
    alex.type('on-call shift is over');
    await alex.until(/Sent for approval to .*Megan Bowen[\s\S]*you> $/, { from });
    await megan.until(/\[\d+\] Approve[\s\S]*you> $/, { from: meganFrom2 });
    const alexFrom2 = alex.printed().length;
    const meganTyped2 = megan.printed().length;
    megan.type(String(megan.button('Approve', meganFrom2)));
    await megan.until(/Comment/, { from: meganTyped2 });
    megan.type('');
    await megan.until(/Approved and applied[\s\S]*you> $/, { from: meganTyped2 });
    await alex.until(/Done: Undo[\s\S]*you> $/, { from: alexFrom2 });

    // The wording people saw along the way (issue 10 bug 7).
    expect(alex.printed()).toContain('Can you list secrets in kv-payments?');
    expect(alex.printed()).toContain(
      'If needed later, undo would remove secrets list from Alex Wilber on kv-payments.',
    );
    expect(alex.printed()).toMatch(/Done: [\s\S]*Alex Wilber · secrets: \(none\) → list/);
    for (const printed of [alex.printed(), megan.printed()]) {
      expect(printed).not.toMatch(/Undo: Undo|undo of Undo|Undo \(if needed later\)|Can you secrets/);
      expect(printed).not.toMatch(/\*\*|`/);
    }
    expect(megan.printed()).toContain('Undo request: remove secrets list from Alex Wilber on kv-payments');

    // An approver names a colleague by address: the directory (Graph, in the sandbox emulator)
    // gives the object id, and the consent card is the check of Adele's access.
    const meganAsks = megan.printed().length;
    megan.type('check adelev@example.com on kv-payments');
    await megan.until(/May I check kv-payments for you\?[\s\S]*you> $/, { from: meganAsks });
    expect(megan.printed().slice(meganAsks)).toContain('the group memberships of 00000000-0000-0000-0000-000000000022');
    expect(await alex.quit()).toBe(0);
    expect(await megan.quit()).toBe(0);
    chats.length = 0;
  }, 120_000);
});
