import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { SANDBOX_MARK } from '../../dialogs/probe/result-card.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { button, buttonsOf, textOf } from '../helpers/card-assertions.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';
import {
  expectOnlyReads,
  sandboxProbeRoutes,
  startSandboxAzure,
  type SandboxAzure,
} from '../helpers/sandbox-probes.js';
import { dialogClient, shownReplies, testConversation } from '../helpers/test-conversation.js';

const { alex: ALEX, megan: MEGAN, adele: ADELE, patti: PATTI, lynne: LYNNE } = ACCOUNTS;
const APPROVER_GROUP = 'a1000000-0000-4000-8000-000000000004';

let sandbox: SandboxAzure;
let emu: RunningEmulator;
let directory: AzureDirectory;

beforeAll(async () => {
  sandbox = await startSandboxAzure({ retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 } });
  ({ emu, directory } = sandbox);
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(() => {
  emu.requestLog.length = 0;
});

function client(): DialogTestClient {
  return dialogClient(
    testConversation(sandboxProbeRoutes(directory, { botName: 'KV Bot', approverGroupId: APPROVER_GROUP })),
  );
}

/** Alex asks in words in a new conversation and presses Run on the consent card; the text of the result. */
async function askAndRun(words: string): Promise<string> {
  const c = client();
  const [consent] = await shownReplies(c, say(words));
  const [result] = await shownReplies(c, click(button(consent, 'Run').data));
  return textOf(result);
}

const say = (text: string, from = ALEX): Partial<Activity> => ({ type: 'message', text, from });
const click = (value: unknown, from = ALEX): Partial<Activity> => ({ type: 'message', value, from });

describe('probes in chat against the emulator (real ProbeService and Azure adapter)', () => {
  it('the consent card and Cancel make no request; Run reads only, and Alex is denied secrets/list on kv-payments', async () => {
    const c = client();
    const [consent] = await shownReplies(c, say("I can't list secrets in kv-payments"));
    expect(textOf(consent)).toContain('Identity used: the sandbox emulator');
    expect(emu.requestLog).toEqual([]);

    const [cancelled] = await shownReplies(c, click(button(consent, 'Cancel').data));
    expect(cancelled?.text).toMatch(/Cancelled/);
    expect(emu.requestLog).toEqual([]);

    const [again] = await shownReplies(c, say("I can't list secrets in kv-payments"));
    expect(emu.requestLog).toEqual([]);
    const [result] = await shownReplies(c, click(button(again, 'Run').data));
    const text = textOf(result);
    expect(text).toContain(SANDBOX_MARK);
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expect(text).toMatch(/No access policy on kv-payments names Alex Wilber/);
    expect(button(result, /^Fix: grant permission$/).data).toMatchObject({
      kvbot: 'fix.propose',
      fix: 'grant-access-policy',
      vault: 'kv-payments',
    });
    expectOnlyReads(emu.requestLog);
  });

  it('Alex is allowed secrets/list on kv-orders through Key Vault Reader at rg-orders', async () => {
    const text = await askAndRun('check my access to kv-orders');
    expect(text).toContain('✅ allowed — permission-check: secrets/list on kv-orders');
    expect(text).toMatch(/Role assignment: Key Vault Reader at resource group 'rg-orders' applies to Alex Wilber/);
    expectOnlyReads(emu.requestLog);
  });

  it('a vault the bot may not read is an actionable undetermined result', async () => {
    const text = await askAndRun('check my access to kv-restricted');
    expect(text).toContain('❔ undetermined');
    expect(text).toMatch(/not found in the subscriptions the bot is configured for|lacks read rights/);
    expect(text).toMatch(/Check the vault name and try again/);
  });

  it('a mistyped vault name is not found, and the near names the listing saw are offered', async () => {
    const c = client();
    const [consent] = await shownReplies(c, say('check my access to kv-paymnets'));
    const [result] = await shownReplies(c, click(button(consent, 'Run').data));
    const text = textOf(result);
    expect(text).toContain('❔ undetermined');
    expect(text).toContain(
      'Vault kv-paymnets was not found in the subscriptions the bot is configured for. Did you mean kv-payments?',
    );
    // One press checks the near name (a new consent card for it), instead of retrying the typo.
    expect(buttonsOf(result).map((b) => b.title)).toEqual(['Check kv-payments', 'Talk to a person']);
    const [again] = await shownReplies(c, click(button(result, 'Check kv-payments').data));
    expect(textOf(again)).toContain('May I check kv-payments for you?');
    // A name nothing is near gets no suggestion: the bot does not list the vaults it can see.
    const far = await askAndRun('check my access to kv-ledger');
    expect(far).toContain('Vault kv-ledger was not found');
    expect(far).not.toContain('Did you mean');
    expect(far).toContain('Check the vault name and try again');
    expectOnlyReads(emu.requestLog);
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
    const [consent] = await shownReplies(c, say(`can ${ALEX.aadObjectId} list secrets in kv-payments`, MEGAN));
    const [result] = await shownReplies(c, click(button(consent, 'Run').data, MEGAN));
    expect(textOf(result)).toMatch(/⛔ denied[\s\S]*Alex Wilber/);

    const [adeleConsent] = await shownReplies(c, say(`can ${ALEX.aadObjectId} list secrets in kv-payments`, ADELE));
    emu.requestLog.length = 0;
    const [refused] = await shownReplies(c, click(button(adeleConsent, 'Run').data, ADELE));
    expect(refused?.text).toMatch(/Only approvers of kv-payments/);
    // Only the approver lookup ran: no access policies of anyone else were resolved.
    expect(emu.requestLog.some((r) => r.path.endsWith('/directoryObjects/getByIds'))).toBe(false);
  });
});
