/**
 * A small suffix stemmer: enough to fold "listing/listed/lists", "policies/policy" and
 * "throttling/throttled/throttle" onto one form. A full Porter stemmer would over-conflate the
 * short technical vocabulary of the KB (e.g. "access"/"accessible").
 */

const UNDOUBLE = /(bb|dd|gg|mm|nn|pp|tt)$/;

/** "stopp" → "stop", but "add" stays "add" (undoubling it would make "added" read as "AD"). */
function undouble(w: string): string {
  return w.length > 3 && UNDOUBLE.test(w) ? w.slice(0, -1) : w;
}

/** Returns the stem of one lower-case word. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ability') && w.length > 8) w = w.slice(0, -5);
  else if (w.endsWith('ations') && w.length > 7) w = w.slice(0, -4);
  else if (w.endsWith('ation') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('able') && w.length > 6) w = w.slice(0, -2); // like "ability" above: available → availab
  else if (w.endsWith('ments') && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith('ment') && w.length > 6) w = w.slice(0, -4);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith('es') && /(ch|sh|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}
