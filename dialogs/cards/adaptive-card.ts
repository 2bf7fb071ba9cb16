/**
 * The one Adaptive Card kit every card of the bot is built with: typed elements and actions (the
 * subset of schema 1.5 the bot uses), small builders, and the wrapper into a Bot Framework
 * attachment. Cards render in Teams, the Agents Playground and the terminal chat
 * (src/cli/chat/card-text.ts), so the kit keeps to what all three show well: every TextBlock
 * wraps, nothing has a fixed width, and long labels go in wrapping text rather than in buttons.
 */
import { CardFactory, type Attachment } from 'botbuilder';

/** The schema version of every card the bot sends (what current Teams clients render). */
export const ADAPTIVE_CARD_VERSION = '1.5';

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';

/** How a TextBlock looks. */
export interface TextOptions {
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  color?: 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
  style?: 'default' | 'heading';
  fontType?: 'Default' | 'Monospace';
}

/** Text (Teams renders a Markdown subset in it). Always wraps. */
export interface TextBlock extends TextOptions {
  type: 'TextBlock';
  text: string;
  wrap: true;
}

/** Title/value pairs. */
export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
  spacing?: Spacing;
}

/** A free-text input. */
export interface TextInput {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isRequired?: boolean;
  errorMessage?: string;
  isMultiline?: boolean;
  maxLength?: number;
  value?: string;
}

/** A choice input (a dropdown when `compact`). */
export interface ChoiceSetInput {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  style?: 'compact' | 'expanded';
  isRequired?: boolean;
  value?: string;
  choices: Array<{ title: string; value: string }>;
}

/** A checkbox. */
export interface ToggleInput {
  type: 'Input.Toggle';
  id: string;
  title: string;
  valueOn?: string;
  valueOff?: string;
  value?: string;
}

/** Buttons inside the body (several groups per card are possible, unlike `actions`). */
export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

/** A group of elements, optionally styled (e.g. the sandbox warning). */
export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: Spacing;
  /** Makes the whole container a button (its text wraps, unlike a button title). */
  selectAction?: SubmitAction;
}

/** Every element the bot's cards use. */
export type CardElement = TextBlock | FactSet | TextInput | ChoiceSetInput | ToggleInput | ActionSet | Container;

/** A button whose `data` comes back as the message `value` (with the card's inputs, unless `associatedInputs` is `none`). */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  /** `none`: send no inputs and skip their validation (Cancel, Not now). */
  associatedInputs?: 'auto' | 'none';
}

/** A link button. */
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** A Universal Action (an `adaptiveCard/action` invoke), with a submit fallback for older clients. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  fallback?: SubmitAction;
}

/** Every action the bot's cards use. */
export type CardAction = SubmitAction | OpenUrlAction | ExecuteAction;

/** Card-level options. */
export interface CardOptions {
  /** Universal Actions refresh: Teams redraws the card for these users with `action`. */
  refresh?: { action: ExecuteAction; userIds: string[] };
}

/** A wrapping text block. */
export function text(value: string, options: TextOptions = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** A FactSet of title/value pairs; pairs without a value are left out, and no pairs give no element. */
export function facts(pairs: ReadonlyArray<readonly [string, string | undefined]>): FactSet | undefined {
  const shown = pairs.filter((p): p is readonly [string, string] => p[1] !== undefined && p[1] !== '');
  return shown.length ? { type: 'FactSet', facts: shown.map(([title, value]) => ({ title, value })) } : undefined;
}

/** A submit button. */
export function submit(
  title: string,
  data: Record<string, unknown>,
  options: Pick<SubmitAction, 'style' | 'associatedInputs'> = {},
): SubmitAction {
  return { type: 'Action.Submit', title, data, ...options };
}

/** A submit button that needs and sends none of the card's inputs (Cancel, Not now). */
export function dismiss(title: string, data: Record<string, unknown>): SubmitAction {
  return submit(title, data, { associatedInputs: 'none' });
}

/** A button that opens a link. */
export function openUrl(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

/**
 * A clickable line for a long label (a follow-up question, a "did you mean" choice): a container
 * that acts as the submit button, so the label wraps instead of being cut off like a button title.
 */
export function link(title: string, data: Record<string, unknown>): Container {
  return {
    type: 'Container',
    items: [text(`➜ ${title}`, { color: 'Accent' })],
    selectAction: submit(title, data),
    spacing: 'Small',
  };
}

/** Buttons in the body; no buttons give no element. */
export function buttons(actions: CardAction[]): ActionSet | undefined {
  return actions.length ? { type: 'ActionSet', actions } : undefined;
}

/** The card attachment; undefined body elements are dropped so builders can add them conditionally. */
export function card(
  body: ReadonlyArray<CardElement | undefined>,
  actions: CardAction[] = [],
  options: CardOptions = {},
): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    // Teams: use the full message width so answers with commands do not wrap too early.
    msteams: { width: 'Full' },
    body: body.filter((e): e is CardElement => e !== undefined),
    ...(actions.length ? { actions } : {}),
    ...(options.refresh ? { refresh: options.refresh } : {}),
  });
}
