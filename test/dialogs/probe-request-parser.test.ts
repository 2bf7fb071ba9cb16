import { describe, expect, it } from 'vitest';
import { vaultFromAnswer } from '../../dialogs/probe/ask-vault-dialog.js';
import { findVaultName, requestFromWords } from '../../dialogs/probe/probe-request-parser.js';

describe('probe requests in words: which vault the text names', () => {
  it.each([
    ['monitor key vault latency'],
    ['audit logs for key vault operations'],
    ['alerts on key vault availability'],
    ['key vault performance is bad today'],
    ['is key vault diagnostics on?'],
    ['enable key vault auditing'],
    ['my key vault references stopped working'],
    ['the key vault integration in my pipeline cannot read secrets'],
  ])('"%s": an English word after "key vault" is not a vault name', (text) => {
    expect(findVaultName(text)).toBeUndefined();
    expect(requestFromWords(text)?.vault).toBeUndefined();
  });

  it.each([
    ['check my access to kv-orders', 'kv-orders'],
    ['can I get secrets in vault payments-prod', 'payments-prod'],
    ["I can't list secrets in key vault mykeyvault", 'mykeyvault'],
    ['is logging on for vault kvprod01', 'kvprod01'],
    ['is logging on for vault contoso2', 'contoso2'],
    ['check the vault named payments', 'payments'],
    ['check the vault called "orders"', 'orders'],
    ["can I read secrets in key vault 'payments'", 'payments'],
    ['https://orders.vault.azure.net/secrets/db is forbidden', 'orders'],
    ['the key vault access policy of vault shm-cvdnetdev-kv', 'shm-cvdnetdev-kv'],
  ])('"%s" → %s', (text, vault) => {
    expect(findVaultName(text)).toBe(vault);
  });

  it('a bare English word after "vault" still ends in a request without a vault (the FAQ answers it)', () => {
    expect(requestFromWords('monitor key vault latency')).toEqual({ probe: 'availability' });
    expect(requestFromWords('audit logs for key vault operations')).toEqual({ probe: 'logging-status' });
  });

  it('an answer to "which vault?" may be a bare word: it is the whole answer', () => {
    expect(vaultFromAnswer('payments')).toBe('payments');
    expect(vaultFromAnswer('it is the vault named orders')).toBe('orders');
  });
});
