import { describe, expect, it } from 'vitest';
import {
  InvalidOperationError,
  dataActionFor,
  parseOperation,
  permissionsGrant,
} from '../../src/core/probes/operation.js';
import { actionMatches, roleGrantsDataAction } from '../../src/core/probes/action-match.js';
import { ipInRule } from '../../src/core/probes/ip-range.js';
import { describeScope, relateScope } from '../../src/core/probes/scope.js';
import { suggestedRoleFor } from '../../src/core/probes/suggested-role.js';
import { role } from '../helpers/fake-directory.js';

const KV = 'Microsoft.KeyVault/vaults';

describe('the operation model', () => {
  it.each([
    ['secrets/list', `${KV}/secrets/readMetadata/action`],
    ['secrets/get', `${KV}/secrets/getSecret/action`],
    ['secrets/set', `${KV}/secrets/setSecret/action`],
    ['secrets/delete', `${KV}/secrets/delete`],
    ['secrets/purge', `${KV}/secrets/purge/action`],
    ['keys/list', `${KV}/keys/read`],
    ['keys/get', `${KV}/keys/read`],
    ['keys/sign', `${KV}/keys/sign/action`],
    ['keys/wrapKey', `${KV}/keys/wrap/action`],
    ['keys/getrotationpolicy', `${KV}/keyrotationpolicies/read`],
    ['certificates/import', `${KV}/certificates/import/action`],
    ['certificates/list', `${KV}/certificates/read`],
    ['certificates/listissuers', `${KV}/certificatecas/read`],
    ['storage/regeneratekey', `${KV}/storageaccounts/regeneratekey/action`],
  ])('maps %s to %s', (op, action) => {
    expect(dataActionFor(parseOperation(op))).toBe(action);
  });

  it('parses case-insensitively into the canonical spelling', () => {
    expect(parseOperation('KEYS/WRAPKEY')).toEqual({ category: 'keys', permission: 'wrapKey' });
    expect(parseOperation(' secret/list ')).toEqual({ category: 'secrets', permission: 'list' });
  });

  it.each([
    ['secrets', /not an operation/],
    ['vaults/list', /unknown category/],
    ['secrets/sign', /not a secrets permission/],
    ['keys/all', /not one operation/],
  ])('refuses %s with a message naming the valid values', (input, message) => {
    expect(() => parseOperation(input)).toThrow(InvalidOperationError);
    expect(() => parseOperation(input)).toThrow(message);
  });

  it('grants through "all" and ignores case in policies', () => {
    expect(permissionsGrant(['All'], parseOperation('secrets/purge'))).toBe(true);
    expect(permissionsGrant(['GET'], parseOperation('secrets/get'))).toBe(true);
    expect(permissionsGrant(['get'], parseOperation('secrets/list'))).toBe(false);
    expect(permissionsGrant(undefined, parseOperation('secrets/list'))).toBe(false);
  });
});

describe('action matching', () => {
  it.each([
    ['*', `${KV}/secrets/getSecret/action`, true],
    [`${KV}/*`, `${KV}/keys/sign/action`, true],
    ['microsoft.keyvault/vaults/SECRETS/*', `${KV}/secrets/getSecret/action`, true],
    [`${KV}/secrets/*`, `${KV}/keys/read`, false],
    [`${KV}/*/read`, `${KV}/keys/read`, true],
    [`${KV}/*/read`, `${KV}/secrets/readMetadata/action`, false],
    ['Microsoft.KeyVault/vaults/secrets.getSecret', `${KV}/secrets/getSecret/action`, false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  it('subtracts notDataActions within a block but not across blocks', () => {
    const one = role('r1', 'one', {
      dataActions: [`${KV}/secrets/*`],
      notDataActions: [`${KV}/secrets/getSecret/action`],
    });
    expect(roleGrantsDataAction(one, `${KV}/secrets/getSecret/action`)).toEqual({
      granted: false,
      excludedBy: `${KV}/secrets/getSecret/action`,
    });
    const two = {
      ...one,
      permissions: [
        ...one.permissions,
        { actions: [], notActions: [], dataActions: [`${KV}/secrets/getSecret/action`], notDataActions: [] },
      ],
    };
    expect(roleGrantsDataAction(two, `${KV}/secrets/getSecret/action`).granted).toBe(true);
  });
});

describe('scopes, IP ranges and role suggestions', () => {
  const vault = '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1';
  it.each([
    [vault, 'vault'],
    ['/subscriptions/S1/resourcegroups/RG1/providers/microsoft.keyvault/vaults/KV1/', 'vault'],
    ['/subscriptions/s1', 'inherited'],
    ['/subscriptions/s1/resourceGroups/rg1', 'inherited'],
    ['/providers/Microsoft.Management/managementGroups/root', 'inherited'],
    ['/', 'inherited'],
    [`${vault}/secrets/db`, 'object'],
    ['/subscriptions/s1/resourceGroups/rg10', 'unrelated'],
    ['/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv10', 'unrelated'],
  ])('%s is %s', (scope, relation) => {
    expect(relateScope(scope, vault)).toBe(relation);
  });

  it('describes scopes for people', () => {
    expect(describeScope('/subscriptions/s1/resourceGroups/rg1', vault)).toBe("resource group 'rg1'");
    expect(describeScope(`${vault}/keys/k1`, vault)).toBe("key 'k1' only");
  });

  it.each([
    ['203.0.113.5', '203.0.113.0/24', true],
    ['203.0.114.5', '203.0.113.0/24', false],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['198.51.100.7', '198.51.100.7', true],
    ['198.51.100.8', '198.51.100.7', false],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['999.1.1.1', '0.0.0.0/0', false],
    ['1.2.3.4', '1.2.3.0/33', false],
  ])('%s in %s: %s', (ip, rule, expected) => {
    expect(ipInRule(ip, rule)).toBe(expected);
  });

  it.each([
    ['secrets/list', 'Key Vault Reader'],
    ['secrets/get', 'Key Vault Secrets User'],
    ['keys/release', 'Key Vault Crypto Service Release User'],
    ['secrets/set', 'Key Vault Secrets Officer'],
    ['keys/sign', 'Key Vault Crypto User'],
    ['keys/create', 'Key Vault Crypto Officer'],
    ['certificates/get', 'Key Vault Certificate User'],
    ['certificates/import', 'Key Vault Certificates Officer'],
    ['storage/list', 'Key Vault Reader'], // the fix planner's choice: Reader's vaults/*/read covers it
  ])('suggests the least-privilege role for %s: %s', (op, roleName) => {
    expect(suggestedRoleFor(parseOperation(op)).roleName).toBe(roleName);
  });
});
