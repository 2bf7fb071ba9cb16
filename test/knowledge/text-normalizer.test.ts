import { describe, expect, it } from 'vitest';
import { contentTokens, normalizeText } from '../../src/core/knowledge/text-normalizer.js';
import { stem } from '../../src/core/knowledge/stemmer.js';
import { detectSmallTalk } from '../../src/core/knowledge/small-talk.js';
import { TypoCorrector } from '../../src/core/knowledge/typo-corrector.js';

describe('text normaliser', () => {
  it.each([
    ['<at>KV Bot</at> Why can\'t I list secrets?', 'why unable i list secrets'],
    ['AAD group', 'entra group'],
    ['Azure AD group', 'entra group'],
    ['Microsoft Entra ID group', 'entra group'],
    ['my Azure Key Vault', 'my kv'],
    ['the KV', 'the kv'],
    ['certs', 'certificate'],
    ['MI or SP?', 'managedidentity or serviceprincipal'],
    ['app registration', 'serviceprincipal'],
    ['getting 403s', 'getting forbidden'],
    ['HTTP 401', 'http unauthenticated'],
    ['429', 'toomanyrequests'],
    ['throttled', 'throttle'],
    ['response times are high', 'latency are high'],
    ['cant list secrets in kv-payments-prod', 'unable list secrets in'],
    ["oid=9f8e7d6c-1111-4222-8333-444455556666 on 'kv-orders-01'", 'oid on'],
    ['set-policy for sg-platform-devs', 'set accesspolicy for'],
    ['on-prem', 'onpremises'],
    ['access policies are greyed out', 'accesspolicy are disabled'],
    ['Get-AzKeyVaultSecret -VaultName kv-fin -Name DbPassword', 'get secret'],
    ['az keyvault secret show --vault-name kv1 --name foo', 'cli kv secret see'],
    ['3am and the vault is down', 'and the kv is down'],
    ['C# and .NET samples', 'code and code samples'],
    ['the portal will not let me', 'the portal notallowed'],
    ['recover a deleted secret', 'softdelete secret'],
    ['ClientSecretCredential in java', 'azurecredential in code'],
    ['CredentialUnavailableError', 'autherror'],
    ['a team instead of individual users', 'a group instead of peruser'],
    ['an individual secret', 'an individual secret'],
    ['is it up right now', 'outage now'],
    ['calls keep timing out', 'calls keep timeout'],
    ['The user, group or application does not have', 'the caller does not have'],
    ['owner of the resource group', 'owner of the resource'],
    ['is teams down', 'is msteams'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('drops stop words and stems inflections onto one token', () => {
    expect(contentTokens('I am listing the secrets')).toEqual(contentTokens('list secret'));
    expect(contentTokens('throttled')).toEqual(contentTokens('throttling'));
    expect(contentTokens('policies edited')).toEqual(contentTokens('access policy edit'));
    expect(stem('deleting')).toBe(stem('deleted'));
    expect(stem('available')).toBe(stem('availability'));
    // "added" must not fold onto "ad" (Azure AD).
    expect(contentTokens('added to the group')).toEqual(['add', 'group']);
  });
});

describe('small talk', () => {
  it.each([
    ['hi', 'greeting'], ['Good morning!', 'greeting'], ['thanks a lot', 'thanks'], ['thank you bot', 'thanks'],
    ['help', 'help'], ['what can you do?', 'help'], ['bye', 'goodbye'], ['<at>KV Bot</at> hello there', 'greeting'],
  ])('%s is %s', (text, kind) => {
    expect(detectSmallTalk(text)).toBe(kind);
  });

  it('is not small talk when there is a real question', () => {
    expect(detectSmallTalk('hi, I get a 403 on my vault')).toBeNull();
    expect(detectSmallTalk('thanks, but how do I enable logging?')).toBeNull();
  });
});

describe('typo corrector', () => {
  const c = new TypoCorrector(['permission', 'throttl', 'logging', 'lack']);
  it('fixes one-letter mistakes and swaps, not short or distant words', () => {
    expect(c.correct('permision')).toBe('permission');
    expect(c.correct('thrxxtl')).toBeNull();
    expect(c.correct('thorttl')).toBe('throttl');
    expect(c.correct('back')).toBeNull();
    expect(c.correct('lcak')).toBe('lack');
    expect(c.correct('weather')).toBeNull();
  });
});
