import { describe, expect, it } from 'vitest';
import { focusMessage, MAX_FOCUS_SENTENCES } from '../../src/core/knowledge/message-focus.js';

describe('focusMessage', () => {
  it('drops stack frames, JSON, Terraform and PowerShell lines but keeps an error message in words', () => {
    const message = [
      'Function app cannot read its connection string',
      'Since this morning the function fails on start-up.',
      '```',
      'Azure.RequestFailedException: The user, group or application does not have secrets get permission on key vault',
      '   at Azure.Core.HttpPipelineExtensions.ProcessMessageAsync(HttpPipeline pipeline, HttpMessage message)',
      '   at Azure.Security.KeyVault.Secrets.SecretClient.GetSecretAsync(String name)',
      '{"error":{"code":"Forbidden","innererror":{"code":"AccessDenied"}}}',
      '```',
      'resource "azurerm_key_vault_access_policy" "fn" {',
      '  object_id = azurerm_linux_function_app.fn.identity[0].principal_id',
      '}',
      'PS C:\\> Get-AzKeyVaultSecret -VaultName kv-fn -Name Db',
      'What permission is missing?',
    ].join('\n');
    const focus = focusMessage(message);
    expect(focus.hadCode).toBe(true);
    expect(focus.text).toContain('Function app cannot read its connection string');
    expect(focus.text).toContain('does not have secrets get permission on key vault');
    expect(focus.text).toContain('What permission is missing?');
    expect(focus.text).not.toMatch(/ProcessMessageAsync|innererror|principal_id|azurerm_key_vault_access_policy|Get-AzKeyVaultSecret/);
  });

  it('offers the sentences of a longer message, the question first, then the error, then the title', () => {
    const focus = focusMessage('Pipeline stopped working\nWe changed nothing in the release. The log says access denied for the service connection. How do we fix it?');
    expect(focus.sentences[0]).toBe('How do we fix it?');
    expect(focus.sentences[1]).toBe('The log says access denied for the service connection.');
    expect(focus.sentences[2]).toBe('Pipeline stopped working');
    expect(focus.sentences).toContain('We changed nothing in the release.');
  });

  it('scores a one-sentence question as it is, without sentence views', () => {
    const focus = focusMessage("why can't I list secrets in kv-payments?");
    expect(focus.text).toBe("why can't I list secrets in kv-payments?");
    expect(focus.sentences).toEqual([]);
  });

  it('keeps a message that is nothing but code, so triage-worthy pastes still reach the matcher', () => {
    const paste = '{"error":{"code":"Unauthorized","message":"AKV10032: Invalid issuer."}}';
    expect(focusMessage(paste).text).toContain('AKV10032');
  });

  it('reads a bounded amount of text and a bounded number of sentences', () => {
    const focus = focusMessage(Array.from({ length: 5000 }, (_, i) => `Sentence number ${i} is about the vault.`).join(' '));
    expect(focus.sentences.length).toBeLessThanOrEqual(MAX_FOCUS_SENTENCES);
    expect(focus.text.length).toBeLessThanOrEqual(8000);
  });
});
