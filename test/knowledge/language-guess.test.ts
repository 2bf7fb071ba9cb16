import { describe, expect, it } from 'vitest';
import { nonEnglishLanguage } from '../../src/core/knowledge/language-guess.js';

describe('the language of a message the FAQ could not answer', () => {
  it.each([
    ['Ich kann keine Geheimnisse im Key Vault auflisten', 'German'],
    ["je n'arrive pas à lire les secrets du coffre", 'French'],
    ['No puedo listar los secretos en kv-payments', 'Spanish'],
    ['não consigo ler os segredos do key vault', 'Portuguese'],
    ['non riesco a leggere i segreti del key vault', 'Italian'],
    ['ik kan de geheimen in de key vault niet lezen', 'Dutch'],
  ])('"%s" is %s', (text, language) => expect(nonEnglishLanguage(text)).toBe(language));

  it.each([
    ["why can't I list secrets in my vault"],
    ['die die die'],
    ['java.lang.IllegalStateException: Failed to configure KeyVault property source at com.azure.spring.cloud.autoconfigure'],
    ['see https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues for the error'],
    ['403'],
  ])('"%s" is not taken for another language', (text) => expect(nonEnglishLanguage(text)).toBeUndefined());
});
