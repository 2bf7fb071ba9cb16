import { describe, expect, it } from 'vitest';
import { TENANT } from '../helpers/fake-directory.js';
import {
  ALEX,
  API_APP_OBJECT,
  API_SP,
  DELETED_USER,
  PAYMENTS_ID,
  planned,
  STORAGE,
  withFixService,
  WORKSPACE,
} from './scenario.js';

describe('remove-orphaned-policy plans', () => {
  it('removes every permission of an entry whose object id no longer resolves', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({ fix: 'remove-orphaned-policy', vault: 'kv-payments', objectId: DELETED_USER }),
    );
    expect(plan.principal).toEqual({ id: DELETED_USER, type: 'unknown', displayName: `Unknown (${DELETED_USER})` });
    expect(plan.call).toEqual({
      method: 'PUT',
      path: `${PAYMENTS_ID}/accessPolicies/remove?api-version=2026-02-01`,
      body: {
        properties: {
          accessPolicies: [
            { tenantId: TENANT, objectId: DELETED_USER, permissions: { secrets: ['get', 'list'], keys: ['get'] } },
          ],
        },
      },
    });
    expect(plan.inverse?.effect).toEqual({
      kind: 'access-policy-add',
      tenantId: TENANT,
      objectId: DELETED_USER,
      permissions: { secrets: ['get', 'list'], keys: ['get'] },
    });
    expect(plan.diff).toEqual([
      { principal: `Unknown (${DELETED_USER})`, category: 'secrets', before: ['get', 'list'], after: [] },
      { principal: `Unknown (${DELETED_USER})`, category: 'keys', before: ['get'], after: [] },
    ]);
    expect(plan.warnings[0]).toMatch(/no longer resolves/);
  });

  it('removes an entry that names the application object and points at the service principal', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({ fix: 'remove-orphaned-policy', vault: 'kv-payments', objectId: API_APP_OBJECT }),
    );
    expect(plan.principal.type).toBe('application');
    expect(plan.warnings.join(' ')).toContain(API_SP);
  });

  it.each([
    [{ objectId: ALEX }, { kind: 'refused', reason: 'not-orphaned' }],
    [{ objectId: 'abcdef00-0000-4000-8000-000000000099' }, { kind: 'not-found', what: 'policy' }],
    [{ objectId: 'nope' }, { kind: 'refused', reason: 'invalid-request' }],
  ])('%j → %j', async (partial, expected) => {
    const { service } = withFixService();
    expect(await service.plan({ fix: 'remove-orphaned-policy', vault: 'kv-payments', ...partial })).toMatchObject(
      expected,
    );
  });

  it('refuses on an RBAC vault', async () => {
    const { service } = withFixService();
    expect(
      await service.plan({ fix: 'remove-orphaned-policy', vault: 'kv-orders', objectId: DELETED_USER }),
    ).toMatchObject({ kind: 'refused', reason: 'rbac-vault' });
  });
});

describe('enable-audit-logging plans', () => {
  it('asks where the logs should go when no destination is given', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments' });
    expect(outcome).toMatchObject({ kind: 'needs-input', field: 'destination' });
  });

  it('puts a diagnostic setting with AuditEvent and AllMetrics, undone by deleting it', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments', workspaceId: WORKSPACE }),
    );
    const path = `${PAYMENTS_ID}/providers/Microsoft.Insights/diagnosticSettings/kvbot-audit-logs?api-version=2017-05-01-preview`;
    expect(plan.call).toEqual({
      method: 'PUT',
      path,
      body: {
        properties: {
          workspaceId: WORKSPACE,
          logs: [{ category: 'AuditEvent', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
          metrics: [{ category: 'AllMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
        },
      },
    });
    expect(plan.inverse?.call).toEqual({ method: 'DELETE', path, body: null });
    expect(plan.principal).toEqual({ id: PAYMENTS_ID, type: 'vault', displayName: 'kv-payments' });
    expect(plan.diff[0]).toEqual({
      principal: 'kv-payments',
      category: 'diagnostic settings',
      before: [],
      after: ['kvbot-audit-logs: logs AuditEvent; metrics AllMetrics → workspace law-ops'],
    });
  });

  it('undoes by restoring the setting of the same name it replaces', async () => {
    const { service, state } = withFixService();
    state.diagnostics[PAYMENTS_ID.toLowerCase()] = [
      {
        name: 'kvbot-audit-logs',
        logs: [],
        metrics: [{ category: 'AllMetrics', enabled: true }],
        storageAccountId: STORAGE,
      },
    ];
    const plan = planned(
      await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments', storageAccountId: STORAGE }),
    );
    expect(plan.inverse?.effect).toEqual({
      kind: 'diagnostic-setting-put',
      setting: {
        name: 'kvbot-audit-logs',
        logs: [],
        metrics: [{ category: 'AllMetrics', enabled: true }],
        storageAccountId: STORAGE,
      },
    });
    expect(plan.warnings.join(' ')).toMatch(/replaces the existing diagnostic setting/);
  });

  it('says "nothing to change" when audit events already go somewhere', async () => {
    const { service, state } = withFixService();
    state.diagnostics[PAYMENTS_ID.toLowerCase()] = [
      { name: 'central', logs: [{ categoryGroup: 'allLogs', enabled: true }], metrics: [], workspaceId: WORKSPACE },
    ];
    expect(await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments' })).toMatchObject({
      kind: 'nothing-to-change',
    });
  });

  it('refuses a destination that is not a workspace id', async () => {
    const { service } = withFixService();
    expect(
      await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments', workspaceId: 'law-ops' }),
    ).toMatchObject({ kind: 'refused', reason: 'invalid-request' });
  });
});
