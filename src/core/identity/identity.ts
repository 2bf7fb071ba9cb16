/**
 * Who is talking to the bot, in one shape for every feature: the Entra object id (what Azure
 * rights, approvals and audit are about), the display name, and the channel account id (what
 * Teams addresses messages and card refreshes to). Built from a turn by `identityOf`
 * (dialogs/identity-of.ts); the records of each feature store it as is (cases, feedback,
 * consents) or by its key (approvals, audit).
 */

/** A person as a turn identifies them. */
export interface Identity {
  /** Channel account id (Teams `29:…`, the Agents Playground's `user-id-0`). */
  id: string;
  /** Entra object id (Teams `from.aadObjectId`); absent on channels that do not send it. */
  aadObjectId?: string;
  /** Display name; the channel account id when the channel gives none. */
  name: string;
}

/** An identity whose Entra object id is known (required for probes, fixes and approvals). */
export type EntraIdentity = Identity & { aadObjectId: string };

/** The key a person's records are filed under: the Entra object id when known, else the channel account id. */
export function identityKey(identity: Pick<Identity, 'id' | 'aadObjectId'>): string {
  return identity.aadObjectId || identity.id;
}

/** The person as approvals and the audit log file them: by key, with a name to show. */
export function keyedPerson(identity: Identity): { id: string; name: string } {
  const id = identityKey(identity);
  return { id, name: identity.name || id };
}

/** True when the identity carries an Entra object id. */
export function hasEntraId(identity: Identity): identity is EntraIdentity {
  return typeof identity.aadObjectId === 'string' && identity.aadObjectId !== '';
}
