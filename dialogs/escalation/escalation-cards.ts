/**
 * The cards the escalation flow shows in the conversation. Dialogs decide what to show; the Teams
 * builders (./teams-escalation-cards.ts) decide how, and the wiring (src/app/wire-escalation.ts) passes them in.
 */
import type { Attachment } from 'botbuilder';
import type { Case, CaseTrigger } from '../../src/core/escalation/case-types.js';
import type { PrioritySuggestion } from '../../src/core/escalation/priority.js';

/** What the offer card needs. */
export interface CaseOffer {
  trigger: CaseTrigger;
  suggestion: PrioritySuggestion;
  /** What the packet will contain, as short phrases ("your last 3 messages"). */
  contents: string[];
}

/** Builds the escalation cards of the user's conversation. */
export interface EscalationCards {
  /** "Shall I open a case?" with the priority choice (suggested preselected). */
  offer(offer: CaseOffer): Attachment;
  /** The user's cases (`my cases`), or one of them (`status of KV-1042`) under its own heading. */
  myCases(cases: readonly Case[], heading?: string): Attachment;
}
