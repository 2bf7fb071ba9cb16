/**
 * The record namespaces escalation stores its records in (under the data directory or blob
 * container); the bot writes them and `kvbot report` reads the cases.
 */

/** Record namespaces escalation uses (under the data directory / blob container). */
export const ESCALATION_COLLECTIONS = Object.freeze({
  cases: 'cases',
  counters: 'case-counters',
  supportChannels: 'support-channels',
  outbox: 'webhook-outbox',
});
