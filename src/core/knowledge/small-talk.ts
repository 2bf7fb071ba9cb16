/**
 * Recognises messages that are only small talk (greetings, thanks, help, goodbye, cancel, a bare "yes") so the bot
 * answers them itself instead of searching the KB. A message with any other words ("hi, I get a
 * 403") is not small talk.
 */
import type { SmallTalkKind } from './faq-types.js';
import { stripMarkup } from './text-normalizer.js';

// Checked in this order: "hi, what can you do?" is a help request, "thanks, bye" a goodbye.
const PATTERNS: readonly [SmallTalkKind, RegExp][] = [
  ['help', /\b(help|help me|what can you do|what do you do|how does this work|how do you work|who are you|what are you|commands|menu|options|get started|getting started)\b/g],
  ['goodbye', /\b(bye|goodbye|good bye|bye bye|see you|see ya|cya|later|good night|that is all|thats all|that's all|i am done|i'm done|im done|signing off)\b/g],
  // "cancel" typed while no question is pending (a consent card's Cancel button was meant, or the
  // person changed their mind): not a question the FAQ failed, and not one to count as unanswered.
  ['cancel', /\b(cancel|stop|never mind|nevermind|forget it|no thanks|no thank you|not now|no)\b/g],
  // "yes" typed under a consent or fix card: the bot acts only on the card's button (see faq-responder.ts).
  ['confirm', /\b(yes|yes please|yeah|yep|sure|go ahead|do it|run it|please do|proceed|go for it)\b/g],
  ['thanks', /\b(thanks|thank you|thank u|thankyou|thx|ty|cheers|much appreciated|appreciate it|great|awesome|perfect|cool|nice|ok|okay|got it|that helped|that worked|helpful)\b/g],
  ['greeting', /\b(hi|hello|hey|hiya|howdy|yo|greetings|good morning|good afternoon|good evening|good day|morning|what's up|whats up|sup|how are you|how's it going)\b/g],
];

// Words that may accompany small talk without changing its meaning.
const FILLER = /\b(there|all|everyone|team|bot|kvbot|assistant|folks|guys|so|much|very|a|lot|again|for|the|your|you|me|to|and|please|just|oh|well|really)\b/g;

// Every run of letters any pattern or filler word can remove. A message holding a run outside this
// set cannot be small talk (patterns remove whole runs only: \b never falls inside a run of
// letters), so it is refused before the patterns are run over it: most messages, long ones above all.
// The set is read from the patterns' source, so every alternative must be plain words: a regex
// construct there ("thanks?") would be taken as a word and quietly stop that phrase from counting.
const SMALL_TALK_RUNS: ReadonlySet<string> = new Set(
  [...PATTERNS.map(([, p]) => p), FILLER].flatMap((p) =>
    p.source
      .replace(/^\\b\(|\)\\b$/g, '')
      .split('|')
      .flatMap((alt) => {
        if (!/^[a-z' ]+$/.test(alt)) throw new Error(`small-talk pattern alternative "${alt}" must be plain lower-case words`);
        return alt.split(/[' ]+/);
      }),
  ),
);

const LETTER_RUN = /[a-z]+/g;

/** Returns the kind of small talk, or null when the message has real content. */
export function detectSmallTalk(text: string): SmallTalkKind | null {
  const lower = stripMarkup(text).toLowerCase();
  // The runs of letters below are those of `lower` (every other character only separates them):
  // the first unknown run refuses the message before the whole text is rewritten.
  for (const [run] of lower.matchAll(LETTER_RUN)) if (!SMALL_TALK_RUNS.has(run)) return null;
  let s = lower.replace(/[\u2019]/g, "'").replace(/[^a-z' ]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (s === '') return text.trim() === '?' ? 'help' : null;
  let kind: SmallTalkKind | null = null;
  for (const [k, pattern] of PATTERNS) {
    const next = s.replace(pattern, ' ');
    if (next !== s && kind === null) kind = k;
    s = next;
  }
  if (kind === null) return null;
  return s.replace(FILLER, ' ').replace(/['\s]+/g, '') === '' ? kind : null;
}
