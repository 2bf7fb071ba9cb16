import { describe, expect, it } from 'vitest';
import { vaultQuestionCard, vaultQuestionIn } from '../../dialogs/probe/vault-questions.js';
import { requestFromWords } from '../../dialogs/probe/probe-request-parser.js';

describe('whole-vault questions: which words ask them', () => {
  it.each([
    ['who has access to kv-payments', 'who-has-access', 'kv-payments'],
    ['who else has permissions on kv-orders?', 'who-has-access', 'kv-orders'],
    ['who can read secrets in kv-orders', 'who-has-access', 'kv-orders'],
    ['list the access policies on kv-payments', 'who-has-access', 'kv-payments'],
    ['show me the role assignments for kv-orders', 'who-has-access', 'kv-orders'],
    ['which access policies are on kv-payments', 'who-has-access', 'kv-payments'],
    ['which users have access to my key vault', 'who-has-access', undefined],
    ['is kv-orders using rbac or access policies?', 'permission-model', 'kv-orders'],
    ['access policies vs rbac on kv-payments', 'permission-model', 'kv-payments'],
    ['which permission model does kv-orders use', 'permission-model', 'kv-orders'],
    ['is rbac enabled on kv-orders', 'permission-model', 'kv-orders'],
    ['does kv-orders use rbac', 'permission-model', 'kv-orders'],
    ["what's the difference between access policies and RBAC?", 'permission-model', undefined],
    ['how do I request access to a key vault', 'request-access', undefined],
    ['how can I get access to kv-payments', 'request-access', 'kv-payments'],
    ['where do I request permissions for kv-orders', 'request-access', 'kv-orders'],
    ["what's the process to request access", 'request-access', undefined],
    ['remove my access to kv-orders', 'remove-access', 'kv-orders'],
    ["revoke bob's permissions on kv-orders", 'remove-access', 'kv-orders'],
    ['No way to remove Key Vault access policy', 'remove-access', undefined],
  ])('"%s" → %s (%s)', (words, kind, vault) => {
    expect(vaultQuestionIn(words)).toEqual(vault ? { kind, vault } : { kind });
  });

  it.each([
    // The audit log, who may change access, exports and changes: other checks and the FAQ.
    ['who accessed kv-payments yesterday'],
    ['who has read secrets in kv-x'],
    ['who can change access on kv-payments'],
    ['export the access policies of kv-payments'],
    ['who has access to kv-orders? I want to add bob'],
    ['how do I switch kv-orders to rbac'],
    ['migrate kv-orders from access policies to rbac'],
    // An app's access, a token, or the right to change policies: the FAQ's.
    ['how can my app get access to key vault'],
    ['how do I get an access token for key vault'],
    ['how do I get permission to edit access policies'],
    // Orphaned entries (a check and a fix of their own), deployments that remove policies, and
    // the delete permission are not asking to take access away.
    ['remove the unknown access policy on kv-x'],
    ['Subsequent Terraform runs wants to remove Azure Key Vault access policies'],
    ['how do I check if I have delete permission on the vault'],
    // What one needs, what one has, what one cannot do.
    ['what access policy do I need to list secrets'],
    ['which access policy permission lets me view keys'],
    ['what access policies do I have on kv-x'],
    ["I can't see the access policies in kv-payments"],
    ['who has access to kv-payments? I get 403 Forbidden'],
    // Long reports are answered, not taken for a question about the vault.
    [
      `${'We deployed the vault with Bicep last week and since then the pipeline fails. '.repeat(3)}Who has access to kv-payments now?`,
    ],
  ])('"%s" is not a whole-vault question', (words) => {
    expect(vaultQuestionIn(words)).toBeUndefined();
  });

  it('"what permissions do I have on kv-orders" and "what can I do in kv-orders" are the check of my own access', () => {
    expect(requestFromWords('what permissions do I have on kv-orders')).toEqual({
      probe: 'permission-check',
      vault: 'kv-orders',
      operation: 'secrets/list',
    });
    expect(requestFromWords('what can I do in kv-orders')).toMatchObject({
      probe: 'permission-check',
      vault: 'kv-orders',
    });
    expect(requestFromWords('what permissions do I need on kv-orders to list secrets')).toBeUndefined();
  });
});

describe('whole-vault questions: the card', () => {
  const textOfCard = (a: ReturnType<typeof vaultQuestionCard>) => JSON.stringify(a.content);
  const actionsOf = (a: ReturnType<typeof vaultQuestionCard>) =>
    (a.content as { body: Array<{ type: string; actions?: Array<{ title: string; data: unknown }> }> }).body
      .filter((e) => e.type === 'ActionSet')
      .flatMap((e) => e.actions ?? []);

  it('who has access: where Azure shows it for both models, my check, and the export for approvers', () => {
    const a = vaultQuestionCard({ kind: 'who-has-access', vault: 'kv-payments' });
    const t = textOfCard(a);
    expect(t).toContain('az keyvault show --name kv-payments --query properties.accessPolicies');
    expect(t).toContain('az role assignment list --scope');
    expect(t).toContain('approvers of kv-payments');
    expect(actionsOf(a)).toEqual([
      {
        type: 'Action.Submit',
        title: 'Check my access to kv-payments',
        data: { kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-payments', operation: 'secrets/list' },
      },
      {
        type: 'Action.Submit',
        title: 'Export its access policies (approvers)',
        data: { kvbot: 'probe.start', probe: 'arm-export', vault: 'kv-payments' },
      },
    ]);
  });

  it('the permission model: where to read it, and my check (which names it)', () => {
    const a = vaultQuestionCard({ kind: 'permission-model', vault: 'kv-orders' });
    expect(textOfCard(a)).toContain('az keyvault show --name kv-orders --query properties.enableRbacAuthorization');
    expect(actionsOf(a).map((b) => b.title)).toEqual(['Check my access to kv-orders']);
  });

  it('getting access: the way the bot does it (check, proposal, approval by someone else), and my check', () => {
    const a = vaultQuestionCard({ kind: 'request-access', vault: 'kv-payments' });
    expect(textOfCard(a)).toContain('never you');
    expect(textOfCard(a)).toContain('Press **Check my access to kv-payments**');
    expect(actionsOf(a).map((b) => b.title)).toEqual(['Check my access to kv-payments']);
    expect(textOfCard(vaultQuestionCard({ kind: 'request-access' }))).toContain('I need access to kv-payments');
  });

  it('removing access: undo for what the bot granted, the portal, CLI and API for the rest; my check to see what I have', () => {
    const a = vaultQuestionCard({ kind: 'remove-access', vault: 'kv-orders' });
    const t = textOfCard(a);
    expect(t).toContain('az keyvault delete-policy --name kv-orders');
    expect(t).toContain('az role assignment delete');
    expect(t).toContain('accessPolicies/remove');
    expect(t).toContain('**Undo**');
    expect(actionsOf(a)).toEqual([expect.objectContaining({ title: 'Check my access to kv-orders' })]);
  });

  it('without a vault: no buttons, and how to name one', () => {
    const a = vaultQuestionCard({ kind: 'who-has-access' });
    expect(textOfCard(a)).toContain('--name <vault>');
    expect(textOfCard(a)).toContain('Name the vault');
    expect(actionsOf(a)).toEqual([]);
  });
});
