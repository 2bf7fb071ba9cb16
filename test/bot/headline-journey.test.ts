/**
 * The headline journey in sandbox, through the real bot server: `src/index.ts` in a CHILD
 * PROCESS (what `npm start` runs) over file storage in a temp dir, pointed at an emulator this
 * test runs in-process so it can read the tenant's state and request log.
 *
 * Alex checks his access to kv-orders, then asks "give group Payments Readers access to kv-orders
 * to list secrets", sees the plan with the group warnings and confirms it with a justification.
 * The bot is killed with SIGKILL and restarted on the same data dir. Megan (Owner) approves from
 * her own 1:1 chat by pressing the button as the terminal chat renders it; the role assignment
 * is applied once and verified, both are told. Alex undoes it, Megan approves the undo, and the
 * vault is back as it was. `kvbot audit verify` says the chain is intact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderActivity } from '../../src/cli/chat/card-text.js';
import { ProtocolClient, type ProtocolAccount, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import { run as auditCli } from '../../src/cli/commands/audit.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { ALEX, DEMO_FIXTURE, MEGAN } from './approval-harness.js';
import { isCard } from '../helpers/card-assertions.js';
import { freePort } from '../helpers/free-port.js';

const KV_ORDERS =
  '/subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders';
const PAYMENTS_READERS = 'a1000000-0000-4000-8000-000000000001';

const shown = (a: ProtocolActivity | undefined) => (a ? renderActivity(a) : { text: '', buttons: [] });
const buttonData = (a: ProtocolActivity | undefined, title: string): Record<string, unknown> => {
  const b = shown(a).buttons.find((x) => x.title === title);
  if (!b)
    throw new Error(
      `no button "${title}" in: ${shown(a).text}\nbuttons: ${shown(a)
        .buttons.map((x) => x.title)
        .join(' | ')}`,
    );
  return b.data as Record<string, unknown>;
};
const texts = (replies: ProtocolActivity[]) => replies.map((r) => shown(r).text).join('\n');

describe('headline journey: group access with four-eyes approval across a bot crash (src/index.ts as a process)', () => {
  let emu: RunningEmulator;
  let dataDir: string;
  let env: Record<string, string>;
  let bot: BotProcess | undefined;
  const clients: ProtocolClient[] = [];

  const groupAssignments = () =>
    emu.state.allRoleAssignments().filter((r) => r.properties.principalId === PAYMENTS_READERS);
  const puts = () => emu.requestLog.filter((r) => r.method === 'PUT');

  async function chat(user: ProtocolAccount): Promise<ProtocolClient> {
    const client = await ProtocolClient.start({
      botUrl: bot!.messagesUrl,
      user,
      conversationId: `a:1on1-${user.id}`,
      timeoutInMs: 20_000,
    });
    clients.push(client);
    await client.sendText('hello');
    return client;
  }

  beforeAll(async () => {
    emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-journey-'));
    env = {
      PORT: String(await freePort()),
      KVBOT_DATA_DIR: dataDir,
      KVBOT_EMULATOR_URL: emu.url,
      KVBOT_EMULATOR_CA: emu.caFile,
      KVBOT_WATCH_KNOWLEDGE: 'false',
      LOG_LEVEL: 'info',
    };
    bot = await startBotProcess({ env, name: 'bot (first run)' });
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await bot?.stop();
    await emu?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Alex asks, the bot crashes, Megan approves, the grant is applied and verified once, Alex undoes it, and the audit chain holds every step', async () => {
    const alex = await chat(ALEX);
    const megan = await chat(MEGAN);
    const before = structuredClone(emu.state.allRoleAssignments());

    // 0. Alex checks his own access first (a probe with consent, audited).
    const [consent] = (await alex.sendText('check my access to kv-orders')).replies.filter(isCard);
    const ran = await alex.sendSubmit(buttonData(consent, 'Run'), consent?.id);
    expect(texts(ran.replies)).toContain('allowed');

    // 1. The request in words → the plan, with the group warnings.
    const asked = await alex.sendText('give group Payments Readers access to kv-orders to list secrets');
    const plan = asked.replies.find(isCard);
    const planText = shown(plan).text;
    expect(planText).toContain('Payments Readers');
    expect(planText).toContain(`its object id is ${PAYMENTS_READERS}`); // found by display name: check it is the right group
    expect(planText).toMatch(
      /Managed identities in a group see new group membership only when their token is refreshed/,
    );
    expect(planText).toContain('Key Vault');
    expect(puts()).toHaveLength(0);

    // 2. Alex confirms with a justification; Megan gets the approval card 1:1.
    const meganFrom = megan.received.length;
    const confirmed = await alex.sendSubmit(
      {
        ...buttonData(plan, 'Send for approval'),
        justification: 'Orders batch job reads its connection string',
        grantHours: '0',
      },
      plan?.id,
    );
    expect(texts(confirmed.replies)).toMatch(/Sent for approval to .*Megan Bowen/);
    const approval = await megan.waitFor(isCard, { from: meganFrom });
    const requestId = String(buttonData(approval, 'Approve').requestId);

    // 3. The bot dies hard between the request and the approval, and comes back on the same data dir.
    const crashed = bot!;
    crashed.kill('SIGKILL');
    expect((await crashed.exited).signal).toBe('SIGKILL');
    bot = await startBotProcess({ env, name: 'bot (after SIGKILL)' });
    const records = createStorageFactory({
      dataDir,
      storage: { kind: 'sqlite', container: 'kvbot' },
    }).recordStore<ApprovalRequest>('approvals');
    expect((await records.list()).map((r) => r.value)).toEqual([
      expect.objectContaining({ id: requestId, status: 'pending' }),
    ]);
    expect(
      (
        await createAuditLog(
          createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'kvbot' } }),
        ).verify()
      ).ok,
    ).toBe(true);

    // 4. Megan approves from her own chat, pressing Approve as `kvbot chat` renders it.
    const alexFrom = alex.received.length;
    const decided = await megan.sendSubmit(buttonData(approval, 'Approve'), approval?.id);
    expect(texts(decided.replies)).toContain('Approved and applied');
    expect(puts()).toHaveLength(1);
    expect(puts()[0]?.path).toMatch(/\/Microsoft\.Authorization\/roleAssignments\//);
    const granted = groupAssignments().filter((r) => r.properties.scope === KV_ORDERS);
    expect(granted).toHaveLength(1);
    const done = await alex.waitFor((a) => shown(a).text.includes('Done:'), { from: alexFrom });
    expect(shown(done).text).toContain('Approved by Megan Bowen');
    expect(shown(done).text).toMatch(/Verified/);

    // 5. Alex undoes it; Megan approves the undo; the tenant is back as it was.
    const undoPlan = (await alex.sendSubmit(buttonData(done, 'Undo'), done.id)).replies.find(isCard);
    const meganFrom2 = megan.received.length;
    await alex.sendSubmit(
      { ...buttonData(undoPlan, 'Send for approval'), justification: 'job moved to a managed identity' },
      undoPlan?.id,
    );
    const undoApproval = await megan.waitFor(isCard, { from: meganFrom2 });
    const undone = await megan.sendSubmit(buttonData(undoApproval, 'Approve'), undoApproval.id);
    expect(texts(undone.replies)).toContain('Approved and applied');
    expect(groupAssignments().filter((r) => r.properties.scope === KV_ORDERS)).toHaveLength(0);
    expect(emu.state.allRoleAssignments()).toEqual(before);
    expect(puts()).toHaveLength(1);

    // 6. Nothing was lost: both requests are recorded, and `kvbot audit verify` says the chain is intact.
    expect((await records.list()).map((r) => `${r.value.kind}:${r.value.status}`).sort()).toEqual([
      'fix:undone',
      'undo:applied',
    ]);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    const saved = process.env.KVBOT_DATA_DIR;
    process.env.KVBOT_DATA_DIR = dataDir;
    try {
      expect(await auditCli(['verify', '--json'])).toBe(0);
      expect(JSON.parse(printed.pop() ?? '{}')).toMatchObject({ ok: true });
      expect(await auditCli(['list', '--json'])).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.KVBOT_DATA_DIR;
      else process.env.KVBOT_DATA_DIR = saved;
      log.mockRestore();
    }
    const listed = printed.map(
      (line) => JSON.parse(line) as { type: string; vault?: string; requestId?: string; data?: { phase?: string } },
    );
    for (const t of ['probe', 'plan', 'confirm', 'decision', 'apply', 'verify', 'undo'])
      expect(listed.map((r) => r.type)).toContain(t);
    expect(listed.find((r) => r.type === 'probe')).toMatchObject({ vault: 'kv-orders' });
    expect(listed.filter((r) => r.type === 'apply' && r.requestId === requestId).map((r) => r.data?.phase)).toEqual([
      'claimed',
      'applied',
    ]);
  }, 120_000);
});
