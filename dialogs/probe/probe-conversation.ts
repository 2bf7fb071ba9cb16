/**
 * The probe conversation, one click at a time: show the consent card (nothing read yet), then on
 * Run show the result, on Cancel say that nothing was read. The use case (consents, who may run
 * what, the run and its audit) is `ConsentedProbes` in src/core/probes; this module only turns
 * its outcomes into messages and cards. Every refusal is a message a person can act on.
 */
import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import type { ClickRefusal, ConsentClick, ConsentedProbes } from '../../src/core/probes/consented-probes.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import { identityOf } from '../identity-of.js';
import { consentCard, type ConsentIdentity } from './consent-card.js';
import type { ProbeRequest } from './probe-request.js';
import { resultCard } from './result-card.js';

/** What the probe conversation works with. */
export interface ProbeConversationOptions {
  /** The use case (src/core/probes/consented-probes.ts). */
  probes: Pick<ConsentedProbes, 'offer' | 'run' | 'cancel'>;
  identity: ConsentIdentity;
  /**
   * Called after a probe ran and its result was shown, in the asker's turn (escalation keeps the
   * result for a case packet and offers a person when the result is undetermined). Passed in by
   * the composition root so that probes do not depend on escalation.
   */
  onProbeResult?: (
    context: TurnContext,
    result: ProbeResult,
    request: ProbeRequest & { vault: string },
  ) => Promise<void>;
}

/** The message for a user whose activity carries no Entra object id. */
export const NO_AAD_OBJECT_ID =
  "I can only run live checks for a signed-in Microsoft Teams user, and your message arrived without an Entra object id (from.aadObjectId), so I can't tell whose access to check. " +
  'Open me in Microsoft Teams signed in with your work account (not as a guest or from a bridged channel), or ask a person for help.';

function refusalText(refusal: ClickRefusal): string {
  switch (refusal.kind) {
    case 'invalid-button':
      return "Sorry, I couldn't use that button: it carries no valid check request id. It may come from an old card; ask me again.";
    case 'no-entra-id':
      return NO_AAD_OBJECT_ID;
    case 'unknown':
      return 'I don\'t know that check request: it may come from an old card or from before a reset. Nothing was read. Ask me again (e.g. "check my access to kv-payments") to get a new one.';
    case 'other-conversation':
      return 'That check request belongs to another conversation, so I did not run it. Nothing was read. Ask me here to get one of your own.';
    case 'other-user':
      return `Only ${refusal.requester.name ?? 'the person who asked'} can run or cancel that check: it reads Azure on their behalf. Nothing was read. Ask me yourself (e.g. "check my access to kv-payments") to check your own access.`;
    case 'expired':
      return `That check request for ${refusal.consent.vault} has expired, so I did not run it. Nothing was read. Ask me again to get a fresh one.`;
    case 'already-decided': {
      const c = refusal.consent;
      const what =
        c.status === 'cancelled' ? 'was cancelled' : c.status === 'refused' ? 'was refused' : 'has already been run';
      return `That check of ${c.vault} ${what}${c.decidedAt ? ` (${c.decidedAt})` : ''}; a consent is used only once, so I did not run it again. Ask me again to run a new check.`;
    }
  }
}

/** The click of this turn, as the use case sees it. */
function clickOf(context: TurnContext, value: Record<string, unknown>): ConsentClick {
  const conversationId = context.activity.conversation?.id;
  return { consentId: value.consent, person: identityOf(context), ...(conversationId ? { conversationId } : {}) };
}

/** Offers, runs and cancels probes in a conversation. */
export class ProbeConversation {
  constructor(private readonly options: ProbeConversationOptions) {}

  /** Shows the consent card for `request` (vault known). Reads nothing from Azure. */
  async offer(context: TurnContext, request: ProbeRequest & { vault: string }): Promise<void> {
    const outcome = await this.options.probes.offer(
      request,
      identityOf(context),
      context.activity.conversation?.id ?? 'unknown',
    );
    if (outcome.kind === 'no-entra-id') {
      await context.sendActivity(NO_AAD_OBJECT_ID);
      return;
    }
    await context.sendActivity(
      MessageFactory.attachment(consentCard(outcome.consent, this.options.identity, outcome.needsApprover)),
    );
  }

  /** "Run": the result card, or why the check did not run. */
  async run(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const outcome = await this.options.probes.run(clickOf(context, value), async () => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    });
    if (outcome.kind === 'refused') {
      await context.sendActivity(refusalText(outcome.refusal));
      return;
    }
    if (outcome.kind === 'not-allowed') {
      await context.sendActivity(`${outcome.reason} Nothing about ${outcome.consent.vault}'s access was read.`);
      return;
    }
    await context.sendActivity(MessageFactory.attachment(resultCard(outcome.result, outcome.shown)));
    await this.options.onProbeResult?.(context, outcome.result, outcome.shown);
  }

  /** "Cancel": says that nothing was read. */
  async cancel(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const outcome = await this.options.probes.cancel(clickOf(context, value));
    await context.sendActivity(
      outcome.kind === 'refused'
        ? refusalText(outcome.refusal)
        : `Cancelled. I did not read anything from Azure about ${outcome.consent.vault}.`,
    );
  }
}
