import { describe, expect, it } from 'vitest';
import { vaultFromAnswer } from '../../dialogs/probe/ask-vault-dialog.js';
import {
  MAX_REQUEST_WORDS,
  findVaultName,
  findVaultNames,
  isDirectRequest,
  requestFromWords,
  someoneElseIn,
} from '../../dialogs/probe/probe-request-parser.js';

describe('vault names asked for again', () => {
  it('give the same answer whatever was asked before (one scan kept per text)', () => {
    const text = 'check kv-a1 and kv-b2 and kv-c3 and kv-d4';
    expect(findVaultName(text)).toBe('kv-a1');
    expect(findVaultNames(text)).toEqual(['kv-a1', 'kv-b2', 'kv-c3']);
    expect(findVaultNames(text, 4)).toEqual(['kv-a1', 'kv-b2', 'kv-c3', 'kv-d4']);
    expect(findVaultNames(text, 2)).toEqual(['kv-a1', 'kv-b2']);
    const names = findVaultNames(text);
    names.push('changed');
    expect(findVaultNames(text)).toEqual(['kv-a1', 'kv-b2', 'kv-c3']);
    expect(findVaultNames('nothing here')).toEqual([]);
  });
});

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
    ["Without List permission Azure Key Vault 'Forbidden' error"],
    ["Add the Key Vault 'accessPolicies' resource to enable incremental updates"],
    ['I have contributor permission on xxxxx key vault but still get an error'],
    ["can't read secrets from key vault 'XXXX'"],
    ['az keyvault set-policy do not work'],
    ['az keyvault key backup --file k.bin --name hardhat-0'],
    ['a parameter with --vault-name would be consistent'],
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
    ['az keyvault set-policy -n mdskv --upn someone@contoso.com --secret-permissions get list', 'mdskv'],
    ['az keyvault set-policy --name contoso-kv --spn 1234 --key-permissions get', 'contoso-kv'],
    ['az keyvault secret show --vault-name kv-orders --name db-password', 'kv-orders'],
    ['az keyvault key backup --file k.bin --name hardhat-0 --vault-name kv-keys', 'kv-keys'],
    ['Set-AzKeyVaultAccessPolicy -VaultName contoso-kv -ObjectId 1234 -PermissionsToSecrets get', 'contoso-kv'],
  ])('"%s" → %s', (text, vault) => {
    expect(findVaultName(text)).toBe(vault);
  });

  it('a bare English word after "vault" still ends in a request without a vault (the FAQ answers it)', () => {
    expect(requestFromWords('monitor key vault latency')).toEqual({ probe: 'availability' });
    expect(requestFromWords('audit logs for key vault operations')).toEqual({ probe: 'logging-status' });
  });

  it(`a request is short and plain: over ${MAX_REQUEST_WORDS} words, or with a code block or a second paragraph, it is a report to answer`, () => {
    const ask = "I can't list secrets in kv-payments";
    expect(requestFromWords(ask)).toMatchObject({ probe: 'permission-check', vault: 'kv-payments' });
    const padded = `${ask} ${'and then it failed again '.repeat(6)}`;
    expect(padded.trim().split(/\s+/).length).toBeGreaterThan(MAX_REQUEST_WORDS);
    expect(isDirectRequest(padded)).toBe(false);
    expect(requestFromWords(padded)).toBeUndefined();
    expect(requestFromWords(`${ask}\n\nHere is what I ran.`)).toBeUndefined();
    expect(requestFromWords(`${ask} \`\`\`az keyvault secret list\`\`\``)).toBeUndefined();
    // The vault is still found in a long report (the answer card's check button starts with it).
    expect(findVaultName(padded)).toBe('kv-payments');
  });

  it.each([
    ['who deleted my secret yesterday in kv-payments'],
    ['who accessed kv-orders last night?'],
    ['who read the db password in kv-orders'],
    ['I need to know who used the secrets in kv-orders'],
  ])('"%s" asks the audit log (logging-status), not a permission check', (text) => {
    expect(requestFromWords(text)?.probe).toBe('logging-status');
  });

  it('a kv- name after "group", "app" or "role" is that thing\'s name, not the vault\'s', () => {
    expect(findVaultName("I was added to the group KV-Readers but still can't see secrets in kv-orders")).toBe(
      'kv-orders',
    );
    expect(findVaultName('the app kv-sync cannot read kv-payments')).toBe('kv-payments');
    expect(findVaultName('our group kv-admins owns it')).toBeUndefined();
  });

  it('"please give me access to kv-orders" and a bare vault name are checks of my own access', () => {
    expect(requestFromWords('please give me access to kv-orders')).toMatchObject({
      probe: 'permission-check',
      vault: 'kv-orders',
    });
    expect(requestFromWords('I need access to kv-orders')).toMatchObject({ probe: 'permission-check' });
    expect(requestFromWords('kv-payments')).toEqual({
      probe: 'permission-check',
      vault: 'kv-payments',
      operation: 'secrets/list',
    });
    expect(requestFromWords('kv-payments?')).toMatchObject({ vault: 'kv-payments' });
  });

  it.each([
    ['can you add me to kv-payments', 'secrets/list'],
    ['get me access to read secrets in kv-payments', 'secrets/get'],
    ['help me fix kv-payments', 'secrets/list'],
    ['troubleshoot kv-payments please', 'secrets/list'],
  ])('"%s" is the check of my own access (%s): adding me is the fix it proposes', (text, operation) => {
    expect(requestFromWords(text)).toEqual({ probe: 'permission-check', vault: 'kv-payments', operation });
  });

  it.each([
    ['hi, I get a 403 on kv-payments', 'secrets/list'],
    ['getting forbidden on kv-payments', 'secrets/list'],
    ['I get 403 when I read secrets in kv-payments', 'secrets/get'],
  ])('"%s": an error one gets is not the get operation (%s)', (text, operation) => {
    expect(requestFromWords(text)).toMatchObject({ probe: 'permission-check', vault: 'kv-payments', operation });
  });

  it('"add me to the kv-readers group": a group named like a vault is not the vault', () => {
    expect(findVaultName('please add me to the kv-readers group')).toBeUndefined();
    expect(findVaultName('the kv-sync app gets 403 on kv-orders')).toBe('kv-orders');
  });

  it.each([
    ['remove my access to kv-orders'],
    ["revoke bob's permissions on kv-orders"],
    ['take away the role of the app on kv-orders'],
  ])('"%s" asks to take access away: not a check of what I can delete', (text) => {
    expect(requestFromWords(text)).toBeUndefined();
  });

  it.each([
    ["my function app can't read secrets from kv-prod", 'your function app', 'app'],
    ['can you grant bob@contoso.com get on secrets in kv-prod', 'bob@contoso.com', 'person'],
    ["my colleague can't list secrets in kv-prod", 'your colleague', 'person'],
    ['our pipeline gets 403 on kv-prod', 'your pipeline', 'app'],
    ['the managed identity of my vm cannot get secrets in kv-prod', 'the managed identity', 'app'],
    ['does the service principal have access to kv-prod', 'the service principal', 'app'],
    ['my app service key vault reference to kv-prod fails', 'your app service', 'app'],
    ['a new team member cannot see secrets in kv-prod', 'a new team member', 'person'],
  ])('"%s" asks about %s (%s), not the asker: the request says so instead of checking the asker', (text, who, kind) => {
    expect(requestFromWords(text)).toMatchObject({ vault: 'kv-prod', someoneElse: { who, kind } });
  });

  it.each([
    ["I can't list secrets in kv-prod"],
    ['can I read secrets in kv-prod?'],
    ['the portal will not show the secrets in kv-prod'],
    ['I get 403 on kv-prod from my laptop'],
    ['can my user list keys in kv-prod'],
    ['give me access to kv-prod'],
    // Another person or app as context, with the asker as the one denied.
    ['my admin gave me access but I still cannot list secrets in kv-prod'],
    ['I get 403 from kv-prod although my colleague can read secrets'],
    // A REST call or a script may well run as the asker (az login): not taken for another identity.
    ['the REST api returns 403 on kv-prod'],
    ['my script cannot list secrets in kv-prod'],
  ])('"%s" is about the asker', (text) => {
    expect(someoneElseIn(text)).toBeUndefined();
    expect(requestFromWords(text)).toMatchObject({ probe: 'permission-check', vault: 'kv-prod' });
  });

  it('the vault-wide checks read the same whoever asks: no note about someone else', () => {
    expect(requestFromWords('is logging on for the vault our pipeline uses, kv-prod')).toEqual({
      probe: 'logging-status',
      vault: 'kv-prod',
    });
    expect(requestFromWords('is kv-prod throttling my function app')).toEqual({
      probe: 'throttling',
      vault: 'kv-prod',
    });
  });

  it('an object id says who: "check <id> on kv-prod" checks that identity, whoever the words mention', () => {
    const id = '8c1f4a52-3b7e-4d0a-9a61-2f5e7c9d1b3a';
    expect(requestFromWords(`check ${id} on kv-prod`)).toEqual({
      probe: 'permission-check',
      vault: 'kv-prod',
      principal: id,
      operation: 'secrets/list',
    });
    expect(requestFromWords(`can the managed identity ${id} read secrets in kv-prod`)).toEqual({
      probe: 'permission-check',
      vault: 'kv-prod',
      principal: id,
      operation: 'secrets/get',
    });
  });

  it('every vault named, in order, at most three; the first is the one findVaultName picks', () => {
    expect(findVaultNames('can you check kv-orders and kv-payments')).toEqual(['kv-orders', 'kv-payments']);
    expect(findVaultNames('kv-a1, kv-b2, kv-c3 and kv-d4')).toEqual(['kv-a1', 'kv-b2', 'kv-c3']);
    expect(findVaultNames('kv-orders then kv-orders again')).toEqual(['kv-orders']);
    expect(findVaultName('can you check kv-orders and kv-payments')).toBe('kv-orders');
    expect(requestFromWords('is logging on for kv-orders and kv-payments')).toEqual({
      probe: 'logging-status',
      vault: 'kv-orders',
      otherVaults: ['kv-payments'],
    });
  });

  it('"check kv-prod" is the check of my own access; "key vault" is not a key', () => {
    expect(requestFromWords('check kv-prod')).toEqual({
      probe: 'permission-check',
      vault: 'kv-prod',
      operation: 'secrets/list',
    });
    expect(requestFromWords('please check my access to vault kv-prod')).toMatchObject({ vault: 'kv-prod' });
    expect(requestFromWords("I can't read secrets in key vault kv-prod")?.operation).toBe('secrets/get');
    expect(requestFromWords('my key vault kv-prod refuses me')?.operation).toBe('secrets/list');
    expect(requestFromWords('can I create keys in kv-prod')?.operation).toBe('keys/create');
  });

  it.each([
    ['https://kv-payments.vault.azure.net/secrets/db-password returns 403', 'secrets/get'],
    ['https://kv-payments.vault.azure.net/secrets/db-password/0123abcd forbidden', 'secrets/get'],
    ['https://kv-payments.vault.azure.net/secrets?api-version=7.4 is forbidden', 'secrets/list'],
    ['GET https://kv-payments.vault.azure.net/keys/signing-key/sign fails with 403', 'keys/sign'],
    ['POST https://kv-payments.vault.azure.net/keys/k1/0123abcd/unwrapkey?api-version=7.4 403', 'keys/unwrapKey'],
    ['https://kv-payments.vault.azure.net/certificates/web-tls 403', 'certificates/get'],
    ["I can't delete https://kv-payments.vault.azure.net/secrets/old", 'secrets/delete'],
  ])('a data-plane URI names the operation: "%s" → %s', (text, operation) => {
    expect(requestFromWords(text)).toMatchObject({ probe: 'permission-check', vault: 'kv-payments', operation });
  });

  it('"who can change access on kv-payments" still asks who may change access', () => {
    expect(requestFromWords('who can change access on kv-payments')?.probe).toBe('modify-rights');
  });

  it('an answer to "which vault?" may be a bare word: it is the whole answer', () => {
    expect(vaultFromAnswer('payments')).toBe('payments');
    expect(vaultFromAnswer('it is the vault named orders')).toBe('orders');
  });
});
