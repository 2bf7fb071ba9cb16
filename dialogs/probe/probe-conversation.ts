/**
 * The probe conversation, one click at a time: offer consent (nothing read yet), then on Run
 * check who may run it, run it and show the result; on Cancel, record it and read nothing.
 * Every refusal (another user's click, a replayed or unknown card, an expired consent, a user
 * without an Entra object id, a probe that needs an approver) is a message a person can act on.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import type { AuditAppender } from '../../src/core/audit/audit-log.js';
import type { CallOptions } from '../../src/core/probes/azure-directory.js';
import type { ProbeArgs } from '../../src/core/probes/probe-args.js';
import { authorizeProbe, needsApprover, type ApproverCheck } from '../../src/core/probes/probe-authorization.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import { ownAccessView } from '../../src/core/probes/own-access-view.js';
import type { RecordStore } from '../../src/core/storage/record-store.js';
import { hasEntraId, keyedPerson, type EntraIdentity } from '../../src/core/identity/identity.js';
import { identityOf } from '../identity-of.js';
import { consentCard, type ConsentIdentity } from './consent-card.js';
import { ConsentBook, isConsentId, type ConsentRefusal, type ProbeConsent } from './probe-consent.js';
import type { ProbeRequest } from './probe-request.js';
import { resultCard } from './result-card.js';

/** The probe port the conversation needs (ProbeService implements it). */
export interface ProbeRunner {
  run(name: string, args: ProbeArgs, options?: CallOptions): Promise<ProbeResult>;
}

/** Dependencies of the probe conversation. */
export interface ProbeConversationOptions {
  probes: ProbeRunner;
  consents: RecordStore<ProbeConsent>;
  /** Whether someone is an approver of a vault (see vault-approvers.ts). */
  isApprover: ApproverCheck;
  identity: ConsentIdentity;
  /** How long a consent card stays usable (default 15 minutes). */
  consentTtlInMs?: number;
  /** Deadline of one probe run (default 60 s). */
  probeTimeoutInMs?: number;
  now?: () => Date;
  newId?: () => string;
  /** The audit log: every probe run and every refused probe is appended (who, vault, probe, principal, operation, verdict). */
  audit?: AuditAppender;
  /**
   * Called after a probe ran and its result was shown, in the asker's turn (escalation keeps the
   * result for a case packet and offers a person when the result is undetermined). Passed in by
   * the composition root so that probes do not depend on escalation.
   */
  onProbeResult?: (context: TurnContext, result: ProbeResult, request: ProbeRequest & { vault: string }) => Promise<void>;
}

/** The message for a user whose activity carries no Entra object id. */
export const NO_AAD_OBJECT_ID =
  "I can only run live checks for a signed-in Microsoft Teams user, and your message arrived without an Entra object id (from.aadObjectId), so I can't tell whose access to check. " +
  'Open me in Microsoft Teams signed in with your work account (not as a guest or from a bridged channel), or ask a person for help.';

function refusalText(refusal: ConsentRefusal): string {
  switch (refusal.kind) {
    case 'unknown':
      return "I don't know that check request: it may come from an old card or from before a reset. Nothing was read. Ask me again (e.g. \"check my access to kv-payments\") to get a new one.";
    case 'other-conversation':
      return 'That check request belongs to another conversation, so I did not run it. Nothing was read. Ask me here to get one of your own.';
    case 'other-user':
      return `Only ${refusal.requester.name ?? 'the person who asked'} can run or cancel that check: it reads Azure on their behalf. Nothing was read. Ask me yourself (e.g. "check my access to kv-payments") to check your own access.`;
    case 'expired':
      return `That check request for ${refusal.consent.vault} has expired, so I did not run it. Nothing was read. Ask me again to get a fresh one.`;
    case 'already-decided': {
      const c = refusal.consent;
      const what = c.status === 'cancelled' ? 'was cancelled' : c.status === 'refused' ? 'was refused' : 'has already been run';
      return `That check of ${c.vault} ${what}${c.decidedAt ? ` (${c.decidedAt})` : ''}; a consent is used only once, so I did not run it again. Ask me again to run a new check.`;
    }
  }
}

/** Offers, runs and cancels probes. */
export class ProbeConversation {
  private readonly book: ConsentBook;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: ProbeConversationOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.book = new ConsentBook(options.consents, this.now);
  }

  /** Stores a pending consent for `request` (vault known) and shows the consent card. Reads nothing from Azure. */
  async offer(context: TurnContext, request: ProbeRequest & { vault: string }): Promise<void> {
    const from = identityOf(context);
    if (!hasEntraId(from)) {
      await context.sendActivity(NO_AAD_OBJECT_ID);
      return;
    }
    const at = this.now();
    const consent: ProbeConsent = {
      id: this.newId(),
      probe: request.probe,
      vault: request.vault,
      ...(request.principal ? { principal: request.principal } : {}),
      ...(request.operation ? { operation: request.operation } : {}),
      ...(request.clientIp ? { clientIp: request.clientIp } : {}),
      requester: from,
      conversationId: context.activity.conversation?.id ?? 'unknown',
      status: 'pending',
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + (this.options.consentTtlInMs ?? 15 * 60_000)).toISOString(),
    };
    await this.book.open(consent);
    const approver = needsApprover({ probe: consent.probe, vault: consent.vault, ...(consent.principal ? { principal: consent.principal } : {}) }, { objectId: from.aadObjectId });
    await context.sendActivity(MessageFactory.attachment(consentCard(consent, this.options.identity, approver)));
  }

  /** "Run": checks the click against the stored consent, authorises, runs the probe, shows the result. */
  async run(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const decided = await this.decide(context, value, 'running');
    if (!decided) return;
    const { consent, asker, person } = decided;
    const request = { probe: consent.probe, vault: consent.vault, ...(consent.principal ? { principal: consent.principal } : {}) };
    const auth = await authorizeProbe(request, { objectId: asker }, this.options.isApprover);
    const actor = keyedPerson(person);
    if (!auth.allowed) {
      await this.book.finish(consent.id, 'refused');
      await this.options.audit?.append({
        type: 'probe', actor, vault: consent.vault, correlationId: consent.id,
        data: { probe: consent.probe, principal: consent.principal ?? null, operation: consent.operation ?? null, verdict: 'refused', refused: true, reason: auth.reason },
      });
      await context.sendActivity(`${auth.reason} Nothing about ${consent.vault}'s access was read.`);
      return;
    }
    await context.sendActivity({ type: ActivityTypes.Typing });
    // Own-access checks are about the asker: the principal is their object id from Teams, never from the card.
    const principal = consent.principal ?? (consent.probe === 'permission-check' ? asker : undefined);
    const args: ProbeArgs = {
      vault: consent.vault,
      ...(principal ? { principal } : {}),
      ...(consent.operation ? { operation: consent.operation } : {}),
      ...(consent.clientIp ? { clientIp: consent.clientIp } : {}),
    };
    const full = await this.options.probes.run(consent.probe, args, { abortSignal: AbortSignal.timeout(this.options.probeTimeoutInMs ?? 60_000) });
    // An own-access check shows the asker what concerns them; who else has access stays with
    // approvers (auth.needsApprover is true only when the asker was checked as one).
    const result = auth.needsApprover ? full : ownAccessView(full);
    await this.book.finish(consent.id, 'done', result.verdict);
    // Audited before it is shown: a result nobody can trace afterwards must not reach the user.
    await this.options.audit?.append({
      type: 'probe', actor, vault: consent.vault, correlationId: consent.id,
      data: {
        probe: consent.probe, principal: principal ?? null, operation: (typeof result.operation === 'string' ? result.operation : consent.operation) ?? null,
        verdict: result.verdict, reason: result.reason, model: result.model, sandbox: result.sandbox, fixes: result.fixes,
      },
    });
    const shown = { ...request, ...(principal ? { principal } : {}), ...(consent.operation ? { operation: consent.operation } : {}) };
    await context.sendActivity(MessageFactory.attachment(resultCard(result, shown)));
    await this.options.onProbeResult?.(context, result, shown);
  }

  /** "Cancel": marks the consent cancelled; nothing is read from Azure. */
  async cancel(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const decided = await this.decide(context, value, 'cancelled');
    if (!decided) return;
    await context.sendActivity(`Cancelled. I did not read anything from Azure about ${decided.consent.vault}.`);
  }

  /** Appends a `refusal` audit record: who clicked what, and why it was refused. */
  private async auditRefusal(context: TurnContext, operation: string, code: string, data: Record<string, unknown>, vault?: string): Promise<void> {
    const from = context.activity.from;
    await this.options.audit?.append({
      type: 'refusal',
      actor: { id: from?.aadObjectId ?? from?.id ?? 'unknown', ...(from?.name ? { name: from.name } : {}) },
      ...(vault ? { vault } : {}),
      ...(typeof data.consent === 'string' ? { correlationId: data.consent } : {}),
      data: { operation, code, conversationId: context.activity.conversation?.id ?? null, ...data },
    });
  }

  /** Validates the button and moves the consent on; sends the refusal and returns undefined when it may not. */
  private async decide(context: TurnContext, value: Record<string, unknown>, next: 'running' | 'cancelled'): Promise<{ consent: ProbeConsent; asker: string; person: EntraIdentity } | undefined> {
    const id = value.consent;
    const operation = next === 'running' ? 'probe.run' : 'probe.cancel';
    if (!isConsentId(id)) {
      await this.auditRefusal(context, operation, 'invalid-button', { consent: typeof id === 'string' ? id.slice(0, 100) : null });
      await context.sendActivity("Sorry, I couldn't use that button: it carries no valid check request id. It may come from an old card; ask me again.");
      return undefined;
    }
    const person = identityOf(context);
    if (!hasEntraId(person)) {
      await this.auditRefusal(context, operation, 'no-aad-object-id', { consent: id });
      await context.sendActivity(NO_AAD_OBJECT_ID);
      return undefined;
    }
    const asker = person.aadObjectId;
    const outcome = await this.book.decide(id, { aadObjectId: asker, conversationId: context.activity.conversation?.id ?? 'unknown' }, next);
    if ('refused' in outcome) {
      const r = outcome.refused;
      const consent = 'consent' in r ? r.consent : undefined;
      await this.auditRefusal(context, operation, r.kind, {
        consent: id,
        ...(r.kind === 'other-user' ? { owner: r.requester.aadObjectId } : {}),
        ...(consent ? { probe: consent.probe, status: consent.status } : {}),
      }, consent?.vault);
      await context.sendActivity(refusalText(outcome.refused));
      return undefined;
    }
    return { consent: outcome.consent, asker, person };
  }
}
