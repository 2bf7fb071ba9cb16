/**
 * The infrastructure contract (issue 9 item 2), without the Bicep compiler: the templates are
 * parsed and checked against src/config.ts, the app package's start command and the built-in
 * role ids the code knows. Mutated copies prove the check fails when a setting is renamed on one
 * side only, and when a role id is wrong.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { START_COMMAND } from '../../scripts/package/app-package.js';
import {
  bicepAppSettings,
  bicepBuiltInRoles,
  checkDeployContract,
  configSettingNames,
  type ContractSources,
} from '../../scripts/infra/deploy-contract.js';

const read = (p: string): string => fs.readFileSync(path.join(PROJECT_ROOT, p), 'utf8');
const real = (): ContractSources => ({
  configSource: read('src/config.ts'),
  azureBicep: read('infra/azure.bicep'),
  botBicep: read('infra/botRegistration/azurebot.bicep'),
  rolesBicep: read('infra/roles/subscription-roles.bicep'),
  azureYaml: read('azure.yaml'),
  startCommand: START_COMMAND,
  loadConfig,
});

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-contract-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Imports a mutated copy of src/config.ts (it imports only node built-ins, so it loads from anywhere). */
async function mutatedConfig(from: string, to: string): Promise<Pick<ContractSources, 'configSource' | 'loadConfig'>> {
  const source = read('src/config.ts');
  expect(source).toContain(from);
  const mutated = source.split(from).join(to);
  const file = path.join(work, `config-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, mutated);
  const mod = (await import(file)) as { loadConfig: ContractSources['loadConfig'] };
  return { configSource: mutated, loadConfig: mod.loadConfig };
}

describe('infra/ against the code (contract)', () => {
  it('holds for the templates as they are', () => {
    expect(checkDeployContract(real())).toEqual([]);
  });

  it("reads what it checks: the app settings, config.ts's settings and the role tables", () => {
    const settings = bicepAppSettings(real().azureBicep).map((s) => s.name);
    expect(settings).toEqual(
      expect.arrayContaining([
        'MicrosoftAppType',
        'MicrosoftAppId',
        'MicrosoftAppTenantId',
        'AZURE_CLIENT_ID',
        'AZURE_SUBSCRIPTION_IDS',
        'AZURE_STORAGE_ACCOUNT_URL',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'KVBOT_STORAGE',
        'KVBOT_STORAGE_TABLE_PREFIX',
      ]),
    );
    expect(bicepAppSettings(real().azureBicep)).toEqual(
      expect.arrayContaining([
        { name: 'KVBOT_STORAGE', value: "'table'" },
        { name: 'AZURE_STORAGE_ACCOUNT_URL', value: 'storage.properties.primaryEndpoints.table' },
      ]),
    );
    expect(bicepBuiltInRoles(real().azureBicep)).toEqual({
      'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    });
    const names = configSettingNames(real().configSource);
    expect(names.size).toBeGreaterThan(25);
    expect([...names]).toEqual(
      expect.arrayContaining([
        'PORT',
        'MicrosoftAppId',
        'AZURE_SUBSCRIPTION_IDS',
        'AZURE_STORAGE_ACCOUNT_URL',
        'KVBOT_SANDBOX',
      ]),
    );
    expect(bicepBuiltInRoles(real().rolesBicep)).toEqual({
      Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      'Key Vault Contributor': 'f25e0fa2-a7c8-4377-a976-54943a77a395',
      'Key Vault Data Access Administrator': '8b54135c-b56d-4d72-a534-26097cfdc8d8',
      'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
    });
  });

  it('fails when config.ts renames a setting the templates set (config side only)', async () => {
    const problems = checkDeployContract({
      ...real(),
      ...(await mutatedConfig("'AZURE_STORAGE_ACCOUNT_URL'", "'AZURE_STORAGE_BLOB_URL'")),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'infra/azure.bicep sets app setting AZURE_STORAGE_ACCOUNT_URL, which src/config.ts does not read',
      ]),
    );
    // And the behavioural check: the renamed config no longer finds its storage URL.
    expect(problems.join('\n')).toContain(
      "src/config.ts refuses the templates' app settings: KVBOT_STORAGE=table needs",
    );
  });

  it('fails when the templates rename a setting (Bicep side only)', () => {
    const azureBicep = real().azureBicep.replace("name: 'AZURE_SUBSCRIPTION_IDS'", "name: 'AZURE_SUBSCRIPTIONS'");
    const problems = checkDeployContract({ ...real(), azureBicep });
    expect(problems).toContain(
      'infra/azure.bicep sets app setting AZURE_SUBSCRIPTIONS, which src/config.ts does not read',
    );
    expect(problems.join('\n')).toContain('MicrosoftAppId is set but AZURE_SUBSCRIPTION_IDS is not');
  });

  it('fails when the deployment is not on Table Storage by its Table endpoint with the Table role', () => {
    const problemsOf = (azureBicep: string): string => checkDeployContract({ ...real(), azureBicep }).join('\n');
    const bicep = real().azureBicep;
    // Back to Blob: the setting, the endpoint, the role.
    expect(problemsOf(bicep.replace("value: 'table'", "value: 'blob'"))).toContain(
      'storage is "blob", not "table" (KVBOT_STORAGE)',
    );
    // The Blob endpoint with KVBOT_STORAGE=table: config.ts refuses it, and the contract names the setting.
    const blobUrl = problemsOf(
      bicep.replace(
        'value: storage.properties.primaryEndpoints.table',
        'value: storage.properties.primaryEndpoints.blob',
      ),
    );
    expect(blobUrl).toContain("KVBOT_STORAGE=table needs the account's Table endpoint");
    expect(blobUrl).toContain(
      "AZURE_STORAGE_ACCOUNT_URL is storage.properties.primaryEndpoints.blob, not the account's Table endpoint",
    );
    // The Table role dropped, or a Blob role added back.
    const noTableRole = bicep.replace("'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", '');
    expect(problemsOf(noTableRole)).toContain('no role assignment for Storage Table Data Contributor');
    const blobRole = bicep.replace(
      'var builtInRoles = {',
      "var builtInRoles = {\n  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'",
    );
    expect(problemsOf(blobRole)).toContain('Storage Blob Data Contributor is assigned, but nothing uses Blob Storage');
    // The role assigned somewhere other than the account, or to another principal.
    expect(problemsOf(bicep.replace(/scope: storage\n/, 'scope: resourceGroup()\n'))).toContain(
      "the storage roles (builtInRoles) are not assigned to the bot's identity on the storage account",
    );
  });

  it('fails when a setting Azure mode needs is dropped from the templates', () => {
    const azureBicep = real().azureBicep.replace(/\{\s*name: 'MicrosoftAppTenantId'\s*value: [^\n]+\s*\}/, '');
    expect(checkDeployContract({ ...real(), azureBicep }).join('\n')).toContain(
      'MicrosoftAppType=UserAssignedMSI needs MicrosoftAppTenantId',
    );
  });

  it('fails on a wrong role id, a stray role GUID, or fix roles not behind enableFixes', () => {
    const wrongId = real().rolesBicep.replace(
      "Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'",
      "Reader: 'b24988ac-6180-42a0-ab88-20f7382dd24c'",
    );
    expect(checkDeployContract({ ...real(), rolesBicep: wrongId })).toContain(
      'infra/roles/subscription-roles.bicep: role "Reader" has id b24988ac-6180-42a0-ab88-20f7382dd24c, the built-in id is acdd72a7-3385-48ef-bd42-f606fba81ae7',
    );
    const stray = real().rolesBicep.replace(
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.Reader)",
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')",
    );
    expect(checkDeployContract({ ...real(), rolesBicep: stray }).join('\n')).toContain(
      'does not come from builtInRoles',
    );
    const alwaysOn = real().rolesBicep.replace('[for role in fixRoles: if (enableFixes) {', '[for role in fixRoles: {');
    expect(checkDeployContract({ ...real(), rolesBicep: alwaysOn }).join('\n')).toContain('not behind enableFixes');
  });

  it("fails when the web app does not run the app package's start command", () => {
    expect(checkDeployContract({ ...real(), startCommand: 'node dist/index.js' }).join('\n')).toContain(
      "does not run the app package's start command",
    );
  });

  it('the Graph grant script is valid bash and grants the permissions the README names', () => {
    const script = path.join(PROJECT_ROOT, 'infra', 'grant-graph-permissions.sh');
    execFileSync('bash', ['-n', script]);
    expect(fs.statSync(script).mode & 0o111).not.toBe(0);
    const text = fs.readFileSync(script, 'utf8');
    const readme = read('README.md');
    for (const permission of ['User.Read.All', 'GroupMember.Read.All', 'Application.Read.All']) {
      expect(text).toContain(permission);
      expect(readme).toContain(permission);
    }
    expect(text).toContain('appRoleAssignments');
    // Without an argument it refuses with usage instead of calling az.
    let status = 0;
    try {
      execFileSync('bash', [script], { stdio: 'pipe', env: { PATH: process.env.PATH ?? '' } });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
