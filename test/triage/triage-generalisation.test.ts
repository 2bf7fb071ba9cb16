/** Rules added after measuring on paste sets: each is a general cause of a miss, not one line. */
import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';

const OID = '1b2c3d4e-0000-4000-8000-000000000001';
const arm = (action: string, scope: string) =>
  `ERROR: (AuthorizationFailed) The client 'bob@contoso.com' with object id '${OID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`;

describe('triage generalisation rules', () => {
  it('does not call an ARM denial on another resource provider a Key Vault access error', () => {
    const r = triageError(
      arm(
        'Microsoft.Compute/virtualMachines/write',
        '/subscriptions/1/resourceGroups/rg-vm/providers/Microsoft.Compute/virtualMachines/vm1',
      ),
    );
    expect(r.kind).toBe('unrecognised');
    expect(r.probe).toBeNull();
  });

  it('keeps a denied role assignment (how RBAC vault access is granted) as rbac-denied, even at resource-group scope', () => {
    const r = triageError(
      arm('Microsoft.Authorization/roleAssignments/write', '/subscriptions/1/resourceGroups/rg-kv'),
    );
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
    expect(
      triageError(
        'az keyvault secret show --vault-name kv-cmd-01 -n x\nERROR: (Forbidden) Operation get is not allowed on a disabled secret.',
      ).fields.vault,
    ).toBe('kv-cmd-01');
    expect(
      triageError('Set-AzKeyVaultSecret -VaultName $vault : Operation get is not allowed on a disabled secret.').fields
        .vault,
    ).toBeUndefined();
  });

  it('reports the refused operation of an operation-level denial as category and permission', () => {
    expect(triageError('RestError: Operation unwrapKey is not permitted on this key.').fields).toMatchObject({
      category: 'keys',
      permission: 'unwrapKey',
      operation: 'keys/unwrapKey',
    });
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

  // Issue 8, round 3: families from the held-out and round-4 real pastes, in shapes of our own.
  it('undoes GitHub markdown autolinks that swallowed the next line of a pasted error', () => {
    const r = triageError(
      "Caller: appid=***;oid=e54fa0b4-a8bd-4a5a-8685-331cf8457e87;iss=[https://sts.windows.net/11111111-2222-4333-8444-555555555555/\\r\\nAction](https://sts.windows.net/11111111-2222-4333-8444-555555555555//r/nAction): 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\\r\\nVault: kv-ci;location=westus2",
    );
    expect(r.fields).toMatchObject({
      tenantId: '11111111-2222-4333-8444-555555555555',
      action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      vault: 'kv-ci',
    });
    expect(r.kind).toBe('rbac-denied');
  });

  it('reads the vault from Terraform azurerm output and from ARM ids longer than 24 characters', () => {
    expect(
      triageError(
        'Error: retrieving Key Vault (Subscription: "x"\nResource Group Name: "rg-app"\nKey Vault Name: "kv-app-prod-01"): unexpected status 403',
      ).fields.vault,
    ).toBe('kv-app-prod-01');
    expect(
      triageError(
        "The Resource 'Microsoft.KeyVault/vaults/kv-platform-shared-westeurope-01' under resource group 'rg' was not found.",
      ).fields.vault,
    ).toBe('kv-platform-shared-westeurope-01');
  });

  it('never reports a name or a scope that runs into a redaction or a template slot', () => {
    expect(
      triageError(
        '"resourceId": "/subscriptions/***/resourcegroups/***/providers/Microsoft.KeyVault/vaults/kv-**/keys/k1"',
      ).fields.vault,
    ).toBeUndefined();
    const arm = triageError(
      "does not have authorization to perform action 'Microsoft.KeyVault/vaults/read' over scope '/subscriptions/SubscriptionId/resourceGroups/ResourceGroupName/providers/Microsoft.KeyVault/vaults/kv-real-name'",
    );
    expect(arm.fields.resource).toBeUndefined();
    expect(arm.fields.action).toBe('Microsoft.KeyVault/vaults/read');
  });

  it('reads "Operation is not allowed. Operation: x" as an operation-level denial whose first step is the access policy', () => {
    const r = triageError(
      '{"error":{"code":"Forbidden","message":"Operation is not allowed.\\r\\nOperation: \\"list\\"\\r\\nVault: kv-a;location=eastus","innererror":{"code":"ForbiddenByPolicy"}}}',
    );
    expect(r).toMatchObject({
      kind: 'operation-not-permitted',
      signal: 'operation-not-allowed-by-policy',
      fields: { permission: 'list', vault: 'kv-a' },
      probe: { name: 'permission-check' },
    });
    expect(r.nextSteps[0]).toContain('access policy');
  });

  it('recognises the portal firewall wording inside a sentence', () => {
    expect(
      triageError(
        'When I open Secrets it says Firewall is turned on and your client IP address is not authorized to access this key vault. Any idea?',
      ).kind,
    ).toBe('firewall');
  });

  it('explains a taken vault name and a missing vault without calling them denials', () => {
    const taken = triageError("(VaultAlreadyExists) The vault name 'kv-x' is already in use.");
    expect(taken).toMatchObject({ kind: 'unrecognised', signal: 'vault-name-taken', answer: null });
    expect(taken.nextSteps.join(' ')).toContain('list-deleted');
    expect(triageError("The Vault 'ab' not found within subscription.")).toMatchObject({
      kind: 'not-found',
      fields: { vault: 'ab', objectType: 'vault' },
    });
    const deleted = triageError(
      'Code="ConflictError" Message="A vault with the same name already exists in deleted state."',
    );
    expect(deleted).toMatchObject({ kind: 'not-found', fields: { objectType: 'vault', softDeleted: true } });
  });

  it('takes credential failures named only by their troubleshooting link or managed identity source for failed sign-ins', () => {
    expect(
      triageError(
        'See the troubleshooting guide for more information. https://aka.ms/azsdk/python/identity/defaultazurecredential/troubleshoot',
      ).kind,
    ).toBe('sign-in-failed');
    expect(triageError('   at Azure.Identity.ManagedIdentitySource.AuthenticateAsync(Boolean async)').kind).toBe(
      'sign-in-failed',
    );
    expect(triageError('Microsoft.Identity.Client.MsalThrottledUiRequiredException: AADSTS50076').kind).toBe(
      'sign-in-failed',
    );
  });
});
