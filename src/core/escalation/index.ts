/** The escalation core's public surface: the case model, the service and its ports, and the pure helpers. */
export * from './case-types.js';
export * from './case-refusal.js';
export * from './case-transitions.js';
export * from './case-summary.js';
export * from './escalation-ports.js';
export * from './escalation-service.js';
export * from './priority.js';
export * from './unanswered-tracker.js';
