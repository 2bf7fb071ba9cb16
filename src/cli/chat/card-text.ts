/**
 * Renders bot messages (text and Adaptive Cards) as plain text with a list of buttons, for the
 * terminal chat and for tests that check what the user would see and click.
 */

/** A button on a card. */
export interface CardButton {
  title: string;
  kind: 'submit' | 'openUrl';
  /** What Action.Submit sends back as the message `value`. */
  data?: unknown;
  url?: string;
  /** `none`: the button sends none of the card's inputs and needs none (Cancel, Not now). */
  associatedInputs?: 'auto' | 'none';
}

/** An input field on a card (Input.Text, Input.ChoiceSet, Input.Toggle…); its value is sent with a submit. */
export interface CardInput {
  id: string;
  label: string;
  required: boolean;
  /** The value sent when the user gives none. */
  defaultValue?: string;
  /** For choice sets: the allowed values with their titles. */
  choices?: { title: string; value: string }[];
}

/** A message as text, buttons and the input fields its buttons submit. */
export interface RenderedMessage {
  text: string;
  buttons: CardButton[];
  inputs: CardInput[];
}

/** An activity as far as rendering cares. */
export interface RenderableActivity {
  type?: string;
  text?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What a terminal can send for an `Action.Execute` (a Universal Action, e.g. Approve): its
 * `Action.Submit` fallback's data when it has one, else the Execute data as a submit value named
 * by its verb (`{ kvbot: verb, …data }`), which is the form the approval submit route accepts.
 */
function executeData(a: Json): unknown {
  const fallback = a.fallback;
  if (isObject(fallback) && fallback.type === 'Action.Submit') return fallback.data;
  const data = isObject(a.data) ? a.data : {};
  return typeof a.verb === 'string' ? { kvbot: a.verb, ...data } : data;
}

function action(a: unknown, buttons: CardButton[]): void {
  if (!isObject(a) || typeof a.title !== 'string') return;
  if (a.type === 'Action.OpenUrl' && typeof a.url === 'string')
    buttons.push({ title: a.title, kind: 'openUrl', url: a.url });
  // Adaptive Cards 1.3+: `associatedInputs: "none"` sends no inputs and skips their validation.
  const inputs =
    typeof a.associatedInputs === 'string' && a.associatedInputs.toLowerCase() === 'none'
      ? { associatedInputs: 'none' as const }
      : {};
  if (a.type === 'Action.Submit') buttons.push({ title: a.title, kind: 'submit', data: a.data, ...inputs });
  else if (a.type === 'Action.Execute')
    buttons.push({ title: a.title, kind: 'submit', data: executeData(a), ...inputs });
}

function input(e: Json, inputs: CardInput[]): void {
  if (typeof e.id !== 'string') return;
  const label =
    [e.label, e.placeholder, e.title, e.id].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? e.id;
  const choices = Array.isArray(e.choices)
    ? e.choices.filter(isObject).map((c) => ({ title: String(c.title ?? c.value), value: String(c.value) }))
    : undefined;
  const defaultValue =
    e.type === 'Input.Toggle'
      ? String(e.value ?? e.valueOff ?? 'false')
      : e.value === undefined
        ? undefined
        : String(e.value);
  inputs.push({
    id: e.id,
    label,
    required: e.isRequired === true,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(choices ? { choices } : {}),
  });
}

function element(e: unknown, lines: string[], buttons: CardButton[], inputs: CardInput[] = []): void {
  if (!isObject(e)) return;
  if (typeof e.type === 'string' && e.type.startsWith('Input.')) {
    input(e, inputs);
    return;
  }
  switch (e.type) {
    case 'TextBlock':
    case 'RichTextBlock':
      if (typeof e.text === 'string') lines.push(e.text);
      break;
    case 'FactSet':
      for (const f of Array.isArray(e.facts) ? e.facts : [])
        if (isObject(f)) lines.push(`${String(f.title)}: ${String(f.value)}`);
      break;
    case 'ActionSet':
      for (const a of Array.isArray(e.actions) ? e.actions : []) action(a, buttons);
      break;
    case 'ColumnSet':
      for (const c of Array.isArray(e.columns) ? e.columns : [])
        element({ ...(c as Json), type: 'Container' }, lines, buttons, inputs);
      break;
    case 'Container':
    case 'Column':
      // A container with a selectAction is one button (its text is the button's label).
      if (isObject(e.selectAction)) action(e.selectAction, buttons);
      else for (const i of Array.isArray(e.items) ? e.items : []) element(i, lines, buttons, inputs);
      break;
    case 'Image':
      lines.push(`[image${typeof e.altText === 'string' ? `: ${e.altText}` : ''}]`);
      break;
    default:
      break;
  }
}

/** Text and buttons of one Adaptive Card. */
export function renderAdaptiveCard(card: unknown): RenderedMessage {
  const lines: string[] = [];
  const buttons: CardButton[] = [];
  const inputs: CardInput[] = [];
  if (isObject(card)) {
    for (const e of Array.isArray(card.body) ? card.body : []) element(e, lines, buttons, inputs);
    for (const a of Array.isArray(card.actions) ? card.actions : []) action(a, buttons);
  }
  return { text: lines.join('\n'), buttons, inputs };
}

/** Text and buttons of a whole message (its text, then each Adaptive Card attachment). */
export function renderActivity(activity: RenderableActivity): RenderedMessage {
  const parts: string[] = [];
  const buttons: CardButton[] = [];
  const inputs: CardInput[] = [];
  if (activity.text) parts.push(activity.text);
  for (const att of activity.attachments ?? []) {
    if (att.contentType === ADAPTIVE) {
      const r = renderAdaptiveCard(att.content);
      parts.push(r.text);
      buttons.push(...r.buttons);
      inputs.push(...r.inputs);
    } else if (att.contentType) {
      parts.push(`[${att.contentType} attachment]`);
    }
  }
  return { text: parts.join('\n'), buttons, inputs };
}

/**
 * Teams' Markdown subset as a terminal shows it: bold markers, inline code ticks, code fences and
 * link syntax removed (`**kv-1**` → `kv-1`, `[Learn](https://…)` → `Learn (https://…)`).
 */
export function terminalText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/gi, '')
    .replace(/\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1');
}
