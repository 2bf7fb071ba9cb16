import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { configSettingNames } from '../../scripts/infra/deploy-contract.js';
import { TEAMS_PACKAGE_SETTINGS } from '../../scripts/package/teams-package.js';

const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUB = '11111111-1111-4111-8111-111111111111';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('production-safe configuration (issue 9 item 4)', () => {
  it('refuses an app id with no Azure settings, naming both, unless the sandbox is asked for', () => {
    const env = { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT };
    const message = refusal(env);
    expect(message).toContain('MicrosoftAppId');
    expect(message).toContain('AZURE_SUBSCRIPTION_IDS');
    expect(message).toContain('KVBOT_SANDBOX=true');
    const sandbox = loadConfig({ ...env, KVBOT_SANDBOX: 'true' });
    expect(sandbox.azure.mode).toBe('sandbox');
    expect(loadConfig({ ...env, AZURE_SUBSCRIPTION_IDS: SUB }).azure.mode).toBe('real');
  });

  it('refuses KVBOT_SANDBOX=true together with real subscriptions', () => {
    expect(refusal({ KVBOT_SANDBOX: 'true', AZURE_SUBSCRIPTION_IDS: SUB })).toContain('KVBOT_SANDBOX');
  });

  it('refuses subscription ids that are not GUIDs, naming the setting and each bad value', () => {
    const message = refusal({ AZURE_SUBSCRIPTION_IDS: `${SUB},not-a-guid, also-bad` });
    expect(message).toContain('AZURE_SUBSCRIPTION_IDS');
    expect(message).toContain('"not-a-guid"');
    expect(message).toContain('"also-bad"');
    expect(message).not.toContain(SUB);
    expect(
      loadConfig({ AZURE_SUBSCRIPTION_IDS: `${SUB}, 22222222-2222-4222-8222-222222222222` }).azure.subscriptionIds,
    ).toHaveLength(2);
  });

  it.each(['SingleTenant', 'UserAssignedMSI'])(
    "refuses %s without MicrosoftAppTenantId with a ConfigError (not botbuilder's AssertionError)",
    (appType) => {
      const message = refusal({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: appType,
        MicrosoftAppPassword: appType === 'SingleTenant' ? 'secret' : '',
        AZURE_SUBSCRIPTION_IDS: SUB,
      });
      expect(message).toContain('MicrosoftAppTenantId');
      expect(message).toContain(appType);
    },
  );

  it('defaults MicrosoftAppType to SingleTenant when an app id is set (new multi-tenant bots cannot be created)', () => {
    expect(refusal({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', AZURE_SUBSCRIPTION_IDS: SUB })).toContain(
      'MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId',
    );
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: TENANT,
      AZURE_SUBSCRIPTION_IDS: SUB,
    });
    expect(config.auth).toMatchObject({
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
  });

  it('checks the credential that goes with each app type', () => {
    expect(
      refusal({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT,
        MicrosoftAppPassword: 'x',
        AZURE_SUBSCRIPTION_IDS: SUB,
      }),
    ).toContain('must not have MicrosoftAppPassword');
    expect(
      refusal({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT,
        AZURE_SUBSCRIPTION_IDS: SUB,
      }),
    ).toContain('needs MicrosoftAppPassword');
    expect(refusal({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'Something', AZURE_SUBSCRIPTION_IDS: SUB })).toContain(
      'MicrosoftAppType must be',
    );
    expect(
      refusal({
        MicrosoftAppId: 'my-bot',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppPassword: 'x',
        AZURE_SUBSCRIPTION_IDS: SUB,
      }),
    ).toContain('MicrosoftAppId must be a GUID');
    expect(refusal({ MicrosoftAppType: 'UserAssignedMSI' })).toContain('needs MicrosoftAppId');
    // The app type is case-insensitive in botbuilder; the canonical spelling is kept.
    expect(
      loadConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'userassignedmsi',
        MicrosoftAppTenantId: TENANT,
        AZURE_SUBSCRIPTION_IDS: SUB,
      }).auth.appType,
    ).toBe('UserAssignedMSI');
  });

  it('runs unauthenticated local mode with no settings at all', () => {
    const config = loadConfig({});
    expect(config.auth).toMatchObject({ appType: 'MultiTenant', tenantId: undefined });
    expect(config.auth.appId).toBeUndefined();
    expect(config.azure.mode).toBe('sandbox');
    expect(config.telemetry).toEqual({ connectionString: undefined, includeMessageText: false });
  });

  it('matches on a second thread when the machine has more than one core, unless KVBOT_MATCHER_THREAD says otherwise', () => {
    expect(loadConfig({}).matcherThread).toBe(os.availableParallelism() > 1);
    expect(loadConfig({ KVBOT_MATCHER_THREAD: 'false' }).matcherThread).toBe(false);
    expect(loadConfig({ KVBOT_MATCHER_THREAD: 'true' }).matcherThread).toBe(true);
    expect(refusal({ KVBOT_MATCHER_THREAD: 'sometimes' })).toContain('KVBOT_MATCHER_THREAD must be true or false');
  });

  it('takes Blob Storage by account URL (managed identity) or connection string, never both or neither', () => {
    expect(refusal({ KVBOT_STORAGE: 'blob' })).toContain('AZURE_STORAGE_ACCOUNT_URL');
    const byUrl = loadConfig({
      KVBOT_STORAGE: 'blob',
      AZURE_STORAGE_ACCOUNT_URL: 'https://kvbotstate.blob.core.windows.net/',
    });
    expect(byUrl.storage).toMatchObject({
      kind: 'blob',
      accountUrl: 'https://kvbotstate.blob.core.windows.net',
      connectionString: undefined,
    });
    expect(
      refusal({ KVBOT_STORAGE: 'blob', AZURE_STORAGE_ACCOUNT_URL: 'http://kvbotstate.blob.core.windows.net' }),
    ).toContain('must be an https URL');
    expect(
      refusal({
        KVBOT_STORAGE: 'blob',
        AZURE_STORAGE_ACCOUNT_URL: 'https://a.blob.core.windows.net',
        AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    ).toContain('not both');
  });

  it('refuses tenant and identity ids that are not GUIDs', () => {
    expect(refusal({ AZURE_TENANT_ID: 'contoso.onmicrosoft.com' })).toContain('AZURE_TENANT_ID must be a GUID');
    expect(refusal({ AZURE_CLIENT_ID: 'x' })).toContain('AZURE_CLIENT_ID must be a GUID');
  });
});

describe('every setting is documented (issue 9 item 6)', () => {
  const read = (p: string): string => fs.readFileSync(path.join(PROJECT_ROOT, p), 'utf8');
  const settings = [...configSettingNames(read('src/config.ts')), ...Object.keys(TEAMS_PACKAGE_SETTINGS)];

  it('in the README and in .env.example', () => {
    const readme = read('README.md');
    const example = parseEnv(read('.env.example'));
    const undocumented = settings.filter((name) => !readme.includes(`\`${name}\``));
    const missingFromExample = settings.filter((name) => !(name in example));
    expect(undocumented).toEqual([]);
    expect(missingFromExample).toEqual([]);
  });

  it('.env.example copied as it is gives a valid local (sandbox) configuration', () => {
    const config = loadConfig(parseEnv(read('.env.example')));
    expect(config.azure.mode).toBe('sandbox');
    expect(config.auth.appId).toBeUndefined();
    expect(config.telemetry.connectionString).toBeUndefined();
  });
});
