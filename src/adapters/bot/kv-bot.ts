/**
 * The Teams activity handler: runs the main dialog for messages, welcomes people when the bot is
 * installed or added to a conversation, and saves conversation and user state after every turn.
 */
import {
  MessageFactory,
  TeamsActivityHandler,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { FaqCards } from '../../../dialogs/faq-cards.js';
import type { MainDialog } from '../../../dialogs/main-dialog.js';
import { identityOf } from '../../../dialogs/identity-of.js';

/** Turn state key of the conversation whose welcome this turn claimed. */
const WELCOME_CLAIM = Symbol('kvbot.welcomeClaim');

/** Per-conversation facts the handler keeps. */
interface WelcomeState {
  welcomedAt?: string;
}

/** Per-user facts: who they are and when the bot first met them. */
export interface UserProfile {
  name?: string;
  aadObjectId?: string;
  firstSeenAt?: string;
  /** To the hour: refreshed at most hourly, so a user's turns do not rewrite their state each time. */
  lastSeenAt?: string;
}

/** How stale `lastSeenAt` may get before a turn refreshes it. */
const LAST_SEEN_RESOLUTION_IN_MS = 3_600_000;
/** How many users' "profile up to date" marks one process keeps. */
const MAX_UP_TO_DATE_USERS = 10_000;

/** What the handler needs. */
export interface KvBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  mainDialog: MainDialog;
  cards: FaqCards;
  /** The dialog-state property; the turn error handler clears it through the same state. */
  dialogState?: StatePropertyAccessor<DialogState>;
}

/** The bot. */
export class KvBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  /** Built once: the main dialog and its children do not change between turns. */
  private readonly dialogs: DialogSet;
  private readonly welcome: StatePropertyAccessor<WelcomeState>;
  private readonly profile: StatePropertyAccessor<UserProfile>;
  /** Conversations whose welcome is being sent by a turn that has not saved its state yet. */
  private readonly welcoming = new Set<string>();
  /**
   * Users whose profile this process found up to date, with when: their next turns within the
   * hour skip reading user state at all (a read, two hashes and a parse on every question).
   */
  private readonly upToDate = new Map<string, { signature: string; at: number }>();

  constructor(private readonly options: KvBotOptions) {
    super();
    this.dialogState = options.dialogState ?? options.conversationState.createProperty<DialogState>('dialogState');
    this.welcome = options.conversationState.createProperty<WelcomeState>('welcome');
    this.profile = options.userState.createProperty<UserProfile>('profile');
    this.dialogs = new DialogSet(this.dialogState).add(options.mainDialog);

    this.onMessage(async (context, next) => {
      await this.rememberUser(context);
      await this.runMainDialog(context);
      await next();
    });

    // 👍 or 😢 on an answer in Teams: the answer's feedback.
    this.onReactionsAdded(async (context, next) => {
      await this.options.mainDialog.routeReaction(context);
      await next();
    });

    // Teams sends conversationUpdate with the bot among membersAdded when it is installed in a
    // chat or added to a team; people joining later are not greeted (that would be noise).
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.sendWelcome(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.sendWelcome(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.welcome.delete(context);
      await next();
    });
  }

  /** Runs the turn, then persists state even when the turn changed nothing visible. */
  override async run(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
      await this.options.conversationState.saveChanges(context, false);
      await this.options.userState.saveChanges(context, false);
    } finally {
      const claimed = context.turnState.get(WELCOME_CLAIM) as string | undefined;
      if (claimed) this.welcoming.delete(claimed);
    }
  }

  /**
   * Teams and the playground send both installationUpdate and conversationUpdate, on first load at
   * the same moment; greet once. The stored `welcomedAt` covers turns that come later; the claim
   * covers a turn that runs while the greeting turn has not saved its state yet.
   */
  private async sendWelcome(context: TurnContext): Promise<void> {
    const key = `${context.activity.channelId}/${context.activity.conversation?.id}`;
    if (this.welcoming.has(key)) return;
    this.welcoming.add(key);
    context.turnState.set(WELCOME_CLAIM, key);
    const state = await this.welcome.get(context, {});
    if (state.welcomedAt) return;
    await context.sendActivity(MessageFactory.attachment(this.options.cards.welcome()));
    state.welcomedAt = new Date().toISOString();
    await this.welcome.set(context, state);
  }

  /**
   * Continues the active dialog (a prompt waiting for its answer), or, when none is active, has
   * the main dialog route the turn without building a dialog stack; a route that begins a
   * multi-turn dialog gets the stack then. Not `runDialog`: that helper also loads and saves the
   * memory scopes of adaptive dialogs (DialogStateManager) on every turn, which these waterfall
   * and prompt dialogs never read.
   */
  private async runMainDialog(context: TurnContext): Promise<void> {
    const state = await this.dialogState.get(context, { dialogStack: [] });
    const main = this.options.mainDialog;
    if (!state.dialogStack?.length)
      return main.routeTurn(context, async (options) => {
        const dc = await this.dialogs.createContext(context);
        return dc.beginDialog(main.id, options);
      });
    // A dialog is active (a prompt waiting for its answer): it gets the turn.
    const dc = await this.dialogs.createContext(context);
    await dc.continueDialog();
  }

  private async rememberUser(context: TurnContext): Promise<void> {
    if (!context.activity.from) return;
    const from = identityOf(context);
    const now = new Date();
    const key = `${context.activity.channelId}/${context.activity.from.id}`;
    const signature = `${from.name ?? ''}|${from.aadObjectId ?? ''}`;
    const seen = this.upToDate.get(key);
    if (seen && seen.signature === signature && now.getTime() - seen.at < LAST_SEEN_RESOLUTION_IN_MS) return;
    const profile = await this.profile.get(context, {});
    profile.firstSeenAt ??= now.toISOString();
    // BotState writes only what changed: leave the profile untouched unless something did.
    const last = profile.lastSeenAt ? Date.parse(profile.lastSeenAt) : Number.NaN;
    if (!(now.getTime() - last < LAST_SEEN_RESOLUTION_IN_MS)) profile.lastSeenAt = now.toISOString();
    if (from.name && profile.name !== from.name) profile.name = from.name;
    if (from.aadObjectId && profile.aadObjectId !== from.aadObjectId) profile.aadObjectId = from.aadObjectId;
    await this.profile.set(context, profile);
    // Bounded: a process that met very many people forgets them all at once and reads again.
    if (this.upToDate.size >= MAX_UP_TO_DATE_USERS) this.upToDate.clear();
    this.upToDate.set(key, { signature, at: Date.parse(profile.lastSeenAt!) });
  }
}
