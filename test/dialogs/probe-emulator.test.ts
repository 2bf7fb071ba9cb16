import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DialogTestClient } from 'botbuilder-testing';
import type { Activity } from 'botbuilder';
import { loadConfig } from '../../src/config.js';
import { createAzureDirectoryFromConfig } from '../../src/adapters/azure/index.js';
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../dialogs/probe/probe-consent.js';
import { SANDBOX_MARK } from '../../dialogs/probe/result-card.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { button, textOf } from '../helpers/card-assertions.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { testConversation } from '../helpers/test-conversation.js';

const person = (n: string, name: string) => ({ id: `user-${n}`, name, aadObjectId: `00000000-0000-0000-0000-00000000000${n}` });
const ALEX = person('20', 'Alex Wilber');
const MEGAN = person('21', 'Megan Bowen');
const ADELE = person('22', 'Adele Vance');
const PATTI = person('24', 'Patti Fernandez');
const LYNNE = person('25', 'Lynne Robbins');
const APPROVER_GROUP = 'a1000000-0000-4000-8000-000000000004';

let emu: RunningEmulator;
let directory: AzureDirectory;

beforeAll(async () => {
  emu = await startEmulator({ fixture: 'fixtures/demo-tenant.json', port: 0 });
  directory = await createAzureDirectoryFromConfig(loadConfig({}).azure, {
    emulatorUrl: emu.url, emulatorCaPem: emu.caPem, subscriptionIds: emu.state.fixture.subscriptions.map((s) => s.subscriptionId),
    retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  });
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(() => {
  emu.requestLog.length = 0;
});

function client() {
  const routes = createProbeRoutes({
    probes: new ProbeService(directory),
    consents: new MemoryRecordStore<ProbeConsent>(),
    isApprover: vaultApproverCheck(directory, { approverGroupId: APPROVER_GROUP }),
    identity: { sandbox: directory.sandbox, botName: 'KV Bot' },
  });
  const conv = testConversation(routes);
  return new DialogTestClient('msteams', conv.mainDialog, undefined, [], conv.conversationState);
}

async function turn(c: DialogTestClient, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  let r = await c.sendActivity(activity);
  while (r) {
    replies.push(r);
    r = c.getNextReply();
  }
  return replies.filter((a) => a.type !== 'typing');
}

const say = (text: string, from = ALEX): Partial<Activity> => ({ type: 'message', text, from });
const click = (value: unknown, from = ALEX): Partial<Activity> => ({ type: 'message', value, from });

/** Every request is a read: GET, or a Graph POST that only reads (getByIds, getMemberObjects/Groups). */
function expectOnlyReads(): void {
  expect(emu.requestLog.length).toBeGreaterThan(0);
  for (const r of emu.requestLog) {
    const graphRead = r.method === 'POST' && /^\/v1\.0\/(directoryObjects\/getByIds|(users|groups|servicePrincipals|directoryObjects)\/[^/]+\/(getMemberObjects|getMemberGroups|checkMemberGroups|checkMemberObjects))$/.test(r.path);
    expect(r.method === 'GET' || graphRead, `${r.method} ${r.path}`).toBe(true);
    // Management plane and Graph only: never a vault's data plane (secrets, keys, certificates).
    expect(r.path, `${r.method} ${r.path}`).toMatch(/^\/(subscriptions|providers|v1\.0)\//);
    expect(r.path).not.toMatch(/\/vaults\/[^/]+\/(secrets|keys|certificates)\b/i);
  }
}

describe('probes in chat against the emulator (real ProbeService and Azure adapter)', () => {
  it('the consent card and Cancel make no request; Run reads only, and Alex is denied secrets/list on kv-payments', async () => {
    const c = client();
    const [consent] = await turn(c, say("I can't list secrets in kv-payments"));
    expect(textOf(consent)).toContain('Identity used: the sandbox emulator');
    expect(emu.requestLog).toEqual([]);

    const [cancelled] = await turn(c, click(button(consent, 'Cancel').data));
    expect(cancelled?.text).toMatch(/Cancelled/);
    expect(emu.requestLog).toEqual([]);

    const [again] = await turn(c, say("I can't list secrets in kv-payments"));
    expect(emu.requestLog).toEqual([]);
    const [result] = await turn(c, click(button(again, 'Run').data));
    const text = textOf(result);
    expect(text).toContain(SANDBOX_MARK);
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expect(text).toMatch(/No access policy on kv-payments names Alex Wilber/);
    expect(button(result, /grant the missing access-policy permission/).data).toMatchObject({ kvbot: 'fix.propose', fix: 'grant-access-policy', vault: 'kv-payments' });
    expectOnlyReads();
  });

  it('Alex is allowed secrets/list on kv-orders through Key Vault Reader at rg-orders', async () => {
    const c = client();
    const [consent] = await turn(c, say('check my access to kv-orders'));
    const [result] = await turn(c, click(button(consent, 'Run').data));
    const text = textOf(result);
    expect(text).toContain('✅ allowed — permission-check: secrets/list on kv-orders');
    expect(text).toMatch(/Role assignment: Key Vault Reader at resource group 'rg-orders' applies to Alex Wilber/);
    expectOnlyReads();
  });

  it('a vault the bot may not read is an actionable undetermined result', async () => {
    const c = client();
    const [consent] = await turn(c, say('check my access to kv-restricted'));
    const [result] = await turn(c, click(button(consent, 'Run').data));
    const text = textOf(result);
    expect(text).toContain('❔ undetermined');
    expect(text).toMatch(/not found in the subscriptions the bot is configured for|lacks read rights/);
    expect(text).toMatch(/Check the vault name and try again/);
  });
});

describe('who is an approver of a vault (live through the emulator)', () => {
  const check = () => vaultApproverCheck(directory, { approverGroupId: APPROVER_GROUP });

  it.each([
    [MEGAN, 'kv-payments', true, 'member of the approver group'],
    [LYNNE, 'kv-payments', true, 'approver group (and User Access Administrator at rg-payments)'],
    [PATTI, 'kv-payments', true, 'Key Vault Contributor on the vault'],
    [PATTI, 'kv-orders', false, 'her Key Vault Contributor is on another vault'],
    [ADELE, 'kv-payments', false, 'only a data reader through a group'],
    [ALEX, 'kv-orders', false, 'Key Vault Reader is not an approver role'],
  ])('%s on %s → %s (%s)', async (who, vault, expected) => {
    expect(await check()({ objectId: who.aadObjectId }, vault)).toBe(expected);
  });

  it('without the approver group configured, a role on the vault still counts and the group does not', async () => {
    const noGroup = vaultApproverCheck(directory);
    expect(await noGroup({ objectId: PATTI.aadObjectId }, 'kv-payments')).toBe(true);
    expect(await noGroup({ objectId: LYNNE.aadObjectId }, 'kv-orders')).toBe(false);
  });

  it("an approver's Run of someone else's check runs it; a non-approver's is refused before any access read", async () => {
    const c = client();
    const [consent] = await turn(c, say(`can ${ALEX.aadObjectId} list secrets in kv-payments`, MEGAN));
    const [result] = await turn(c, click(button(consent, 'Run').data, MEGAN));
    expect(textOf(result)).toMatch(/⛔ denied[\s\S]*Alex Wilber/);

    const [adeleConsent] = await turn(c, say(`can ${ALEX.aadObjectId} list secrets in kv-payments`, ADELE));
    emu.requestLog.length = 0;
    const [refused] = await turn(c, click(button(adeleConsent, 'Run').data, ADELE));
    expect(refused?.text).toMatch(/Only approvers of kv-payments/);
    // Only the approver lookup ran: no access policies of anyone else were resolved.
    expect(emu.requestLog.some((r) => r.path.endsWith('/directoryObjects/getByIds'))).toBe(false);
  });
});
