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
}

/** A message as text and buttons. */
export interface RenderedMessage {
  text: string;
  buttons: CardButton[];
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
  if (a.type === 'Action.OpenUrl' && typeof a.url === 'string') buttons.push({ title: a.title, kind: 'openUrl', url: a.url });
  else if (a.type === 'Action.Submit') buttons.push({ title: a.title, kind: 'submit', data: a.data });
  else if (a.type === 'Action.Execute') buttons.push({ title: a.title, kind: 'submit', data: executeData(a) });
}

function element(e: unknown, lines: string[], buttons: CardButton[]): void {
  if (!isObject(e)) return;
  switch (e.type) {
    case 'TextBlock':
    case 'RichTextBlock':
      if (typeof e.text === 'string') lines.push(e.text);
      break;
    case 'FactSet':
      for (const f of Array.isArray(e.facts) ? e.facts : []) if (isObject(f)) lines.push(`${String(f.title)}: ${String(f.value)}`);
      break;
    case 'ActionSet':
      for (const a of Array.isArray(e.actions) ? e.actions : []) action(a, buttons);
      break;
    case 'ColumnSet':
      for (const c of Array.isArray(e.columns) ? e.columns : []) element({ ...(c as Json), type: 'Container' }, lines, buttons);
      break;
    case 'Container':
    case 'Column':
      for (const i of Array.isArray(e.items) ? e.items : []) element(i, lines, buttons);
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
  if (isObject(card)) {
    for (const e of Array.isArray(card.body) ? card.body : []) element(e, lines, buttons);
    for (const a of Array.isArray(card.actions) ? card.actions : []) action(a, buttons);
  }
  return { text: lines.join('\n'), buttons };
}

/** Text and buttons of a whole message (its text, then each Adaptive Card attachment). */
export function renderActivity(activity: RenderableActivity): RenderedMessage {
  const parts: string[] = [];
  const buttons: CardButton[] = [];
  if (activity.text) parts.push(activity.text);
  for (const att of activity.attachments ?? []) {
    if (att.contentType === ADAPTIVE) {
      const r = renderAdaptiveCard(att.content);
      parts.push(r.text);
      buttons.push(...r.buttons);
    } else if (att.contentType) {
      parts.push(`[${att.contentType} attachment]`);
    }
  }
  return { text: parts.join('\n'), buttons };
}
