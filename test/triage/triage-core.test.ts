import { describe, expect, it } from 'vitest';
import {
  normaliseErrorText,
  operationForRbacAction,
  triageError,
  TRIAGE_KINDS,
  TRIAGE_SIGNALS,
} from '../../src/core/triage/index.js';

describe('normaliseErrorText', () => {
  it('undoes HTML entities, Teams tags, double JSON escaping and ANSI colours', () => {
    const pasted =
      '<p>\u001b[31mERROR\u001b[0m {&quot;m&quot;:&quot;a\\\\r\\\\nb \\\\&quot;c\\\\&quot; \\u0027d\\u0027&quot;}</p><br>next';
    expect(normaliseErrorText(pasted)).toBe('ERROR {"m":"a\nb "c" \'d\'"}\n\nnext');
  });

  it('turns CRLF and smart quotes into plain forms and collapses spaces', () => {
    expect(normaliseErrorText('Vault:\u00a0 kv1;location=eastus\r\nAction: \u2018x\u2019')).toBe(
      "Vault: kv1;location=eastus\nAction: 'x'",
    );
  });
});

describe('operationForRbacAction', () => {
  it.each([
    ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'secrets/get'],
    ['Microsoft.KeyVault/vaults/secrets/readMetadata/action', 'secrets/list'],
    ['Microsoft.KeyVault/vaults/secrets/setSecret/action', 'secrets/set'],
    ['Microsoft.KeyVault/vaults/secrets/delete', 'secrets/delete'],
    ['Microsoft.KeyVault/vaults/keys/read', 'keys/get'],
    ['Microsoft.KeyVault/vaults/keys/unwrap/action', 'keys/unwrapKey'],
    ['Microsoft.KeyVault/vaults/keys/sign/action', 'keys/sign'],
    ['Microsoft.KeyVault/vaults/certificates/import/action', 'certificates/import'],
    ['Microsoft.KeyVault/vaults/certificatecas/read', 'certificates/getissuers'],
    ['Microsoft.KeyVault/vaults/storageaccounts/sas/set/action', 'storage/setsas'],
  ])('maps %s to %s', (action, operation) => {
    expect(operationForRbacAction(action)).toBe(operation);
  });

  it('has no access-policy equivalent for management-plane actions', () => {
    expect(operationForRbacAction('Microsoft.KeyVault/vaults/accessPolicies/write')).toBeUndefined();
    expect(operationForRbacAction('Microsoft.Storage/storageAccounts/write')).toBeUndefined();
  });
});

describe('triageError', () => {
  it('has a signal for every kind (unrecognised ones name known conditions that are not access errors)', () => {
    expect(new Set(TRIAGE_SIGNALS.map((s) => s.kind))).toEqual(new Set(TRIAGE_KINDS));
  });

  it('points a denied change of access policies to the modify-access-policy entry and the modify-rights probe', () => {
    const r = triageError(
      "The client 'bob@contoso.com' with object id 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60' does not have authorization to perform action 'Microsoft.KeyVault/vaults/accessPolicies/write' over scope '/subscriptions/1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a/accessPolicies/add' or the scope is invalid.",
    );
    expect(r.kind).toBe('rbac-denied');
    expect(r.answer?.id).toBe('modify-access-policy');
    expect(r.probe).toEqual({
      name: 'modify-rights',
      args: { vault: 'kv-a', principal: 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60' },
    });
    expect(r.fields.callerName).toBe('bob@contoso.com');
  });

  it('offers no probe for token problems and answers them with the 401 entry', () => {
    const r = triageError(
      '{"error":{"code":"Unauthorized","message":"AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/."}}',
    );
    expect(r).toMatchObject({
      kind: 'wrong-audience',
      probe: null,
      answer: { id: 'error-401' },
      fields: { expectedAudience: 'https://vault.azure.net', foundAudience: 'https://management.azure.com/' },
    });
    expect(r.summary).toContain('https://management.azure.com/');
  });

  it("reports the caller's (found) tenant of an invalid issuer as tenantId, and the vault's as expectedTenantId", () => {
    const r = triageError(
      'AKV10032: Invalid issuer. Expected one of https://sts.windows.net/11111111-2222-3333-4444-555555555555/, found https://sts.windows.net/66666666-7777-8888-9999-000000000000/.',
    );
    expect(r.fields).toMatchObject({
      tenantId: '66666666-7777-8888-9999-000000000000',
      expectedTenantId: '11111111-2222-3333-4444-555555555555',
    });
    expect(r.summary).toContain('comes from tenant 66666666-7777-8888-9999-000000000000');
    expect(r.nextSteps[0]).toContain('11111111-2222-3333-4444-555555555555');
  });

  it('uses the given heading lookup and falls back to the seed headings for ids it lacks', () => {
    const body =
      '{"error":{"code":"Throttled","message":"Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}';
    expect(triageError(body, { headingFor: (id) => (id === 'error-429' ? 'From the KB' : undefined) }).answer).toEqual({
      id: 'error-429',
      source: { heading: 'From the KB' },
    });
    expect(triageError(body, { headingFor: () => undefined }).answer?.source.heading).toBe(
      'Recommended troubleshooting Steps for following error types',
    );
  });

  it('calls a bare 403 forbidden-unspecified (low confidence), answers with the 403 entry and offers the permission check', () => {
    const r = triageError('Response status code does not indicate success: 403 (Forbidden).');
    expect(r).toMatchObject({
      kind: 'forbidden-unspecified',
      confidence: 'low',
      probe: { name: 'permission-check' },
      answer: { id: 'error-403' },
      fields: { statusCode: 403 },
    });
  });

  it("keeps a 403 with another service's specific code unrecognised, still answering with the 403 entry", () => {
    const r = triageError(
      'Status: 403 (This request is not authorized to perform this operation.)\nErrorCode: AuthorizationFailure',
    );
    expect(r).toMatchObject({
      kind: 'unrecognised',
      confidence: 'none',
      probe: null,
      answer: { id: 'error-403' },
      fields: { statusCode: 403 },
    });
  });

  it('returns unrecognised with no answer for empty, huge or non-string input without throwing', () => {
    expect(triageError('')).toMatchObject({ kind: 'unrecognised', answer: null, probe: null, fields: {} });
    expect(triageError('x'.repeat(5_000_000)).kind).toBe('unrecognised');
    expect(triageError(undefined as unknown as string).kind).toBe('unrecognised');
  });
});
