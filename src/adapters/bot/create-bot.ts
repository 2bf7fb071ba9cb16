/**
 * Assembles the conversation: state over the given Storage, the FAQ responder, the main dialog
 * with its extension routes, and the Teams activity handler. Used by `startBot` and by tests that
 * drive the bot through botbuilder's TestAdapter, so both run the same wiring.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationState, UserState, Storage } from 'botbuilder';
import { SnapshotConversationState, SnapshotUserState } from './snapshot-bot-state.js';
import type { DialogState } from 'botbuilder-dialogs';
import type { FaqCards } from '../../../dialogs/faq-cards.js';
import type { FaqKnowledge } from '../../../dialogs/faq-knowledge.js';
import { FaqResponder, type FaqConversationData } from '../../../dialogs/faq-responder.js';
import type { FeedbackStores } from '../../../dialogs/feedback-stores.js';
import { MainDialog, type MainDialogOptions } from '../../../dialogs/main-dialog.js';
import { TeamsFaqCards } from '../../../dialogs/faq-teams-cards.js';
import { findVaultName } from '../../../dialogs/probe/probe-request-parser.js';
import { KvBot } from './kv-bot.js';

/** Extension points for later features (triage, probes, fixes, approvals, escalation). */
export type BotExtensions = Pick<MainDialogOptions, 'textRoutes' | 'submitRoutes' | 'dialogs' | 'observers'>;

/** What the conversation needs from the outside. */
export interface CreateBotOptions {
  knowledge: FaqKnowledge;
  stores: FeedbackStores;
  /** Bot state storage (file-backed in production, MemoryStorage in tests). */
  storage: Storage;
  cards?: FaqCards;
  extensions?: BotExtensions;
  now?: () => Date;
  newId?: () => string;
}

/** The assembled conversation. */
export interface AssembledBot {
  bot: KvBot;
  conversationState: ConversationState;
  userState: UserState;
  mainDialog: MainDialog;
  cards: FaqCards;
}

/** Builds the bot and its state from its dependencies. */
export function createBot(options: CreateBotOptions): AssembledBot {
  const conversationState = new SnapshotConversationState(options.storage);
  const userState = new SnapshotUserState(options.storage);
  const cards = options.cards ?? new TeamsFaqCards();
  const responder = new FaqResponder({
    knowledge: options.knowledge,
    cards,
    stores: options.stores,
    conversationData: conversationState.createProperty<FaqConversationData>('faq'),
    now: options.now,
    newId: options.newId ?? randomUUID,
    vaultNamedIn: findVaultName,
  });
  const mainDialog = new MainDialog({ responder, cards, ...options.extensions });
  const bot = new KvBot({
    conversationState,
    userState,
    mainDialog,
    cards,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
  });
  return { bot, conversationState, userState, mainDialog, cards };
}
