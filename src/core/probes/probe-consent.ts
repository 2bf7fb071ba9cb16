/**
 * Consents to run one probe, kept server-side (DESIGN.md §7): the Run and Cancel buttons carry
 * only the consent id, and everything that matters — who asked, in which conversation, what will
 * be read — is read back from the store. A consent is used once: the first Run or Cancel wins,
 * decided with an ETag write so a double click or a replayed card cannot run a probe twice.
 */
import type { EntraIdentity } from '../identity/identity.js';
import { isConcurrencyError, type RecordStore } from '../storage/record-store.js';
import type { ProbeName } from './probe-result.js';

/** Where a consent stands. */
export type ConsentStatus = 'pending' | 'running' | 'done' | 'cancelled' | 'refused';

/** The person who asked (and the only one who may press Run): their identity, with its Entra object id. */
export type ConsentRequester = EntraIdentity;

/** One stored consent. */
export interface ProbeConsent {
  id: string;
  probe: ProbeName;
  vault: string;
  /** The principal whose access is checked (the requester's own object id for own-access checks). */
  principal?: string;
  operation?: string;
  clientIp?: string;
  requester: ConsentRequester;
  conversationId: string;
  status: ConsentStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt?: string;
  /** Verdict of the run, once done. */
  verdict?: string;
}

/** Why a consent cannot be used by this click. */
export type ConsentRefusal =
  | { kind: 'unknown' }
  | { kind: 'other-conversation' }
  | { kind: 'other-user'; requester: ConsentRequester; consent?: ProbeConsent }
  | { kind: 'expired'; consent: ProbeConsent }
  | { kind: 'already-decided'; consent: ProbeConsent };

/** Who pressed the button, and where. */
export interface ConsentClick {
  aadObjectId?: string;
  conversationId: string;
}

/** Consent ids are UUIDs; anything else never reaches the store. */
const CONSENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed consent id. */
export function isConsentId(id: unknown): id is string {
  return typeof id === 'string' && CONSENT_ID.test(id);
}

/** The consent store with the single-use rule. */
export class ConsentBook {
  constructor(
    private readonly store: RecordStore<ProbeConsent>,
    private readonly now: () => Date,
  ) {}

  /** Stores a new pending consent (the id is fresh, so it never overwrites one). */
  async open(consent: ProbeConsent): Promise<void> {
    await this.store.put(consent.id, consent, { ifNoneMatch: '*' });
  }

  /**
   * Moves a pending consent to `next` for the person who asked, in the conversation it was
   * given in; returns the consent as it was, or why this click may not use it.
   */
  async decide(
    id: string,
    click: ConsentClick,
    next: 'running' | 'cancelled',
  ): Promise<{ consent: ProbeConsent } | { refused: ConsentRefusal }> {
    const record = await this.store.get(id);
    if (!record) return { refused: { kind: 'unknown' } };
    const consent = record.value;
    if (consent.conversationId !== click.conversationId) return { refused: { kind: 'other-conversation' } };
    if (!click.aadObjectId || click.aadObjectId.toLowerCase() !== consent.requester.aadObjectId.toLowerCase()) {
      return { refused: { kind: 'other-user', requester: consent.requester, consent } };
    }
    if (consent.status !== 'pending') return { refused: { kind: 'already-decided', consent } };
    if (this.now().getTime() > Date.parse(consent.expiresAt)) return { refused: { kind: 'expired', consent } };
    try {
      await this.store.put(
        id,
        { ...consent, status: next, decidedAt: this.now().toISOString() },
        { ifMatch: record.etag },
      );
    } catch (e) {
      if (!isConcurrencyError(e)) throw e;
      // Someone (a second click) decided it between our read and write.
      const current = (await this.store.get(id))?.value ?? consent;
      return { refused: { kind: 'already-decided', consent: current } };
    }
    return { consent };
  }

  /** Records how a running consent ended (best effort: the result was already shown). */
  async finish(id: string, status: 'done' | 'refused', verdict?: string): Promise<void> {
    const record = await this.store.get(id);
    if (!record) return;
    await this.store.put(id, { ...record.value, status, ...(verdict ? { verdict } : {}) }, { ifMatch: record.etag });
  }
}
