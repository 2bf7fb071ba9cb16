/**
 * Maps a misspelled query token onto a KB vocabulary token at edit distance ≤ 1 (insert,
 * delete, substitute, adjacent swap), using a deletion index: each vocabulary word and each of
 * its one-letter deletions point back to the word, so a lookup costs O(word length).
 */

/** Vocabulary-backed typo corrector. */
export class TypoCorrector {
  private readonly index = new Map<string, string[]>();

  /**
   * `vocabulary`: the known tokens; `minLength`: shorter tokens get only adjacent-swap fixes
   * ("lsit" → "list"), since a substituted letter in a 4-letter word is as likely another word
   * ("back" is not "lack"); tokens under 4 letters are never corrected.
   */
  constructor(vocabulary: Iterable<string>, private readonly minLength = 5) {
    for (const word of vocabulary) {
      if (word.length < 4) continue;
      for (const key of [word, ...deletions(word)]) {
        const list = this.index.get(key);
        if (list) {
          if (!list.includes(word)) list.push(word);
        } else this.index.set(key, [word]);
      }
    }
  }

  /** The single closest known word, or null when there is none or the choice is ambiguous. */
  correct(token: string): string | null {
    if (token.length < 4) return null;
    const swapOnly = token.length < this.minLength;
    // The token and each of its one-letter deletions, looked up without building the list; stops
    // at a second distinct close word (ambiguous). Long messages hold dozens of unknown words.
    let found: string | null = null;
    for (let i = -1; i < token.length; i++) {
      const list = this.index.get(i < 0 ? token : token.slice(0, i) + token.slice(i + 1));
      if (!list) continue;
      for (const w of list) {
        if (w === token || w === found || !(swapOnly ? isAdjacentSwap(token, w) : distanceAtMostOne(token, w))) continue;
        if (found !== null) return null;
        found = w;
      }
    }
    return found;
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** True when a and b differ by one insert, delete, substitution or adjacent transposition. */
function distanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
