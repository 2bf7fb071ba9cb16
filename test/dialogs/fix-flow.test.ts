import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { wireApprovals } from '../../src/app/wire-approvals.js';
import { createBot } from '../../src/adapters/bot/create-bot.js';
import type { StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import type { Entitlement, EntitlementChecker } from '../../src/core/approvals/entitlement-checker.js';
import type { ProactiveMessenger, StoredReference } from '../../dialogs/proactive-messenger.js';
import { parseGroupAccessText } from '../../dialogs/fix/fix-text.js';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { memoryStorageFactory } from '../helpers/memory-record-store.js';
import { ALEX, MEGAN, scenario } from '../fixes/scenario.js';

/** Records proactive sends and updates instead of calling a channel. */
class RecordingMessenger implements Pick<ProactiveMessenger, 'send' | 'update' | 'continue'> {
  readonly sent: Array<{ to: string | undefined; activity: Partial<Activity> }> = [];
  readonly updated: Array<{ activityId: string; activity: Partial<Activity> }> = [];
  async send(reference: StoredReference, activity: Partial<Activity>): Promise<string> {
    this.sent.push({ to: reference.conversation?.id, activity });
    return `sent-${this.sent.length}`;
  }
  async update(_reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    this.updated.push({ activityId, activity });
  }
  /** No proactive turns: these tests pass no fix-event hook. */
  async continue(): Promise<void> {}
}

/** Megan may approve; nobody else. */
const entitlements: EntitlementChecker = {
  async isEntitledApprover(userId: string): Promise<Entitlement> {
    return userId === MEGAN
      ? { entitled: true, reason: 'Owner on the subscription' }
      : { entitled: false, reason: 'no approver role' };
  },
};

function memoryStorage(): StorageFactory {
  return memoryStorageFactory();
}

function setup() {
  const { state, directory } = scenario();
  const storage = memoryStorage();
  const clock = { now: Date.parse('2025-06-02T09:00:00Z') };
  const audit = new AuditLog({
    records: storage.recordStore('audit'),
    hash: sha256Hex,
    clock: () => new Date(clock.now),
  });
  const messenger = new RecordingMessenger();
  const feature = wireApprovals({
    config: { approvals: { ttlInMs: 3_600_000 }, auth: { appType: 'MultiTenant' }, escalation: { adminIds: [] } },
    storage,
    directory,
    audit,
    messenger,
    entitlements,
    clock: () => new Date(clock.now),
    startTimer: false,
  });
  const { bot } = createBot({
    knowledge: new FakeKnowledge(),
    stores: memoryFeedbackStores(),
    storage: storage.botStorage(),
    extensions: feature.extensions,
  });
  const adapter = new TestAdapter((ctx) => bot.run(ctx)).use(feature.middleware);
  const as =
    (aad: string, name: string, conv = `conv-${name}`) =>
    (a: Partial<Activity>): Partial<Activity> => ({
      ...a,
      from: { id: `id-${name}`, name, aadObjectId: aad },
      conversation: { id: conv, conversationType: 'personal' } as Activity['conversation'],
    });
  return {
    state,
    directory,
    feature,
    adapter,
    messenger,
    clock,
    audit,
    asAlex: as(ALEX, 'Alex Wilber'),
    asMegan: as(MEGAN, 'Megan Bowen'),
  };
}

/** Sends one activity and collects the bot's replies of that turn. */
async function turn(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  await adapter
    .processActivity({ type: 'message', channelId: 'msteams', ...activity } as Activity, undefined)
    .catch((e: unknown) => {
      throw e;
    });
  let next: Partial<Activity> | undefined;
  while ((next = adapter.activeQueue.shift())) replies.push(next);
  return replies;
}

const cardText = (a: Partial<Activity> | undefined) => JSON.stringify(a?.attachments?.[0]?.content ?? {});
const actions = (a: Partial<Activity> | undefined) =>
  (a?.attachments?.[0]?.content as { actions?: Array<Record<string, unknown>> } | undefined)?.actions ?? [];

describe('the fix flow in the dialogs (fakes: directory, storage, messenger)', () => {
  it('asks which group when the name matches several, and plans for the one picked', async () => {
    const t = setup();
    const replies = await turn(
      t.adapter,
      t.asAlex({ text: 'give group Payments Devs access to kv-payments to list secrets' }),
    );
    const picker = replies.find((r) => cardText(r).includes('Which group do you mean?'))!;
    expect(actions(picker)).toHaveLength(2);
    const pick = actions(picker).find((a) => !String(a.title).includes('not a security group'))!;
    const planned = await turn(t.adapter, t.asAlex({ value: pick.data }));
    expect(cardText(planned[0])).toContain('Proposed fix');
    expect(cardText(planned[0])).toContain('(none) → list');
  });

  it('says clearly when no group has that name', async () => {
    const t = setup();
    const replies = await turn(t.adapter, t.asAlex({ text: 'give group Nobody Here access to kv-payments' }));
    expect(replies.map((r) => r.text).join(' ')).toMatch(/No .*group.*Nobody Here|Nobody Here.*not found|no group/i);
    expect(replies.map((r) => r.text).join(' ')).toContain('exact display name');
  });

  it('shows the managed-identity warning and preselects "for 8 hours" from the words', async () => {
    const t = setup();
    const replies = await turn(
      t.adapter,
      t.asAlex({ text: 'give group Team KV Readers access to kv-payments for 8 hours' }),
    );
    const plan = replies.find((r) => cardText(r).includes('Proposed fix'))!;
    expect(cardText(plan)).toContain('Managed identities in a group');
    expect(cardText(plan)).toContain('"id":"grantHours"');
    expect(cardText(plan)).toContain('"value":"8"');
  });

  it('will not send a plan without a justification, nor let someone else confirm it', async () => {
    const t = setup();
    await turn(t.adapter, t.asMegan({ text: 'hello' }));
    const plan = (
      await turn(
        t.adapter,
        t.asAlex({
          value: {
            kvbot: 'fix.propose',
            fix: 'grant-access-policy',
            vault: 'kv-payments',
            principal: ALEX,
            operation: 'secrets/list',
          },
        }),
      )
    )[0];
    const send = actions(plan).find((a) => a.title === 'Send for approval')!;
    const empty = await turn(t.adapter, t.asAlex({ value: { ...(send.data as object), justification: '   ' } }));
    expect(empty[0]?.text).toContain('justification');
    const other = await turn(t.adapter, t.asMegan({ value: { ...(send.data as object), justification: 'me too' } }));
    expect(other[0]?.text).toContain('Only Alex Wilber');
    expect(await t.feature.approvals.list()).toHaveLength(0);
    const ok = await turn(t.adapter, t.asAlex({ value: { ...(send.data as object), justification: 'incident 42' } }));
    expect(ok[0]?.text).toContain('Sent for approval to Megan Bowen');
    const twice = await turn(
      t.adapter,
      t.asAlex({ value: { ...(send.data as object), justification: 'incident 42' } }),
    );
    expect(twice[0]?.text).toContain('already sent for approval');
    expect(await t.feature.approvals.list()).toHaveLength(1);
  });

  it('the approval card refreshes to buttons for an approver and to the status for the requester', async () => {
    const t = setup();
    await turn(t.adapter, t.asMegan({ text: 'hello' }));
    const plan = (
      await turn(
        t.adapter,
        t.asAlex({
          value: {
            kvbot: 'fix.propose',
            fix: 'grant-access-policy',
            vault: 'kv-payments',
            principal: ALEX,
            operation: 'secrets/list',
          },
        }),
      )
    )[0];
    await turn(
      t.adapter,
      t.asAlex({
        value: {
          ...(actions(plan).find((a) => a.title === 'Send for approval')!.data as object),
          justification: 'incident 42',
        },
      }),
    );
    const [request] = await t.feature.approvals.list();
    const refresh = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approval.refresh', data: { requestId: request!.id } } },
    };
    const forMegan = (await turn(t.adapter, t.asMegan(refresh as Partial<Activity>)))[0];
    const forAlex = (await turn(t.adapter, t.asAlex(refresh as Partial<Activity>)))[0];
    const body = (a: Partial<Activity> | undefined) =>
      (a?.value as { body: { value: { actions?: unknown[] } } }).body.value;
    expect(body(forMegan).actions).toHaveLength(2);
    expect(body(forAlex).actions ?? []).toHaveLength(0);
  });

  it('revokes a time-limited grant when its time is up and tells the requester', async () => {
    const t = setup();
    await turn(t.adapter, t.asMegan({ text: 'hello' }));
    const plan = (
      await turn(
        t.adapter,
        t.asAlex({
          value: {
            kvbot: 'fix.propose',
            fix: 'grant-access-policy',
            vault: 'kv-payments',
            principal: ALEX,
            operation: 'secrets/list',
          },
        }),
      )
    )[0];
    const before = structuredClone(t.state.vaults[0]!.accessPolicies);
    await turn(
      t.adapter,
      t.asAlex({
        value: {
          ...(actions(plan).find((a) => a.title === 'Send for approval')!.data as object),
          justification: 'incident 42',
          grantHours: '8',
        },
      }),
    );
    const [request] = await t.feature.approvals.list();
    expect(request).toMatchObject({ grantHours: 8 });
    // Approved 50 minutes later (this setup's requests wait an hour): the 8 hours run from then.
    t.clock.now += 50 * 60_000;
    await turn(
      t.adapter,
      t.asMegan({
        value: { kvbot: 'approval.decide', requestId: request!.id, version: request!.version, decision: 'approve' },
      }),
    );
    expect(t.state.vaults[0]!.accessPolicies).not.toEqual(before);
    expect((await t.feature.approvals.list())[0]!.grantExpiresAt).toBe('2025-06-02T17:50:00.000Z');
    expect(await t.feature.workflow.revokeDue()).toHaveLength(0);
    t.clock.now += 8 * 3_600_000 - 1;
    expect(await t.feature.workflow.revokeDue()).toHaveLength(0);
    t.clock.now += 1;
    const revoked = await t.feature.workflow.revokeDue();
    expect(revoked.map((r) => r.status)).toEqual(['undone']);
    expect(t.state.vaults[0]!.accessPolicies).toEqual(before);
    expect(t.messenger.sent.at(-1)?.activity.text).toContain('time-limited access ended');
    expect((await t.audit.verify()).ok).toBe(true);
  });
});

describe('the typed request "give group <name> access to <vault>"', () => {
  it('reads group, vault, operations and duration, and ignores other sentences', () => {
    expect(
      parseGroupAccessText('Give group "Payments Readers" access to kv-payments to list secrets for 8 hours'),
    ).toEqual({
      request: {
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: 'Payments Readers',
        operations: ['secrets/list'],
      },
      grantHours: 8,
      defaulted: false,
    });
    expect(parseGroupAccessText('grant group Orders Team read access to kv-orders')?.request).toMatchObject({
      group: 'Orders Team',
      vault: 'kv-orders',
      operations: ['secrets/get', 'secrets/list'],
    });
    expect(parseGroupAccessText("why can't I list secrets in kv-payments?")).toBeUndefined();
  });
});
