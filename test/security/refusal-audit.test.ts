/**
 * Every refusal is audited with who, what and why (issue 11 item 9), end to end over the
 * protocol: a consent click by another user, a hijacked fix draft (confirm and cancel), a third
 * party's undo draft, and a non-admin's `register approvals channel`. The audit chain still
 * verifies afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import type { AuditLog } from '../../src/core/audit/audit-log.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { probeRoutes } from '../../src/app/wire-probes.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';
import { button } from '../helpers/card-assertions.js';
import { startSandboxAzure, type SandboxAzure } from '../helpers/sandbox-probes.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';
import {
  ADELE,
  ALEX,
  MEGAN,
  actionsOf,
  cardJson,
  cardOf,
  executeInvoke,
  isCard,
  startHarness,
  type Harness,
} from '../bot/approval-harness.js';

describe('a consent click by another user is refused and audited', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-refusal-'));
  let sandbox: SandboxAzure;
  let bot: TestBot;
  let audit: AuditLog;
  beforeAll(async () => {
    sandbox = await startSandboxAzure();
    const storage = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'kvbot' } });
    audit = createAuditLog(storage);
    bot = await startTestBot(
      {},
      probeRoutes({
        probes: new ProbeService(sandbox.directory),
        consents: storage.recordStore<ProbeConsent>('probe-consents'),
        isApprover: () => false,
        identity: { sandbox: true, botName: 'KV Bot' },
        audit,
      }),
    );
  });
  afterAll(async () => {
    await bot?.close();
    await sandbox?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("Megan pressing Run on Alex's consent card in a group chat is refused, audited with both, and nothing is read", async () => {
    const conversationId = '19:group-chat@thread.v2';
    const alex = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      user: ACCOUNTS.alex,
      conversationId,
      conversationType: 'groupChat',
    });
    const megan = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      user: ACCOUNTS.megan,
      conversationId,
      conversationType: 'groupChat',
    });
    try {
      const consent = (await alex.sendText('check my access to kv-payments')).replies.find(isCard);
      const requests = sandbox.emu.requestLog.length;
      const clicked = await megan.sendSubmit(button(consent, 'Run').data, consent?.id);
      expect(clicked.replies.map((a) => a.text).join(' ')).toMatch(/Only Alex Wilber can run or cancel that check/);
      expect(sandbox.emu.requestLog.length).toBe(requests);
      const refusal = (await audit.list({ type: 'refusal' })).at(-1);
      expect(refusal).toMatchObject({
        type: 'refusal',
        actor: { id: ACCOUNTS.megan.aadObjectId, name: 'Megan Bowen' },
        vault: 'kv-payments',
        data: {
          operation: 'probe.run',
          code: 'other-user',
          owner: ACCOUNTS.alex.aadObjectId,
          probe: 'permission-check',
        },
      });
      expect((await audit.verify()).ok).toBe(true);
    } finally {
      await alex.close();
      await megan.close();
    }
  });
});

describe('fix drafts, undo drafts and admin commands: refusals are audited', () => {
  let h: Harness;
  let alex: ProtocolClient;
  let megan: ProtocolClient;
  let adele: ProtocolClient;
  beforeAll(async () => {
    h = await startHarness();
    alex = await h.chat(ALEX);
    megan = await h.chat(MEGAN);
    adele = await h.chat(ADELE);
  }, 30_000);
  afterAll(async () => h?.close());

  async function lastRefusal(): Promise<Record<string, unknown> | undefined> {
    return (await h.audit.list({ type: 'refusal' })).at(-1) as Record<string, unknown> | undefined;
  }

  it("Adele confirming or cancelling Alex's plan (a hijacked draft) is refused and audited", async () => {
    const plan = (
      await alex.sendSubmit({
        kvbot: 'fix.propose',
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principal: ALEX.aadObjectId,
        operation: 'secrets/list',
      })
    ).replies.find(isCard);
    const send = actionsOf(cardOf(plan)).find((a) => a.title === 'Send for approval')!;
    const cancel = actionsOf(cardOf(plan)).find((a) => a.title === 'Cancel')!;

    const hijack = await adele.sendSubmit({ ...(send.data as object), justification: 'mine now' });
    expect(hijack.replies.map((a) => a.text).join(' ')).toMatch(
      /Only Alex Wilber, who asked for this fix, can send it for approval/,
    );
    expect(await lastRefusal()).toMatchObject({
      actor: { id: ADELE.aadObjectId },
      vault: 'kv-payments',
      data: { operation: 'fix.confirm', code: 'not-requester', draftKind: 'fix', owner: ALEX.aadObjectId },
    });

    const cancelled = await adele.sendSubmit(cancel.data);
    expect(cancelled.replies.map((a) => a.text).join(' ')).toMatch(/Only Alex Wilber can cancel this plan/);
    expect(await lastRefusal()).toMatchObject({
      actor: { id: ADELE.aadObjectId },
      data: { operation: 'fix.cancel', code: 'not-requester', owner: ALEX.aadObjectId },
    });
    expect((await h.audit.verify()).ok).toBe(true);
  });

  it("Alex pressing Send on Adele's undo draft of his fix is refused and audited as an undo draft", async () => {
    const plan = (
      await alex.sendSubmit({
        kvbot: 'fix.propose',
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principal: ALEX.aadObjectId,
        operation: 'secrets/get',
      })
    ).replies.find(isCard);
    const send = actionsOf(cardOf(plan)).find((a) => a.title === 'Send for approval')!;
    const meganFrom = megan.received.length;
    await alex.sendSubmit({ ...(send.data as object), justification: 'incident', grantHours: '0' });
    const approval = await megan.waitFor(isCard, { from: meganFrom });
    const alexFrom = alex.received.length;
    await megan.send(
      executeInvoke('approval.decide', actionsOf(cardOf(approval)).find((a) => a.title === 'Approve')!.data),
    );
    const done = await alex.waitFor((a) => cardJson(a).includes('Done:'), { from: alexFrom });
    const undo = actionsOf(cardOf(done)).find((a) => a.title === 'Undo')!;

    // Adele replays the Undo button: she gets an undo draft of her own; Alex then presses its Send.
    const undoPlan = (await adele.sendSubmit(undo.data)).replies.find(isCard);
    const undoSend = actionsOf(cardOf(undoPlan)).find((a) => a.title === 'Send for approval')!;
    const refused = await alex.sendSubmit({ ...(undoSend.data as object), justification: 'not mine' });
    expect(refused.replies.map((a) => a.text).join(' ')).toMatch(/Only Adele Vance/);
    expect(await lastRefusal()).toMatchObject({
      actor: { id: ALEX.aadObjectId },
      data: {
        operation: 'fix.confirm',
        code: 'not-requester',
        draftKind: 'undo',
        owner: ADELE.aadObjectId,
        undoOf: expect.any(String),
      },
    });
  });

  it("a non-admin's `register approvals channel` is refused and audited", async () => {
    const r = await adele.sendText('register approvals channel');
    expect(r.replies.map((a) => a.text).join(' ')).toMatch(/Only bot admins/);
    expect(await lastRefusal()).toMatchObject({
      actor: { id: ADELE.aadObjectId },
      data: { operation: 'register approvals channel', code: 'not-admin' },
    });
    expect((await h.audit.verify()).ok).toBe(true);
  });
});
