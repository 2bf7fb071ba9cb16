/**
 * The consent card (DESIGN.md §7): before any Azure call, what will be read, in which vault,
 * with which identity and on whose behalf; Run and Cancel carry only the consent id.
 */
import type { Attachment } from 'botbuilder';
import { card, dismiss, facts, submit, text } from '../cards/adaptive-card.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { NEVER_READ, probeQuestion, readsFor } from './probe-reads.js';

/** Submit action names of the two buttons. */
export const RUN_ACTION = 'probe.run';
export const CANCEL_ACTION = 'probe.cancel';

/** What the card says about the identity that reads Azure. */
export interface ConsentIdentity {
  sandbox: boolean;
  /** The bot's name as people know it. */
  botName: string;
}

/** How the identity reads in the card. */
export function identityText(identity: ConsentIdentity): string {
  return identity.sandbox
    ? 'the sandbox emulator (a demo tenant on this machine; no real Azure is contacted)'
    : `the bot's own identity (${identity.botName}), read-only`;
}

function person(consent: ProbeConsent): string {
  const r = consent.requester;
  return r.name ? `${r.name} (${r.aadObjectId})` : r.aadObjectId;
}

/** The consent card for a stored, pending consent. */
export function consentCard(consent: ProbeConsent, identity: ConsentIdentity, needsApprover: boolean): Attachment {
  const own = !consent.principal || consent.principal.toLowerCase() === consent.requester.aadObjectId.toLowerCase();
  const who = own ? 'you' : consent.principal!;
  const minutes = Math.max(1, Math.round((Date.parse(consent.expiresAt) - Date.parse(consent.createdAt)) / 60_000));
  return card(
    [
      text(`May I check ${consent.vault} for you?`, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
      text(probeQuestion(consent.probe, consent.operation, who, consent.vault)),
      facts([
        ['Vault', consent.vault],
        ['Check', consent.probe + (consent.operation ? ` (${consent.operation})` : '')],
        ['Identity used', identityText(identity)],
        ['On behalf of', person(consent)],
        ['Principal checked', own ? undefined : consent.principal],
        ['Client address', consent.clientIp],
      ]),
      text('I will read only:', { weight: 'Bolder', spacing: 'Medium' }),
      text(
        readsFor(consent.probe, own ? undefined : consent.principal)
          .map((r) => `- ${r}`)
          .join('\n'),
      ),
      text(NEVER_READ, { isSubtle: true }),
      needsApprover
        ? text(
            `This check is for approvers of ${consent.vault}; when you press Run I first check that you are one (your role assignments on the vault and the approver group).`,
            { color: 'Warning' },
          )
        : undefined,
      text(`Nothing is read until you press **Run**. This request expires in ${minutes} minutes.`, {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    [
      submit('Run', { kvbot: RUN_ACTION, consent: consent.id }, { style: 'positive' }),
      dismiss('Cancel', { kvbot: CANCEL_ACTION, consent: consent.id }),
    ],
  );
}
