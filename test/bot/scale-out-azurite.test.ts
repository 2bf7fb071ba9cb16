import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient, type ProtocolAccount } from '../../src/cli/chat/protocol-client.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import type { AuditLog } from '../../src/core/audit/audit-log.js';
import type { RecordStore } from '../../src/core/storage/record-store.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startAzurite, startAzuriteTables, type Azurite } from '../helpers/azurite.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import {
  ALEX,
  APPROVER_GROUP,
  DEMO_FIXTURE,
  LYNNE,
  MEGAN,
  actionsOf,
  cardJson,
  cardOf,
  executeInvoke,
  invokeBody,
} from './approval-harness.js';
import { isCard } from '../helpers/card-assertions.js';

// Two real bot processes (`src/index.ts`) share one Azurite container for bot state and every
// record store (approvals, contacts, drafts, audit), and one emulator for Azure. People talk to
// different instances; the approval rules must hold across them.

const policyAdds = (emu: RunningEmulator) =>
  emu.requestLog.filter((r) => r.method === 'PUT' && /\/accessPolicies\/add$/.test(r.path)).length;
const alexPolicy = (emu: RunningEmulator) =>
  emu.state.vault('kv-payments')!.properties.accessPolicies?.find((p) => p.objectId === ALEX.aadObjectId);

describe.each(['table', 'blob'] as const)(
  'scale-out: two bot processes sharing Azurite %s storage (four-eyes approval across instances)',
  (kind) => {
    let azurite: Azurite;
    let emu: RunningEmulator;
    let dataDir: string;
    let botA: BotProcess | undefined;
    let botB: BotProcess | undefined;
    let approvals: RecordStore<ApprovalRequest>;
    let audit: AuditLog;
    const clients: ProtocolClient[] = [];
    let alex: ProtocolClient;
    let megan: ProtocolClient;
    let lynne: ProtocolClient;

    /** A 1:1 conversation with one instance, greeted so that instance stores the reference in blob storage. */
    async function chat(user: ProtocolAccount, bot: BotProcess): Promise<ProtocolClient> {
      const client = await ProtocolClient.start({
        botUrl: bot.messagesUrl,
        user,
        conversationId: `a:1on1-${user.id}`,
        timeoutInMs: 20_000,
      });
      clients.push(client);
      const hello = await client.sendText('hello');
      expect(hello.status, `${user.name} → ${bot.name}: ${bot.log()}`).toBe(200);
      expect(hello.replies.length).toBeGreaterThan(0);
      return client;
    }

    /** Alex (on instance A) asks for `operation` on kv-payments and confirms; returns what the confirm turn said. */
    async function requestFix(operation: string, justification: string): Promise<string> {
      const proposed = await alex.sendSubmit({
        kvbot: 'fix.propose',
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principal: ALEX.aadObjectId,
        operation,
      });
      const plan = proposed.replies.find(isCard);
      expect(cardJson(plan), botA!.log()).toContain('accessPolicies/add?api-version=');
      const send = actionsOf(cardOf(plan)).find((a) => a.title === 'Send for approval');
      expect(send, cardJson(plan)).toBeDefined();
      const confirmed = await alex.sendSubmit({ ...(send!.data as object), justification, grantHours: '0' });
      return confirmed.replies.map((r) => r.text ?? '').join(' ');
    }

    /** The Approve action of the approval card `client` received (from index `from`) for the request with this justification. */
    async function approveAction(
      client: ProtocolClient,
      from: number,
      justification: string,
    ): Promise<Record<string, unknown>> {
      const card = await client.waitFor((a) => isCard(a) && cardJson(a).includes(justification), { from });
      const approve = actionsOf(cardOf(card)).find((a) => a.title === 'Approve');
      expect(approve?.verb, cardJson(card)).toBe('approval.decide');
      return approve!.data as Record<string, unknown>;
    }

    beforeAll(async () => {
      azurite = kind === 'table' ? await startAzuriteTables() : await startAzurite();
      emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
      dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-scale-out-'));
      // Container names: lowercase letters, digits and hyphens; BlobsStorage adds "-state".
      const container = `scale-${randomUUID().slice(0, 8)}`;
      const tablePrefix = `scale${randomUUID().slice(0, 8).replace(/-/g, '')}`;
      const env = {
        KVBOT_STORAGE: kind,
        KVBOT_STORAGE_TABLE_PREFIX: tablePrefix,
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        KVBOT_STORAGE_CONTAINER: container,
        KVBOT_EMULATOR_URL: emu.url,
        KVBOT_EMULATOR_CA: emu.caFile,
        KVBOT_APPROVER_GROUP_ID: APPROVER_GROUP,
        KVBOT_DATA_DIR: dataDir,
        KVBOT_WATCH_KNOWLEDGE: 'false',
        // info, not warn: with PORT=0 the helper reads the bound URL from the "bot listening" line.
        LOG_LEVEL: 'info',
      };
      [botA, botB] = await Promise.all([
        startBotProcess({ name: 'bot A', env }),
        startBotProcess({ name: 'bot B', env }),
      ]);
      // The test reads the same container as the bots, to check the stored request and the audit chain.
      const storage = createStorageFactory({
        dataDir,
        storage: { kind, connectionString: azurite.connectionString, container, tablePrefix },
      });
      approvals = storage.recordStore<ApprovalRequest>('approvals');
      audit = createAuditLog(storage);
      // Megan talks to instance B only; Alex and Lynne to instance A only.
      megan = await chat(MEGAN, botB);
      lynne = await chat(LYNNE, botA);
      alex = await chat(ALEX, botA);
    }, 240_000);

    afterAll(async () => {
      for (const c of clients) await c.close();
      await Promise.all([botA?.stop(), botB?.stop()]);
      await emu?.close();
      await azurite?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, 30_000);

    it('runs as two separate processes on the shared storage, both healthy', () => {
      expect(botA!.pid).not.toBe(botB!.pid);
      expect(botA!.port).not.toBe(botB!.port);
      for (const bot of [botA!, botB!]) {
        expect(bot.log()).toMatch(
          kind === 'table'
            ? /"message":"storage","where":"table:http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/scale/
            : /"message":"storage","where":"blob:scale-/,
        );
        expect(bot.log()).not.toContain('SANDBOX MODE');
      }
    });

    it('a request made on instance A reaches Megan (who only ever talked to B), and her approval on B applies it once; A tells Alex', async () => {
      const justification = `scale-out cross-instance ${randomUUID()}`;
      const meganFrom = megan.received.length;
      const alexFrom = alex.received.length;
      const adds = policyAdds(emu);
      expect(alexPolicy(emu)).toBeUndefined();

      const said = await requestFix('secrets/list', justification);
      expect(said).toMatch(/Sent for approval to .*Megan Bowen/);
      expect(said).toContain('Lynne Robbins');
      const data = await approveAction(megan, meganFrom, justification);
      expect(policyAdds(emu)).toBe(adds);

      const decided = await megan.send(executeInvoke('approval.decide', { ...data, comment: 'approved on B' }));
      expect(decided.status, botB!.log()).toBe(200);
      expect(JSON.stringify(invokeBody(decided.body).value)).toContain('Applied by Megan Bowen');
      expect(policyAdds(emu)).toBe(adds + 1);
      expect(alexPolicy(emu)?.permissions.secrets).toEqual(['list']);

      const done = await alex.waitFor((a) => cardJson(a).includes('Done:'), { from: alexFrom });
      expect(cardJson(done)).toContain('Verified on kv-payments');
      const stored = await approvals.get(String(data.requestId));
      expect(stored?.value.status).toBe('applied');
      expect(stored?.value.decisions.map((d) => d.by.name)).toEqual(['Megan Bowen']);
    });

    it('Megan approving on B and Lynne approving on A at the same moment apply the fix exactly once; the other is refused as already decided', async () => {
      const justification = `scale-out race ${randomUUID()}`;
      const meganFrom = megan.received.length;
      const lynneFrom = lynne.received.length;
      const alexFrom = alex.received.length;
      const said = await requestFix('secrets/get', justification);
      expect(said).toMatch(/Sent for approval to .*Megan Bowen/);
      const [meganData, lynneData] = await Promise.all([
        approveAction(megan, meganFrom, justification),
        approveAction(lynne, lynneFrom, justification),
      ]);
      expect(meganData.requestId).toBe(lynneData.requestId);
      const requestId = String(meganData.requestId);
      const adds = policyAdds(emu);

      const [onB, onA] = await Promise.all([
        megan.send(executeInvoke('approval.decide', meganData)),
        lynne.send(executeInvoke('approval.decide', lynneData)),
      ]);
      expect([onB.status, onA.status]).toEqual([200, 200]);
      const texts = [onB, onA].map((r) => JSON.stringify(invokeBody(r.body).value));
      // The winner's card says "Approved and applied"; the loser's carries a "Refused:" notice (its
      // status line may already show the winner's apply).
      const applied = texts.filter((t) => t.includes('Approved and applied'));
      const refused = texts.filter((t) => t.includes('Refused:'));
      expect(applied, texts.join('\n')).toHaveLength(1);
      expect(refused, texts.join('\n')).toHaveLength(1);
      expect(refused[0]).toContain('already decided');

      // Exactly one PUT .../accessPolicies/add reached "Azure", and the policy is there.
      expect(policyAdds(emu)).toBe(adds + 1);
      expect(alexPolicy(emu)?.permissions.secrets).toEqual(expect.arrayContaining(['get', 'list']));

      // The stored request has one decision, by whoever won, and was applied once.
      const stored = (await approvals.get(requestId))?.value;
      expect(stored?.status).toBe('applied');
      expect(stored?.decisions).toHaveLength(1);
      const winner = stored!.decisions[0]!.by.name;
      expect(applied[0]).toContain(`Applied by ${winner}`);
      expect(refused[0]).toContain(`already decided by ${winner} (approved)`);

      // Both posted approval cards (each sent by A, into conversations B or A know) are now read-only and show the winner.
      for (const approver of [megan, lynne]) {
        expect(
          approver.updates.some(
            (u) =>
              cardJson(u).includes(requestId) &&
              cardJson(u).includes(`Applied by ${winner}`) &&
              actionsOf(cardOf(u)).length === 0,
          ),
          approver.user.name,
        ).toBe(true);
      }

      // Alex (on A) is told it was applied, once.
      const done = await alex.waitFor(
        (a) => cardJson(a).includes('Done:') && cardJson(a).includes(`Approved by ${winner}`),
        { from: alexFrom },
      );
      expect(cardJson(done)).toContain('Verified on kv-payments');
      expect(alex.received.slice(alexFrom).filter((a) => cardJson(a).includes('Done:'))).toHaveLength(1);

      // The shared audit chain (appended to by both processes) verifies and tells the same story.
      const verification = await audit.verify();
      expect(verification, JSON.stringify(verification)).toMatchObject({ ok: true });
      const events = await audit.list({ requestId });
      expect(events.filter((e) => e.type === 'decision')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'apply' && e.data.phase === 'claimed')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'apply' && e.data.phase === 'applied')).toHaveLength(1);
      const refusals = events.filter((e) => e.type === 'refusal');
      expect(refusals.map((e) => e.data.code)).toEqual(['already-decided']);
      expect(refusals[0]!.actor.name).not.toBe(winner);
    });

    it('neither process logged an error or a warning (other than the local-development unauthenticated notice)', () => {
      for (const bot of [botA!, botB!]) {
        const problems = bot.logLines('warn').filter((l) => !String(l.message).startsWith('MicrosoftAppId is not set'));
        expect(problems, bot.log()).toEqual([]);
      }
    });

    it('both processes stop on SIGTERM with exit code 0', async () => {
      const [a, b] = await Promise.all([botA!.stop(), botB!.stop()]);
      expect(a, botA!.log()).toEqual({ code: 0, signal: null });
      expect(b, botB!.log()).toEqual({ code: 0, signal: null });
    });
  },
);
