/**
 * Issue 8, triage round 8: one test per family widened for blind4's misses (test/real-world/
 * blind4-error-pastes.jsonl, scored once before the change). Each family is tested in the wrappers
 * that print it (SDK exceptions, CLIs, Terraform, pipeline and JSON logs), with near misses that must
 * keep their reading. Every text here is a SYNTHETIC variant written for the test; the real pastes
 * are in the blind4 set.
 */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { everyVariantIs } from './every-variant.js';
import { pasteVariants, WRAPPERS, type ErrorParts } from './wrappers.js';

/** Every named wrapper of one service error, with its name for the failure message. */
const wrapped = (parts: ErrorParts): [string, string][] =>
  Object.entries(WRAPPERS).map(([name, wrap]) => [name, wrap(parts)]);

const CALLER =
  'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8/';

describe('synthetic variants: a redacted Vault line that kept only its region', () => {
  it.each([
    [
      'no access policy entry',
      `Access denied. Caller was not found on any access policy.\r\nCaller: ${CALLER}\r\nVault: ###########=westeurope`,
      'access-policy-no-entry',
      'westeurope',
    ],
    [
      'firewall',
      `Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7\r\nCaller: ${CALLER}\r\nVault: ****=eastus2`,
      'firewall',
      'eastus2',
    ],
    [
      'missing permission',
      `The user, group or application '${CALLER}' does not have secrets get permission on key vault '<redacted>=northeurope'.`,
      'access-policy-permission',
      'northeurope',
    ],
  ] as const)('reads the region of a %s denial in every wrapper', (_name, message, kind, region) => {
    for (const [wrapper, text] of wrapped({ status: 403, code: 'Forbidden', inner: 'AccessDenied', message })) {
      const r = triageError(text);
      expect(r.kind, wrapper).toBe(kind);
      expect(r.fields.region, wrapper).toBe(region);
      expect(r.fields.vault, wrapper).toBeUndefined();
    }
  });

  it('takes no region from a Vault line whose name before the = is real, or from a redacted region', () => {
    expect(triageError('Vault: name=kvorders\nStatus=403 Code="Forbidden"').fields.region).toBeUndefined();
    expect(triageError('Caller was not found on any access policy.\nVault: kv-a=westeurope').fields.region).toBe(
      undefined,
    );
    expect(
      triageError('Caller was not found on any access policy.\nVault: ###=<LOCATION>').fields.region,
    ).toBeUndefined();
    // The usual pair is read as before.
    expect(
      triageError('Caller was not found on any access policy.\nVault: kv-a;location=uksouth').fields,
    ).toMatchObject({ vault: 'kv-a', region: 'uksouth' });
  });
});

describe('synthetic variants: a caller segment a console wrapped at its width', () => {
  const expected = {
    appId: '2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b',
    objectId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    tenantId: '4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8',
    category: 'keys',
    permission: 'get',
    vault: 'kv-cmk',
    region: 'westcentralus',
  };
  const indent = '\n                 ';

  it.each([
    [
      'a PowerShell error record wrapped before the tenant',
      `Set-AzKeyVaultKey : The user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net${indent}/4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8/' does not have keys get permission on key vault 'kv-cmk;location=westcentralus'.`,
    ],
    [
      'a CLI that wrapped inside a GUID, after its hyphen',
      `Error: PERMISSION_DENIED: Status code 403, {"error":{"code":"Forbidden","message":"The user, group or${indent}application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-${indent}1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8/' does not have keys get permission on key vault 'kv-cmk;location=westcentralus'."}}`,
    ],
    [
      'a log viewer that wrapped after the separators',
      `failed to wrap key: 403 Forbidden: The user, group or application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;\noid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=\nhttps://sts.windows.net/\n4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8/' does not have keys get permission on key vault 'kv-cmk;location=\nwestcentralus'.`,
    ],
    [
      'Terraform, which wraps inside its box',
      `╷\n│ Error: retrieving Key "cmk": keyvault.BaseClient#GetKey: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="The user, group or\n│ application 'appid=2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8/' does not have keys\n│ get permission on key vault 'kv-cmk;location=westcentralus'."\n│\n│   with azurerm_key_vault_key.cmk,\n╵`,
    ],
  ])('reads every field of %s', (_name, text) => {
    for (const variant of pasteVariants(text)) {
      const r = triageError(variant);
      expect(r.kind, variant).toBe('access-policy-permission');
      expect(r.fields, variant).toMatchObject(expected);
    }
  });

  it('does not join a segment with the line after it, nor read a redacted tenant', () => {
    const rbac =
      "Caller is not authorized to perform action on resource.\nCaller: appid=***;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/***/\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nVault: kv-rbac;location=eastus";
    const r = triageError(rbac);
    expect(r.kind).toBe('rbac-denied');
    expect(r.fields).toMatchObject({ objectId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', vault: 'kv-rbac' });
    expect(r.fields.tenantId).toBeUndefined();
    expect(r.fields.appId).toBeUndefined();
    // A tenant left out entirely: the next line's first word is not taken for it.
    expect(triageError('Caller: appid=***;oid=***;iss=https://sts.windows.net\n/Vault: kv-a').fields.tenantId).toBe(
      undefined,
    );
  });
});

describe('synthetic variants: a service says it may not read the objects of a vault it names', () => {
  it.each([
    "User is not authorized to read secrets from '/subscriptions/1111/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-flows/secrets/ClientSecret' resource.",
    "Operation failed: the caller is not authorized to get secrets from key vault 'kv-factory'.",
    '##[error]The pipeline identity is not authorised to list secrets in https://kv-build.vault.azure.net/.',
    "Connector error: managed identity is not authorized to access certificates in '/subscriptions/1111/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-certs'.",
  ])('classifies %s as forbidden-unspecified', (text) => everyVariantIs(text, 'forbidden-unspecified'));

  it('leaves other stores, a question and the RBAC wording alone', () => {
    expect(triageError("User is not authorized to read secrets from repository 'org/app'.").kind).toBe('unrecognised');
    expect(triageError('Why am I not authorized to read secrets from the key vault?').confidence).not.toBe('high');
    expect(
      triageError(
        "Caller is not authorized to perform action on resource.\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\nVault: kv-x;location=eastus",
      ).kind,
    ).toBe('rbac-denied');
  });
});

describe('synthetic variants: the status name given as the error’s code in a tool’s sentence', () => {
  it.each([
    ['Failed to create mykey: Encountered an error (Forbidden) from extensions API', 'forbidden-unspecified'],
    ['Request error (Forbidden): could not update function keys', 'forbidden-unspecified'],
    ['Secret refresh failed with error (Unauthorized) after 3 attempts', 'token-missing'],
    ['Certificate sync: error (NotFound) while reading cert-web', 'not-found'],
  ] as const)('reads %s as %s', (text, kind) => everyVariantIs(text, kind));

  it('reads the name as the error code, and nothing in wordings that are not that form', () => {
    expect(triageError('Encountered an error (Forbidden) from extensions API').fields.errorCode).toBe('Forbidden');
    // AWS names its own codes the same way: no Azure status there.
    const aws = triageError('An error occurred (AccessDenied) when calling the GetObject operation: Access Denied');
    expect(aws.kind).toBe('unrecognised');
    expect(aws.fields.errorCode).toBeUndefined();
    expect(triageError('GET https://api.example.com/orders -> Forbidden').kind).toBe('unrecognised');
    // Another Azure service's 403 in the same form stays that service's.
    expect(
      triageError('Upload failed: error (Forbidden) from https://acct.blob.core.windows.net/container/x').kind,
    ).toBe('unrecognised');
  });
});

describe('synthetic variants: an access policy that names the caller only in a compound identity (OBO)', () => {
  const message = `The policy requires the caller '${CALLER}' to use on-behalf-of (OBO) flow. For more information on OBO, please see https://go.microsoft.com/fwlink/?linkid=2152310`;

  it.each([
    ['with its inner code', 'ForbiddenByPolicy'],
    ['without an inner code', undefined],
  ])('reads it as an access-policy denial that names no permission, %s, in every wrapper', (_name, inner) => {
    for (const [wrapper, text] of wrapped({ status: 403, code: 'Forbidden', message, ...(inner ? { inner } : {}) })) {
      const r = triageError(text);
      expect(r, wrapper).toMatchObject({
        kind: 'access-policy-permission',
        signal: 'compound-identity-required',
        confidence: 'high',
        fields: { objectId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' },
        answer: { id: 'list-get-something-went-wrong' },
        probe: { name: 'permission-check' },
      });
      expect(r.fields.permission, wrapper).toBeUndefined();
      expect(r.summary, wrapper).toContain('compound identity');
    }
  });

  it('keeps a missing permission, and a sign-in failure of an OBO exchange, as they were', () => {
    const permission = triageError(
      `The user, group or application '${CALLER}' does not have secrets get permission on key vault 'kv-a;location=eastus'.`,
    );
    expect(permission).toMatchObject({ signal: 'missing-access-policy-permission', fields: { permission: 'get' } });
    expect(
      triageError(
        "AADSTS65001: The user or administrator has not consented to use the application with ID '2c1e4f8a-7b3d-4e6f-9a0b-1c2d3e4f5a6b' (on-behalf-of flow).",
      ).kind,
    ).toBe('sign-in-failed');
  });
});
