/**
 * `kvbot report` after "talk to a person" (issue 10 bug 5): with escalation wired (as `npm start`
 * wires it), the request becomes a case rather than a recorded request, and the report must
 * count it. Driven through the terminal chat against the real bot process in sandbox mode.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/cli/commands/report.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { startTerminalChat } from '../helpers/terminal-chat.js';

describe('kvbot report counts a case opened through "talk to a person"', () => {
  let bot: BotProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-report-cases-'));
    bot = await startBotProcess({
      env: { KVBOT_DATA_DIR: dataDir, KVBOT_WATCH_KNOWLEDGE: 'false' },
      name: 'sandbox bot',
    });
  }, 180_000);

  afterAll(async () => {
    await bot?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('one request for a person, still open, after Alex opens a case', async () => {
    // The bot process runs on the default store (SQLite), so the report reads the same one.
    const config = { dataDir, storage: { kind: 'sqlite' as const, container: 'kvbot' } };
    const before: string[] = [];
    expect(await runReport(['--json'], config, (t) => before.push(t))).toBe(0);
    expect(JSON.parse(before[0]!).totals).toMatchObject({ humanRequests: 0, openHumanRequests: 0 });

    const alex = startTerminalChat(bot!.messagesUrl);
    await alex.until(/you> $/);
    let from = alex.printed().length;
    alex.type('talk to a person');
    await alex.until(/\[\d+\] Open a case[\s\S]*you> $/, { from });
    from = alex.printed().length;
    alex.type(String(alex.button('Open a case')));
    await alex.until(/Priority \(1=Low/, { from });
    alex.type('');
    await alex.until(/opened case KV-\d+[\s\S]*you> $/, { from });
    expect(await alex.quit()).toBe(0);

    const after: string[] = [];
    expect(await runReport(['--json'], config, (t) => after.push(t))).toBe(0);
    expect(JSON.parse(after[0]!).totals).toMatchObject({ humanRequests: 1, openHumanRequests: 1 });
  }, 60_000);
});
