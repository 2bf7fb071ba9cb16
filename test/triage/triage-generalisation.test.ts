/** Rules added after measuring on paste sets: each is a general cause of a miss, not one line. */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

const OID = '1b2c3d4e-0000-4000-8000-000000000001';
const arm = (action: string, scope: string) =>
  `ERROR: (AuthorizationFailed) The client 'bob@contoso.com' with object id '${OID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`;

describe('triage generalisation rules', () => {
  it('does not call an ARM denial on another resource provider a Key Vault access error', () => {
    const r = triageError(arm('Microsoft.Compute/virtualMachines/write', '/subscriptions/1/resourceGroups/rg-vm/providers/Microsoft.Compute/virtualMachines/vm1'));
    expect(r.kind).toBe('unrecognised');
    expect(r.probe).toBeNull();
  });

  it('keeps a denied role assignment (how RBAC vault access is granted) as rbac-denied, even at resource-group scope', () => {
    const r = triageError(arm('Microsoft.Authorization/roleAssignments/write', '/subscriptions/1/resourceGroups/rg-kv'));
    expect(r.kind).toBe('rbac-denied');
    expect(r.fields).toMatchObject({ objectId: OID, action: 'Microsoft.Authorization/roleAssignments/write' });
  });

  it('recognises an RBAC denial pasted from below its first line', () => {
    const r = triageError("Caller: appid=x;oid=y\nAssignment: (not found)\nDecisionReason: 'DeniedWithNoValidRBAC'");
    expect(r.kind).toBe('rbac-denied');
  });

  it('reads the portal access-policy wording and the permission it names', () => {
    const r = triageError('The operation "Get" is not enabled in this key vault\'s access policy.');
    expect(r.kind).toBe('access-policy-permission');
    expect(r.fields.permission).toBe('get');
  });

  it('takes the vault from the pasted command line, but not from a shell variable', () => {
    expect(triageError("az keyvault secret show --vault-name kv-cmd-01 -n x\nERROR: (Forbidden) Operation get is not allowed on a disabled secret.").fields.vault).toBe('kv-cmd-01');
    expect(triageError('Set-AzKeyVaultSecret -VaultName $vault : Operation get is not allowed on a disabled secret.').fields.vault).toBeUndefined();
  });

  it('reports the refused operation of an operation-level denial as category and permission', () => {
    expect(triageError('RestError: Operation unwrapKey is not permitted on this key.').fields).toMatchObject({ category: 'keys', permission: 'unwrapKey', operation: 'keys/unwrapKey' });
  });

  it('maps App Service Key Vault reference statuses', () => {
    // No managed identity: no token was obtained and the vault was never reached (issue 8's sign-in-failed).
    const noIdentity = triageError('Status: MSINotEnabled');
    expect(noIdentity.kind).toBe('sign-in-failed');
    expect(noIdentity.nextSteps.join(' ')).toContain('turn it on for the App Service');
    // Denied without a reason: the reference's own 403, whatever the vault's permission model.
    const denied = triageError('Vault name: kv-site-01\nStatus: AccessToKeyVaultDenied');
    expect(denied.kind).toBe('forbidden-unspecified');
    expect(denied.fields.vault).toBe('kv-site-01');
    expect(denied.probe).toMatchObject({ name: 'permission-check', args: { vault: 'kv-site-01' } });
    // Its siblings (App Service ResolveStatus values): missing objects are not-found; the rest are
    // not access problems, each with its own explanation.
    expect(triageError('Status: VaultNotFound').kind).toBe('not-found');
    expect(triageError('Status: SecretVersionNotFound').kind).toBe('not-found');
    const other = triageError('Vault name: kv-site-01\nStatus: OtherReasons');
    expect(other).toMatchObject({ kind: 'unrecognised', signal: 'app-service-reference-unresolved' });
    expect(other.summary).toContain('network path');
    expect(triageError('Status: FetchTimedOut').signal).toBe('app-service-reference-unresolved');
    expect(triageError('Key Vault reference status: InvalidSyntax').signal).toBe('app-service-reference-syntax');
  });
});
