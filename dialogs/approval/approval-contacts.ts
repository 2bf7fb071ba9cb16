/**
 * Where the bot can reach people proactively: the conversation reference of each user it has
 * talked to in a 1:1 chat (keyed by Entra object id), the approvals channel an admin registered,
 * and, per approval request, the requester's conversation and every approval card posted (so the
 * cards can be updated after a decision). All durable: proactive sends must work after a restart.
 */
import { isConcurrencyError, type RecordStore } from '../../src/core/storage/record-store.js';
import { updateRecord } from '../../src/core/storage/update-record.js';
import type { StoredReference } from '../proactive-messenger.js';
import type { EntraIdentity } from '../../src/core/identity/identity.js';
import { KEY_SEGMENT_ID } from '../../src/core/storage/record-key.js';

/** A person the bot has a 1:1 conversation with. */
export interface KnownUser {
  /** Entra object id. */
  aadObjectId: string;
  name?: string;
  /** The channel account id in that conversation (a Teams MRI such as `29:…`); used in card `refresh.userIds`. */
  userId?: string;
  reference: StoredReference;
  updatedAt: string;
}

/** The registered approvals channel. */
export interface ApprovalsChannel {
  reference: StoredReference;
  registeredBy: { id: string; name?: string };
  registeredAt: string;
}

/** One approval card the bot posted. */
export interface PostedCard {
  reference: StoredReference;
  activityId: string;
  /** `approver` cards carry buttons; `status` cards (channel) rely on refresh for approvers. */
  audience: 'approver' | 'channel';
}

/** What the bot keeps per approval request to reach people about it. */
export interface RequestContacts {
  requesterReference?: StoredReference;
  posts: PostedCard[];
  /** True once the requester was told that the request expired (so the sweep and a late click tell them once). */
  expiryNoticeSent?: boolean;
}

/** The stores behind {@link ApprovalContacts}. */
export interface ApprovalContactStores {
  users: RecordStore<KnownUser>;
  settings: RecordStore<ApprovalsChannel>;
  requests: RecordStore<RequestContacts>;
}

const CHANNEL_KEY = 'approvals-channel';

/**
 * How long a user this instance found (or stored) up to date is taken as still up to date without
 * reading the store again. Every turn remembers its user, and the read was a store round trip on
 * every FAQ turn; another instance's change is picked up after at most this long.
 */
const RECENTLY_CONFIRMED_MS = 10 * 60_000;
/** Users kept in that memory (least recently confirmed out). */
const RECENTLY_CONFIRMED_LIMIT = 10_000;

/** Durable directory of conversation references for approvals. */
export class ApprovalContacts {
  /** aadObjectId → what was confirmed stored (conversation, name, user id) and when. */
  private readonly confirmed = new Map<string, { signature: string; at: number }>();

  constructor(
    private readonly stores: ApprovalContactStores,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Remembers (or refreshes) a user's 1:1 conversation. Ids that are not safe keys are skipped. */
  async rememberUser(user: EntraIdentity, reference: StoredReference): Promise<void> {
    if (!KEY_SEGMENT_ID.test(user.aadObjectId)) return;
    const signature = JSON.stringify([reference.conversation?.id, user.name, user.id]);
    const now = this.clock().getTime();
    const seen = this.confirmed.get(user.aadObjectId);
    if (seen && seen.signature === signature && now - seen.at < RECENTLY_CONFIRMED_MS) return;
    const existing = await this.stores.users.get(user.aadObjectId);
    const prev = existing?.value;
    if (
      prev &&
      prev.reference.conversation?.id === reference.conversation?.id &&
      prev.name === user.name &&
      prev.userId === user.id
    )
      return this.confirm(user.aadObjectId, signature, now);
    const value: KnownUser = { aadObjectId: user.aadObjectId, reference, updatedAt: this.clock().toISOString() };
    if (user.name) value.name = user.name;
    if (user.id) value.userId = user.id;
    try {
      await this.stores.users.put(
        user.aadObjectId,
        value,
        existing ? { ifMatch: existing.etag } : { ifNoneMatch: '*' },
      );
    } catch (e) {
      // Another turn of the same user stored it at the same moment: either copy will do.
      if (!isConcurrencyError(e)) throw e;
      return;
    }
    this.confirm(user.aadObjectId, signature, now);
  }

  private confirm(aadObjectId: string, signature: string, at: number): void {
    this.confirmed.delete(aadObjectId);
    this.confirmed.set(aadObjectId, { signature, at });
    if (this.confirmed.size > RECENTLY_CONFIRMED_LIMIT) this.confirmed.delete(this.confirmed.keys().next().value!);
  }

  /** A known user, by Entra object id. */
  async user(aadObjectId: string): Promise<KnownUser | undefined> {
    if (!KEY_SEGMENT_ID.test(aadObjectId)) return undefined;
    return (await this.stores.users.get(aadObjectId))?.value;
  }

  /** Everyone the bot has a 1:1 conversation with. */
  async users(): Promise<KnownUser[]> {
    return (await this.stores.users.list()).map((r) => r.value);
  }

  /** Stores the approvals channel (replacing any earlier one). */
  async registerChannel(channel: ApprovalsChannel): Promise<void> {
    await this.stores.settings.put(CHANNEL_KEY, channel);
  }

  /** The approvals channel, if one was registered. */
  async channel(): Promise<ApprovalsChannel | undefined> {
    return (await this.stores.settings.get(CHANNEL_KEY))?.value;
  }

  /** The contacts of one request. */
  async forRequest(requestId: string): Promise<RequestContacts> {
    return (await this.stores.requests.get(requestId))?.value ?? { posts: [] };
  }

  /** Changes the contacts of one request (compare-and-swap, retried). */
  async updateRequest(requestId: string, change: (c: RequestContacts) => RequestContacts): Promise<RequestContacts> {
    return updateRecord(this.stores.requests, requestId, (stored) => {
      const next = change(stored?.value ?? { posts: [] });
      return { write: next, result: next };
    });
  }
}
