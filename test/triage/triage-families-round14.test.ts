/**
 * Triage round 14: one test per family widened for blind11's misses (test/real-world/
 * blind11-error-pastes.jsonl, scored once before the change: kind 16/19, fields 4/8). Every text here is
 * a SYNTHETIC variant written for the test; the real pastes are in the blind11 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';

describe('synthetic variants: a vault or a parent resource that is not there', () => {
  it.each([
    "Set-AzKeyVaultAccessPolicy : Cannot find vault 'kv-payments-prod' in resource group 'rg-payments'.",
    "System.ArgumentException: Unable to find vault 'kv-payments-prod' in resource group ''.",
    "Can not perform requested operation on nested resource. Parent resource 'kv-payments-prod' not found.",
    '{"error":{"code":"ParentResourceNotFound","message":"Can not perform requested operation on nested resource."}}',
  ])('reads it as not-found: %s', (text) => everyVariantIs(text, 'not-found'));

  it('names the vault PowerShell looked up, and the parent ARM did not find', () => {
    expect(triageError("Cannot find vault 'kv-payments-prod' in resource group 'rg-payments'.").fields.vault).toBe(
      'kv-payments-prod',
    );
    expect(
      triageError("Can not perform requested operation on nested resource. Parent resource 'kv-orders-01' not found.")
        .fields.vault,
    ).toBe('kv-orders-01');
  });

  it('reports no placeholder as the vault', () => {
    expect(triageError("Cannot find vault 'kv-xxxxxxxx' in resource group ''.").fields.vault).toBeUndefined();
  });

  it('does not read a person who cannot find their vault as not-found', () => {
    expect(triageError('I cannot find vault settings in the portal, where are the access policies?').kind).not.toBe(
      'not-found',
    );
  });
});

describe('synthetic variants: AppAuthentication’s connection string and authority', () => {
  const text =
    'Parameters: Connection String: RunAs=App; AppId=5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d, Resource: https://vault.azure.net, Authority: https://login.windows.net/7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a. Exception Message: Tried to get token using Managed Service Identity. Access token could not be acquired.';

  it('reads it as sign-in-failed with the app and the tenant', () => {
    everyVariantIs(text, 'sign-in-failed');
    expect(triageError(text).fields).toMatchObject({
      appId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      tenantId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
    });
  });

  it('does not take "common" from an authority for a tenant', () => {
    const r = triageError(
      'Tried to get token using Managed Service Identity. Authority: https://login.microsoftonline.com/common. Access token could not be acquired.',
    );
    expect(r.fields.tenantId).toBeUndefined();
  });
});
