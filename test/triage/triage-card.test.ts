/**
 * The triage card for the kinds added in issue 8: a heading that says what happened (and, for the
 * conditions that are not access problems, that they are not), the facts the triage found, the KB
 * answer when one fits and the prefilled check only where a check can tell more.
 */
import { describe, expect, it } from 'vitest';
import { triageCard, triageHeading } from '../../dialogs/triage/triage-card.js';
import { triageError } from '../../src/core/triage/index.js';
import { button, buttonsOf, textOf } from '../helpers/card-assertions.js';

function cardFor(text: string, answerTitle?: string) {
  const result = triageError(text);
  const answer = result.answer
    ? { id: result.answer.id, title: answerTitle ?? result.answer.source.heading }
    : undefined;
  return { result, card: { attachments: [triageCard(result, answer, undefined, text)] } };
}

const titles = (card: Parameters<typeof buttonsOf>[0]) => buttonsOf(card).map((b) => b.title);

describe('triage card, new kinds', () => {
  it('forbidden-unspecified: says the error gives no reason, links the 403 entry and offers the access check on the vault', () => {
    const { card } = cardFor(
      "Get-AzKeyVaultSecret -VaultName kv-ops-01 -Name x\nGet-AzKeyVaultSecret : Operation returned an invalid status code 'Forbidden'",
      'Key Vault returns HTTP 403 Forbidden. How do I fix it?',
    );
    const text = textOf(card);
    expect(text.split('\n')[0]).toBe('🔎 Forbidden (403): the error does not say why');
    expect(text).toContain('Vault: kv-ops-01');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
    expect(button(card, 'Check my access').data).toMatchObject({
      kvbot: 'probe.start',
      probe: 'permission-check',
      vault: 'kv-ops-01',
    });
  });

  it('sign-in-failed: names the credential and the Entra code, links the authentication entry, offers no check', () => {
    const { card } = cardFor(
      'ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys are expired.',
    );
    const text = textOf(card);
    expect(text.split('\n')[0]).toBe('🔎 Sign-in failed: Key Vault was never reached');
    expect(text).toContain('Credential: ClientSecretCredential');
    expect(text).toContain('Sign-in error: AADSTS7000222');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'authenticate-app' });
    expect(titles(card)).not.toContain('Check my access');
  });

  it('not-found and name-resolution: say they are not access problems, with no entry and no check', () => {
    const notFound = cardFor('(SecretNotFound) A secret with (name/id) db-conn was not found in this key vault.');
    expect(textOf(notFound.card).split('\n')[0]).toBe('🔎 Not found: not an access problem');
    expect(textOf(notFound.card)).toContain('Not found: secret db-conn');
    expect(titles(notFound.card)).toEqual(['Talk to a person']);

    const dns = cardFor('getaddrinfo ENOTFOUND kv-app-01.vault.azure.net');
    expect(textOf(dns.card).split('\n')[0]).toBe('🔎 Vault host name does not resolve: not an access problem');
    expect(textOf(dns.card)).toContain('Host: kv-app-01.vault.azure.net');
    expect(titles(dns.card)).toEqual(['Talk to a person']);
  });

  it('a known non-access condition gets its own heading rather than "cause not recognised"', () => {
    const { result } = cardFor("The subscription is not registered to use namespace 'Microsoft.KeyVault'.");
    expect(result.kind).toBe('unrecognised');
    expect(triageHeading(result)).toBe('Resource provider not registered: not an access problem');
    expect(triageHeading(triageError('{"error":{"code":"OddFailure","message":"?"}}'))).toBe(
      'A Key Vault error, cause not recognised',
    );
  });
});
