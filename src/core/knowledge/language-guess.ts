/**
 * A guess at the language of a message the FAQ could not answer. The knowledge base and the matcher
 * are English; a question in German or French gets "no confident answer" with unrelated suggestions,
 * which reads as if the bot did not know the topic. Telling the person to ask in English (error texts
 * can stay as they are) is the useful answer. Function words decide: they are frequent, short and
 * differ between languages, and Key Vault terms (vault, secret, 403) are the same in all of them.
 */

/** Common function words per language (none of them an English word, a Key Vault term or a name part). */
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
 German: new Set(
 'ich kann keine nicht der das den dem ein eine einen und oder mit auf für ist sind wir ihr sie es wie warum wo bekomme habe hat haben wird werden auch noch schon aber beim zum zur vom auflisten lesen zugriff berechtigung geheimnisse geht funktioniert'.split(' '),
  ),
  French: new Set(
    "je ne pas les des une est sont nous vous ils elle avec pour dans sur sans mais comment pourquoi quoi où j'ai n'arrive arrive lire accès erreur coffre droits autorisation fonctionne peux puis".split(' '),
  ),
 Spanish: new Set(
 'yo puedo los las una unos es estamos para por pero cómo qué por qué dónde tengo tiene acceso secretos permisos funciona leer listar el la del al mi mis'.split(' '),
  ),
 Portuguese: new Set(
 'eu não posso os uma é são para por sem mas por que onde tenho tem acesso segredos permissões funciona ler listar meu minha da ao'.split(' '),
  ),
 Italian: new Set(
 'non posso gli le una è sono con senza ma perché dove ho accesso segreti permessi funziona leggere elencare il lo della del mio mia'.split(' '),
  ),
 Dutch: new Set(
 'ik kan geen niet het een en op voor zijn wij jullie hoe waarom wat waar heb heeft toegang geheimen rechten werkt lezen mijn'.split(' '),
  ),
};

/** English function words: a message with as many of these is English with a few foreign words in it. */
const ENGLISH = new Set(
  'i can not cannot the a an and or with on for is are we you it how why what where have has get my me to in of from this that do does'.split(' '),
);

/**
 * The language a message seems to be written in when it is not English, or undefined (English, or
 * too little to tell). At least three function words of one language, and more than English ones.
 */
export function nonEnglishLanguage(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const english = words.filter((w) => ENGLISH.has(w)).length;
  let best: [string, number] | undefined;
  for (const [language, set] of Object.entries(FUNCTION_WORDS)) {
    const n = words.filter((w) => set.has(w)).length;
    if (!best || n > best[1]) best = [language, n];
  }
  return best && best[1] >= 3 && best[1] > english ? best[0] : undefined;
}
