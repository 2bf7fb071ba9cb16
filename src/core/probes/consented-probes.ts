/**
 * The probe use case with consent (DESIGN.md §7): offer a consent (nothing read yet), then on
 * Run check the click against the stored consent, authorise, run the probe and audit it; on
 * Cancel record it and read nothing. Every step returns an outcome the conversation renders
 * (dialogs/probe/probe-conversation.ts); every refusal is audited here.
 */
import type { AuditAppender } from '../audit/audit-log.js';
import type { AuditActor } from '../audit/audit-record.js';
import { hasEntraId, keyedPerson, type EntraIdentity, type Identity } from '../identity/identity.js';
import type { RecordStore } from '../storage/record-store.js';
import type { CallOptions } from './azure-directory.js';
import { ownAccessView } from './own-access-view.js';
import type { ProbeArgs } from './probe-args.js';
import { authorizeProbe, needsApprover, type ApproverCheck } from './probe-authorization.js';
import { ConsentBook, isConsentId, type ConsentRefusal, type ProbeConsent } from './probe-consent.js';
import type { ProbeName, ProbeResult } from './probe-result.js';

/** The probe port the use case needs (ProbeService implements it). */
export interface ProbeRunner {
  run(name: string, args: ProbeArgs, options?: CallOptions): Promise<ProbeResult>;
}

/** A probe to offer: which probe, on which vault, about whom and which operation. */
export interface ConsentRequest {
  probe: ProbeName;
  vault: string;
  /** Entra object id to check; absent = the asking user. */
  principal?: string;
  /** `category/permission` (permission-check). */
  operation?: string;
  /** Caller's public IPv4, to test firewall rules. */
  clientIp?: string;
}

/** Who pressed a Run/Cancel button, in which conversation, and the consent id the button carried. */
export interface ConsentClick {
  consentId: unknown;
  person: Identity;
  /** Absent when the channel sent no conversation (the consent then cannot match). */
  conversationId?: string;
}

/** Why a click was refused: the consent's own refusals, a button without a valid id, or a person without an Entra object id. */
export type ClickRefusal = ConsentRefusal | { kind: 'invalid-button' } | { kind: 'no-entra-id' };

/** The result of offering a consent. */
export type OfferOutcome = { kind: 'offered'; consent: ProbeConsent; needsApprover: boolean } | { kind: 'no-entra-id' };

/** The result of Run. `shown` is the request as the result card and the hooks see it (the principal filled in). */
export type RunOutcome =
  | { kind: 'refused'; refusal: ClickRefusal }
  | { kind: 'not-allowed'; consent: ProbeConsent; reason: string }
  | { kind: 'done'; consent: ProbeConsent; result: ProbeResult; shown: ConsentRequest };

/** The result of Cancel. */
export type CancelOutcome = { kind: 'refused'; refusal: ClickRefusal } | { kind: 'cancelled'; consent: ProbeConsent };

/** Ports and settings of {@link ConsentedProbes}. */
export interface ConsentedProbesOptions {
  probes: ProbeRunner;
  consents: RecordStore<ProbeConsent>;
  /** Whether someone is an approver of a vault. */
  isApprover: ApproverCheck;
  /** Every probe run and every refused probe is appended (who, vault, probe, principal, operation, verdict). */
  audit?: AuditAppender;
  now: () => Date;
  /** New consent ids: UUIDs (e.g. `crypto.randomUUID`). */
  newId: () => string;
  /** How long a consent stays usable (default 15 minutes). */
  consentTtlInMs?: number;
  /** Deadline of one probe run (default 60 s). */
  probeTimeoutInMs?: number;
}

/** Offers, runs and cancels probes behind a single-use, server-side consent. */
export class ConsentedProbes {
  private readonly book: ConsentBook;

  constructor(private readonly o: ConsentedProbesOptions) {
    this.book = new ConsentBook(o.consents, o.now);
  }

  /** Stores a pending consent for `request`, asked by `person` in `conversationId`. Reads nothing from Azure. */
  async offer(request: ConsentRequest, person: Identity, conversationId: string): Promise<OfferOutcome> {
    if (!hasEntraId(person)) return { kind: 'no-entra-id' };
    const at = this.o.now();
    const consent: ProbeConsent = {
      id: this.o.newId(),
      probe: request.probe,
      vault: request.vault,
      ...(request.principal ? { principal: request.principal } : {}),
      ...(request.operation ? { operation: request.operation } : {}),
      ...(request.clientIp ? { clientIp: request.clientIp } : {}),
      requester: person,
      conversationId,
      status: 'pending',
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + (this.o.consentTtlInMs ?? 15 * 60_000)).toISOString(),
    };
    await this.book.open(consent);
    const approver = needsApprover(
      { probe: consent.probe, vault: consent.vault, ...(consent.principal ? { principal: consent.principal } : {}) },
      { objectId: person.aadObjectId },
    );
    return { kind: 'offered', consent, needsApprover: approver };
  }

  /**
   * "Run": checks the click against the stored consent, authorises, runs the probe and audits the
   * result before returning it. `starting` is called once the probe is allowed, before Azure is read.
   */
  async run(click: ConsentClick, starting?: () => Promise<void>): Promise<RunOutcome> {
    const decided = await this.decide(click, 'running');
    if ('refusal' in decided) return { kind: 'refused', refusal: decided.refusal };
    const { consent, person } = decided;
    const asker = person.aadObjectId;
    const request = {
      probe: consent.probe,
      vault: consent.vault,
      ...(consent.principal ? { principal: consent.principal } : {}),
    };
    const auth = await authorizeProbe(request, { objectId: asker }, this.o.isApprover);
    const actor = keyedPerson(person);
    if (!auth.allowed) {
      await this.book.finish(consent.id, 'refused');
      await this.auditProbe(consent, actor, {
        principal: consent.principal ?? null,
        operation: consent.operation ?? null,
        verdict: 'refused',
        refused: true,
        reason: auth.reason,
      });
      return { kind: 'not-allowed', consent, reason: auth.reason };
    }
    await starting?.();
    // Own-access checks are about the asker: the principal is their object id from Teams, never from the card.
    const principal = consent.principal ?? (consent.probe === 'permission-check' ? asker : undefined);
    const args: ProbeArgs = {
      vault: consent.vault,
      ...(principal ? { principal } : {}),
      ...(consent.operation ? { operation: consent.operation } : {}),
      ...(consent.clientIp ? { clientIp: consent.clientIp } : {}),
    };
    const full = await this.o.probes.run(consent.probe, args, {
      abortSignal: AbortSignal.timeout(this.o.probeTimeoutInMs ?? 60_000),
    });
    // An own-access check shows the asker what concerns them; who else has access stays with
    // approvers (auth.needsApprover is true only when the asker was checked as one).
    const result = auth.needsApprover ? full : ownAccessView(full);
    await this.book.finish(consent.id, 'done', result.verdict);
    // Audited before it is shown: a result nobody can trace afterwards must not reach the user.
    await this.auditProbe(consent, actor, {
      principal: principal ?? null,
      operation: (typeof result.operation === 'string' ? result.operation : consent.operation) ?? null,
      verdict: result.verdict,
      reason: result.reason,
      model: result.model,
      sandbox: result.sandbox,
      fixes: result.fixes,
    });
    const shown: ConsentRequest = {
      ...request,
      ...(principal ? { principal } : {}),
      ...(consent.operation ? { operation: consent.operation } : {}),
    };
    return { kind: 'done', consent, result, shown };
  }

  /** "Cancel": marks the consent cancelled; nothing is read from Azure. */
  async cancel(click: ConsentClick): Promise<CancelOutcome> {
    const decided = await this.decide(click, 'cancelled');
    return 'refusal' in decided
      ? { kind: 'refused', refusal: decided.refusal }
      : { kind: 'cancelled', consent: decided.consent };
  }

  /** Validates the button and moves the consent on, or audits and returns why this click may not. */
  private async decide(
    click: ConsentClick,
    next: 'running' | 'cancelled',
  ): Promise<{ consent: ProbeConsent; person: EntraIdentity } | { refusal: ClickRefusal }> {
    const id = click.consentId;
    const operation = next === 'running' ? 'probe.run' : 'probe.cancel';
    if (!isConsentId(id)) {
      await this.auditRefusal(click, operation, 'invalid-button', {
        consent: typeof id === 'string' ? id.slice(0, 100) : null,
      });
      return { refusal: { kind: 'invalid-button' } };
    }
    const person = click.person;
    if (!hasEntraId(person)) {
      await this.auditRefusal(click, operation, 'no-aad-object-id', { consent: id });
      return { refusal: { kind: 'no-entra-id' } };
    }
    const outcome = await this.book.decide(
      id,
      { aadObjectId: person.aadObjectId, conversationId: click.conversationId ?? 'unknown' },
      next,
    );
    if ('refused' in outcome) {
      const r = outcome.refused;
      const consent = 'consent' in r ? r.consent : undefined;
      await this.auditRefusal(
        click,
        operation,
        r.kind,
        {
          consent: id,
          ...(r.kind === 'other-user' ? { owner: r.requester.aadObjectId } : {}),
          ...(consent ? { probe: consent.probe, status: consent.status } : {}),
        },
        consent?.vault,
      );
      return { refusal: r };
    }
    return { consent: outcome.consent, person };
  }

  /** Appends the `probe` audit record of one consent: who ran (or was refused) which probe, and what it found. */
  private async auditProbe(consent: ProbeConsent, actor: AuditActor, data: Record<string, unknown>): Promise<void> {
    await this.o.audit?.append({
      type: 'probe',
      actor,
      vault: consent.vault,
      correlationId: consent.id,
      data: { probe: consent.probe, ...data },
    });
  }

  /** Appends a `refusal` audit record: who clicked what, and why it was refused. */
  private async auditRefusal(
    click: ConsentClick,
    operation: string,
    code: string,
    data: Record<string, unknown>,
    vault?: string,
  ): Promise<void> {
    await this.o.audit?.append({
      type: 'refusal',
      actor: keyedPerson(click.person),
      ...(vault ? { vault } : {}),
      ...(typeof data.consent === 'string' ? { correlationId: data.consent } : {}),
      data: { operation, code, conversationId: click.conversationId ?? null, ...data },
    });
  }
}
