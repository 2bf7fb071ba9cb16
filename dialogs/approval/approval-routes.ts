/**
 * The approval flow's entry points in the main dialog: the `Action.Submit` form of a decision,
 * `register approvals channel`, `show approval <id>` and `my approvals`.
 */
import type { DialogTurnResult } from 'botbuilder-dialogs';
import type { SubmitRoute, TextRoute } from '../main-dialog.js';
import { APPROVAL_SUBMIT_ACTION } from './approval-actions.js';
import type { ApprovalTurns } from './approval-turns.js';
import { RECORD_ID_PATTERN } from '../../src/core/storage/record-key.js';

const REGISTER = /^register\s+(?:the\s+|this\s+(?:as\s+(?:the\s+)?)?)?approvals?\s+channel$/i;
const MINE =
  /^\/?(?:my|pending|open)\s+approvals?(?:\s+requests?)?\??$|^(?:what|anything)\s+(?:is\s+)?(?:waiting|pending)\s+(?:for\s+)?my\s+approval\??$/i;
const SHOW = new RegExp(String.raw`^(?:show|open)\s+approval(?:\s+request)?\s+(${RECORD_ID_PATTERN})$`, 'i');

/** `approval.decide` sent as a submit. */
export function approvalSubmitRoute(turns: ApprovalTurns): SubmitRoute {
  return {
    action: APPROVAL_SUBMIT_ACTION,
    async handle(step, value): Promise<DialogTurnResult> {
      await turns.decideFromSubmit(step.context, value);
      return step.endDialog();
    },
  };
}

/** `register approvals channel`, `show approval <id>` and `my approvals` (also "pending approvals"). */
export function approvalTextRoute(turns: ApprovalTurns): TextRoute {
  return {
    name: 'approval.commands',
    async handle(step, text): Promise<DialogTurnResult | undefined> {
      if (REGISTER.test(text)) {
        await turns.registerChannel(step.context);
        return step.endDialog();
      }
      if (MINE.test(text.trim())) {
        await turns.listMine(step.context);
        return step.endDialog();
      }
      const show = SHOW.exec(text);
      if (show) {
        await turns.show(step.context, show[1]!);
        return step.endDialog();
      }
      return undefined;
    },
  };
}
