/**
 * The root dialog: decides what each turn is (a card button, a command, a question) and routes
 * it. Later features plug in without editing the routing: `textRoutes` run before the FAQ (e.g.
 * pasted-error triage), `submitRoutes` own their `kvbot` button actions (probes, fixes,
 * approvals, escalation), and `dialogs` are child dialogs those routes may begin for multi-turn
 * flows (consent, approval).
 */
import {
  ComponentDialog,
  DialogTurnStatus,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { FaqMatchResult } from '../src/core/knowledge/faq-types.js';
import type { FaqCards } from './faq-cards.js';
import type { FaqResponder } from './faq-responder.js';
import { messageText, unreadableAttachmentOf, type UnreadableAttachment } from './message-text.js';
import { isFaqAction, submitActionName, type FaqSubmitAction } from './submit-actions.js';
import { parseCardPayload } from './card-payloads.js';
import { REPLY_OFFER, isAcceptance, isRejection, type OfferedReply } from './answer-follow-up.js';

/** Id of the root dialog. */
export const MAIN_DIALOG_ID = 'main';
const ROUTE_WATERFALL = 'main.route';

/**
 * What a route gets for its turn: the turn context, a way to end its part, and a way to begin a
 * multi-turn child dialog (the vault prompt of a probe). A waterfall step is one; a turn that no
 * dialog is active in gets a lighter one (see {@link MainDialog.routeTurn}).
 */
export interface RouteStep {
  readonly context: TurnContext;
  endDialog(result?: unknown): Promise<DialogTurnResult>;
  beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult>;
}

/** A handler for typed text that runs before the FAQ; returns undefined to pass the turn on. */
export interface TextRoute {
  readonly name: string;
  handle(step: RouteStep, text: string): Promise<DialogTurnResult | undefined>;
}

/** A handler for one `kvbot` card action that is not the FAQ's. */
export interface SubmitRoute {
  readonly action: string;
  handle(step: RouteStep, value: Record<string, unknown>): Promise<DialogTurnResult>;
}

/** Options of the route waterfall when a turn routed without dialogs begins a child dialog. */
interface BeginChild {
  begin: { dialogId: string; options?: object };
}

const ROUTED: DialogTurnResult = Object.freeze({ status: DialogTurnStatus.complete });

/**
 * Sees turns without handling them (escalation's recent-activity log, "unanswered twice").
 * Observers run in order; they may send messages but must not end the turn.
 */
export interface TurnObserver {
  /** A typed message (mentions removed), before it is routed. */
  onText?(context: TurnContext, text: string): Promise<void>;
  /** What the FAQ made of a question, after it answered. */
  onFaqResult?(context: TurnContext, text: string, result: FaqMatchResult): Promise<void>;
}

/** What the main dialog routes to. */
export interface MainDialogOptions {
  responder: FaqResponder;
  cards: FaqCards;
  textRoutes?: readonly TextRoute[];
  submitRoutes?: readonly SubmitRoute[];
  dialogs?: readonly Dialog[];
  observers?: readonly TurnObserver[];
}

/** The reply to a screenshot or a file sent without words: the bot reads text only. */
const UNREADABLE_REPLIES: Record<UnreadableAttachment, string> = {
  image:
    "I can't read screenshots yet. Please paste the error as text: in the Azure portal, open the notification (🔔) and copy its details; from the CLI, PowerShell or a pipeline log, copy the lines with the error. Or ask in your own words.",
  file: "I can't open files yet. Please paste the lines with the error as text (the whole error body if you have it), or ask in your own words.",
};

const HELP_COMMAND = /^\/?(help|\?|what can you do\??)$/i;
const HUMAN_COMMAND = /^(talk to (a )?(person|human|someone)|(a )?(human|person) please|escalate|agent)[.!]?$/i;

/** Routes every turn; the conversation's only top-level dialog. */
export class MainDialog extends ComponentDialog {
  private readonly submitRoutes: Map<string, SubmitRoute>;

  constructor(private readonly options: MainDialogOptions) {
    super(MAIN_DIALOG_ID);
    this.submitRoutes = new Map((options.submitRoutes ?? []).map((r) => [r.action, r]));
    this.addDialog(
      new WaterfallDialog(ROUTE_WATERFALL, [
        (step) => {
          // A turn routed without dialogs (routeTurn) whose route begins a child dialog: begin it
          // here, so the stack is main → route waterfall → child, as when the waterfall routes.
          const begin = (step.options as Partial<BeginChild> | undefined)?.begin;
          return begin ? step.beginDialog(begin.dialogId, begin.options) : this.route(step);
        },
        (step) => step.endDialog(step.result),
      ]),
    );
    for (const d of options.dialogs ?? []) this.addDialog(d);
    this.initialDialogId = ROUTE_WATERFALL;
  }

  /**
   * Routes a turn in which no dialog is active without building the dialog stack (a dialog
   * context, the component's inner context and a waterfall step per turn were most of a plain
   * answer's CPU time). The turn is routed exactly as the waterfall routes it; should a route
   * begin a child dialog, `beginMain` begins this dialog with that child, and the stack is then
   * the same as if the waterfall had routed the turn.
   */
  async routeTurn(context: TurnContext, beginMain: (options: BeginChild) => Promise<DialogTurnResult>): Promise<void> {
    let begun = false;
    const step: RouteStep = {
      context,
      endDialog: async () => ROUTED,
      beginDialog: async (dialogId, options) => {
        if (begun) throw new Error('A route began two dialogs in one turn.');
        begun = true;
        return beginMain({ begin: { dialogId, ...(options === undefined ? {} : { options }) } });
      },
    };
    await this.route(step);
  }

  /** A reaction added to one of the bot's messages (Teams): feedback when it is on an answer. */
  async routeReaction(context: TurnContext): Promise<void> {
    await this.options.responder.recordReaction(context);
  }

  private async route(step: RouteStep): Promise<DialogTurnResult> {
    const activity = step.context.activity;
    const text = messageText(activity);
    const value: unknown = activity.value;
    // The previous answer is remembered for one turn, whatever that turn is.
    const previous = await this.options.responder.takePreviousAnswer(step.context);
    if (value !== undefined && value !== null && (!text || submitActionName(value)))
      return this.routeSubmit(step, value);

    for (const o of this.options.observers ?? []) if (text) await o.onText?.(step.context, text);
    if (previous && text) {
      // "yes please" right after "I can check your access for you": what the answer's button does.
      if (previous.offer && isAcceptance(text)) return this.routeSubmit(step, previous.offer);
      // "that didn't help": what its 👎 does.
      if (previous.entryId && isRejection(text))
        return this.routeSubmit(step, { kvbot: 'feedback', id: previous.entryId, helpful: false });
    }
    const unreadable = text ? undefined : unreadableAttachmentOf(activity);
    if (unreadable) {
      await step.context.sendActivity(UNREADABLE_REPLIES[unreadable]);
      return step.endDialog();
    }
    if (!text || HELP_COMMAND.test(text)) {
      await step.context.sendActivity(MessageFactory.attachment(this.options.cards.help()));
      return step.endDialog();
    }
    if (HUMAN_COMMAND.test(text)) {
      // Escalation owns the "human" action when registered; the FAQ's request record is the fallback.
      const human = this.submitRoutes.get('human');
      if (human) return human.handle(step, { kvbot: 'human' });
      await this.options.responder.requestHuman(step.context);
      return step.endDialog();
    }
    for (const route of this.options.textRoutes ?? []) {
      const result = await route.handle(step, text);
      if (!result) continue;
      // What the route's reply offered (the triage card's check), for a "yes" typed next.
      const offered = step.context.turnState.get(REPLY_OFFER) as OfferedReply | undefined;
      if (offered) await this.options.responder.rememberPrevious(step.context, offered);
      return result;
    }
    const result = await this.options.responder.answerQuestion(step.context, text);
    for (const o of this.options.observers ?? []) await o.onFaqResult?.(step.context, text, result);
    return step.endDialog();
  }

  private async routeSubmit(step: RouteStep, value: unknown): Promise<DialogTurnResult> {
    const name = submitActionName(value);
    if (!name) {
      await step.context.sendActivity(
        "Sorry, I couldn't use that button: it carries no kvbot action. It may come from an old card; ask your question again or type **help**.",
      );
      return step.endDialog();
    }
    // One check for every card action (dialogs/card-payloads.ts) before any feature acts.
    const checked = parseCardPayload(value as Record<string, unknown>);
    if (!checked.ok) {
      await step.context.sendActivity(checked.refusal.message);
      return step.endDialog();
    }
    const extension = this.submitRoutes.get(name);
    if (extension) return extension.handle(step, checked.value);
    if (!isFaqAction(name)) {
      await step.context.sendActivity(
        `Sorry, I don't know the button action "${name}". It may come from an older version of me; ask your question again or type **help**.`,
      );
      return step.endDialog();
    }
    const action = checked.value as unknown as FaqSubmitAction;
    const r = this.options.responder;
    switch (action.kvbot) {
      case 'faq.open':
        await r.openEntry(step.context, action.id);
        break;
      case 'feedback':
        await r.recordFeedback(step.context, action.id, action.helpful);
        break;
      case 'faq.none':
        await r.noneOfThese(step.context, action.query);
        break;
      case 'human':
        await r.requestHuman(step.context, action.query);
        break;
      case 'help':
        await step.context.sendActivity(MessageFactory.attachment(this.options.cards.help()));
        break;
    }
    return step.endDialog();
  }
}
