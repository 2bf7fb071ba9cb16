/**
 * Probes and triage as src/index.ts wires them: every probe run and every refused probe goes to
 * the hash-chained audit log, and what probes and triage find lands in escalation's activity log
 * (escalation-hooks.ts), so an undetermined probe offers a person and the case carries the results.
 */
import { describe, expect, it } from 'vitest';
import { undeterminedCheck } from '../helpers/probe-results.js';
import { MemoryStorage, type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import { escalationHooks } from '../../src/app/escalation-hooks.js';
import { wireEscalation } from '../../src/app/wire-escalation.js';
import { mergeExtensions } from '../../src/app/merge-extensions.js';
import type { ProactiveMessenger } from '../../dialogs/proactive-messenger.js';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import { loadConfig } from '../../src/config.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import type { AuditHead } from '../../src/core/audit/audit-chain.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import type { ProbeArgs } from '../../src/core/probes/probe-args.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import { probeRoutes } from '../../src/app/wire-probes.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { button, textOf } from '../helpers/card-assertions.js';
import { MemoryRecordStore, memoryStorageFactory } from '../helpers/memory-record-store.js';
import { dialogClient, shownReplies, testConversation } from '../helpers/test-conversation.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

const ALEX = ACCOUNTS.alex;
const MEGAN_ID = ACCOUNTS.megan.aadObjectId;

/** Denied on kv-payments, undetermined on kv-gone (Azure could not be read) and kv-paymnets (a typo), allowed elsewhere. */
class FakeProbes {
  calls = 0;
  async run(name: string, args: ProbeArgs): Promise<ProbeResult> {
    this.calls++;
    const undetermined = (reason: string, extra: Record<string, unknown> = {}) =>
      undeterminedCheck(args.vault, reason, extra);
    if (args.vault === 'kv-paymnets')
      return undetermined(
        'Vault kv-paymnets was not found in the subscriptions the bot is configured for. Did you mean kv-payments?',
        { similarVaults: ['kv-payments'] },
      );
    if (args.vault === 'kv-gone') return undetermined('Azure answered 503 ServiceUnavailable three times.');
    const denied = args.vault === 'kv-payments';
    return {
      probe: 'permission-check',
      vault: args.vault,
      model: 'access-policy',
      sandbox: true,
      operation: args.operation ?? 'secrets/list',
      verdict: denied ? 'denied' : 'allowed',
      reason: denied ? `No access policy on ${args.vault} names ${args.principal}.` : 'ok',
      evidence: [],
      fixes: denied ? ['grant-access-policy'] : [],
    };
  }
}

class SilentSender implements Pick<ProactiveMessenger, 'send' | 'update' | 'members'> {
  async send(_r: Partial<ConversationReference>, _a: Partial<Activity>): Promise<string> {
    return 'x';
  }
  async update(): Promise<void> {}
  async members(): Promise<ChannelAccount[]> {
    return [];
  }
}

const AP_DENIAL = `{"error":{"code":"Forbidden","message":"The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-000000000020;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000001/' does not have secrets list permission on key vault 'kv-payments;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"AccessDenied"}}}`;

function setup() {
  const storage = memoryStorageFactory();
  const audit = new AuditLog({
    records: new MemoryRecordStore<AuditRecord>(),
    head: new MemoryRecordStore<AuditHead>(),
    hash: sha256Hex,
  });
  const escalation = wireEscalation({
    config: loadConfig({ KVBOT_KNOWLEDGE_DIR: '/nonexistent-kb' }),
    storage,
    botStorage: new MemoryStorage(),
    messenger: new SilentSender(),
  });
  const hooks = escalationHooks(escalation.escalations);
  const probes = new FakeProbes();
  const routes = probeRoutes({
    probes,
    consents: new MemoryRecordStore<ProbeConsent>(),
    identity: { sandbox: true, botName: 'KV Bot' },
    isApprover: () => false,
    audit,
    onProbeResult: hooks.onProbeResult,
    onTriage: hooks.onTriage,
  });
  const conv = testConversation(mergeExtensions(escalation.extensions, routes));
  const client = dialogClient(conv);
  const turn = (activity: Partial<Activity>) => shownReplies(client, { from: ALEX as Activity['from'], ...activity });
  const say = (text: string) => turn({ type: 'message', text });
  const click = (value: unknown) => turn({ type: 'message', value });
  return { audit, escalation, probes, say, click };
}

const offerIn = (replies: Partial<Activity>[]) => replies.find((r) => textOf(r).includes('I can open a case'));

describe('probes and triage feed the audit log and the escalation packet', () => {
  it('a probe run is audited with actor, vault, probe, principal, operation and verdict; a refused probe too', async () => {
    const t = setup();
    const [consent] = await t.say("I can't list secrets in kv-payments");
    await t.click(button(consent, 'Run').data);
    const [other] = await t.say(`can ${MEGAN_ID} read secrets in kv-payments`);
    const [refusal] = await t.click(button(other, 'Run').data);
    expect(refusal?.text).toMatch(/Only approvers of kv-payments/);
    expect(t.probes.calls).toBe(1);

    const records = await t.audit.list({ type: 'probe' });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      actor: { id: ALEX.aadObjectId, name: 'Alex Wilber' },
      vault: 'kv-payments',
      data: { probe: 'permission-check', principal: ALEX.aadObjectId, operation: 'secrets/list', verdict: 'denied' },
    });
    expect(records[1]).toMatchObject({
      actor: { id: ALEX.aadObjectId },
      vault: 'kv-payments',
      data: {
        probe: 'permission-check',
        principal: MEGAN_ID,
        operation: 'secrets/get',
        verdict: 'refused',
        refused: true,
      },
    });
    expect((await t.audit.verify()).ok).toBe(true);
  });

  it('an undetermined probe offers a person (probe-failed); the case carries the triage and every probe result', async () => {
    const t = setup();
    const triaged = await t.say(AP_DENIAL);
    expect(offerIn(triaged)).toBeUndefined();
    const [denied] = await t.say("I can't list secrets in kv-payments");
    const deniedRun = await t.click(button(denied, 'Run').data);
    expect(offerIn(deniedRun)).toBeUndefined(); // a clear answer needs no person
    const [consent] = await t.say('check my access to kv-gone');
    const ran = await t.click(button(consent, 'Run').data);
    expect(textOf(ran[0])).toContain('undetermined');
    const offer = offerIn(ran);
    expect(offer).toBeDefined();
    expect(button(offer!, 'Open a case').data).toMatchObject({ kvbot: 'case.open', trigger: 'probe-failed' });
    expect(textOf(offer)).toContain('what the access checks found');
    expect(textOf(offer)).toContain('the error analysis');

    await t.click(button(offer!, 'Open a case').data);
    const [opened] = await t.escalation.service.listForUser(ALEX);
    expect(opened?.trigger).toBe('probe-failed');
    const results = opened!.packet.probeResults ?? [];
    expect(results.map((r) => (r.result as ProbeResult).verdict)).toEqual(['denied', 'undetermined']);
    expect(results[1]?.summary).toContain('503');
    expect(opened!.packet.triage).toMatchObject({ fields: { vault: 'kv-payments' } });
    expect(opened!.packet.vault?.name).toBe('kv-gone');
  });

  it('a vault name with a near name the bot found is a typo to correct, not a reason to offer a person', async () => {
    const t = setup();
    const [consent] = await t.say('check my access to kv-paymnets');
    const ran = await t.click(button(consent, 'Run').data);
    expect(textOf(ran[0])).toContain('Did you mean kv-payments?');
    expect(button(ran[0], 'Check kv-payments')).toBeDefined();
    expect(offerIn(ran)).toBeUndefined();
  });
});
