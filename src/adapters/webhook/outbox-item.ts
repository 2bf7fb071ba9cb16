/** One webhook delivery waiting in the durable outbox. */

/** A stored delivery. The raw body is kept so every retry sends (and signs) the same bytes. */
export interface OutboxItem {
  deliveryId: string;
  event: string;
  /** The exact JSON body to POST. */
  body: string;
  createdAt: string;
  /** Failed attempts so far. */
  attempts: number;
  /** Earliest time of the next attempt. */
  nextAttemptAt: string;
  lastError?: string;
  /** `failed`: gave up after `maxAttempts` (only when a limit is configured); kept for operators. */
  state: 'pending' | 'failed';
  /** The instance delivering it now, and until when; another instance leaves it alone meanwhile. */
  leaseOwner?: string;
  leaseUntil?: string;
}
