/**
 * The deployment contract between `infra/` and the code, checked without the Bicep compiler
 * (which cannot run on the build machines): the templates are read as text and compared with
 * `src/config.ts` and the packaging code.
 *
 * - every app setting the templates set is a setting `src/config.ts` reads (or a named platform
 *   setting of App Service);
 * - the settings, given sample values of the right kind, make `loadConfig` start in Azure mode:
 *   real Azure, UserAssignedMSI with a tenant, Table Storage by its Table endpoint (managed
 *   identity), telemetry on;
 * - the identity holds Storage Table Data Contributor on the storage account, and no Blob role
 *   (nothing reads Blob Storage: the table store keeps bot state too);
 * - role definition ids are the right built-in ones, and the write roles are behind `enableFixes`;
 * - the web app runs the app package's start command; the bot is UserAssignedMSI with Teams.
 */
import type { AppConfig } from '../../src/config.js';
import { BUILTIN_ROLES } from '../../src/emulator/builtin-roles.js';

/** App Service platform settings the app does not read (each with why it is set). */
export const PLATFORM_SETTINGS: Record<string, string> = {
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'the package is prebuilt; App Service must not run npm install',
};

/**
 * Built-in roles not in the emulator's table (src/emulator/builtin-roles.ts), from
 * learn.microsoft.com/azure/role-based-access-control/built-in-roles (storage, monitor).
 */
const OTHER_BUILTIN_ROLES: Record<string, string> = {
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
};

/** Role name → built-in role definition GUID, as the code knows them. */
export function knownBuiltInRoles(): Record<string, string> {
  return { ...Object.fromEntries(BUILTIN_ROLES.map((r) => [r.properties.roleName, r.name])), ...OTHER_BUILTIN_ROLES };
}

/** The templates and code, as text. */
export interface ContractSources {
  /** src/config.ts */
  configSource: string;
  /** infra/azure.bicep */
  azureBicep: string;
  /** infra/botRegistration/azurebot.bicep */
  botBicep: string;
  /** infra/roles/subscription-roles.bicep */
  rolesBicep: string;
  /** azure.yaml */
  azureYaml: string;
  /** The app package's start command (scripts/package/app-package.ts). */
  startCommand: string;
  /** The real (or a mutated) loadConfig, to run the templates' settings through. */
  loadConfig: (env: Record<string, string | undefined>) => Readonly<AppConfig>;
}

/** Setting names `src/config.ts` reads through its typed readers (`str(env, 'NAME')`, `guid(env, 'NAME')`, …). */
export function configSettingNames(configSource: string): Set<string> {
  const names = new Set<string>();
  for (const m of configSource.matchAll(
    /\b(?:str|int|bool|list|guid|guidList|url)\(\s*env\s*,\s*'([A-Za-z_][A-Za-z0-9_]*)'/g,
  ))
    names.add(m[1]!);
  return names;
}

/** Drops `//` comments (not inside strings: Bicep strings here hold no `//` except in URLs after `'`). */
function stripComments(bicep: string): string {
  return bicep
    .split('\n')
    .map((line) => line.replace(/^(\s*)\/\/.*$/, '$1').replace(/\s\/\/\s.*$/, ''))
    .join('\n');
}

/** The `[ ... ]` or `{ ... }` block that starts at `open` (index of the bracket). */
function block(text: string, open: number): string {
  const pairs: Record<string, string> = { '[': ']', '{': '}' };
  const close = pairs[text[open]!];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === text[open]) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(open, i + 1);
  }
  throw new Error(`unbalanced ${text[open]} at ${open}`);
}

/** The web app's `appSettings` entries: name and value expression. */
export function bicepAppSettings(bicep: string): Array<{ name: string; value: string }> {
  const src = stripComments(bicep);
  const at = src.indexOf('appSettings: [');
  if (at < 0) return [];
  const list = block(src, src.indexOf('[', at));
  return [...list.matchAll(/\{\s*name:\s*'([^']+)'\s*value:\s*([^\n]+?)\s*\}/g)].map((m) => ({
    name: m[1]!,
    value: m[2]!,
  }));
}

/** `var builtInRoles = { Name: 'guid' ... }` of one template. */
export function bicepBuiltInRoles(bicep: string): Record<string, string> {
  const src = stripComments(bicep);
  const at = src.indexOf('var builtInRoles = {');
  if (at < 0) return {};
  const body = block(src, src.indexOf('{', at));
  return Object.fromEntries(
    [...body.matchAll(/^\s*(?:'([^']+)'|([A-Za-z_][A-Za-z0-9_]*))\s*:\s*'([^']+)'/gm)].map((m) => [
      m[1] ?? m[2]!,
      m[3]!,
    ]),
  );
}

const SAMPLE_GUID = '0f1e2d3c-4b5a-4697-8877-665544332211';

/** A sample value of the kind a Bicep expression yields, to feed `loadConfig`. */
function sampleValue(expression: string, bicep: string): string | undefined {
  const literal = /^'([^']*)'$/.exec(expression);
  if (literal) return literal[1];
  // A variable holding a literal: `var recordsContainer = 'kvbot'`.
  const variable = /^[A-Za-z_][A-Za-z0-9_]*$/.test(expression)
    ? new RegExp(`^var ${expression} = '([^']*)'$`, 'm').exec(bicep)
    : null;
  if (variable) return variable[1];
  if (/clientId|tenantId|principalId|subscriptionId/i.test(expression)) return SAMPLE_GUID;
  if (/^join\(subscriptionIds/.test(expression)) return `${SAMPLE_GUID},11111111-1111-4111-8111-111111111111`;
  if (/primaryEndpoints\.blob/.test(expression)) return 'https://kvbotstate.blob.core.windows.net/';
  if (/primaryEndpoints\.table/.test(expression)) return 'https://kvbotstate.table.core.windows.net/';
  if (/ConnectionString/.test(expression))
    return 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
  // Optional parameters default to '' (the setting is then unset for config.ts).
  if (/^(approverGroupId|adminIds)$/.test(expression)) return '';
  return undefined;
}

/** Runs every check; returns the problems (empty = the contract holds). */
export function checkDeployContract(s: ContractSources): string[] {
  const problems: string[] = [];
  const read = configSettingNames(s.configSource);
  const settings = bicepAppSettings(s.azureBicep);
  if (settings.length === 0) problems.push('infra/azure.bicep: no appSettings found on the web app');

  // 1. Every setting the templates set is one the code reads.
  for (const { name } of settings) {
    if (!read.has(name) && !(name in PLATFORM_SETTINGS))
      problems.push(`infra/azure.bicep sets app setting ${name}, which src/config.ts does not read`);
  }
  const seen = new Set<string>();
  for (const { name } of settings) {
    if (seen.has(name)) problems.push(`infra/azure.bicep sets ${name} twice`);
    seen.add(name);
  }

  // The account's Table endpoint, checked on the template itself: config.ts refuses a Blob one too.
  const accountUrl = settings.find((x) => x.name === 'AZURE_STORAGE_ACCOUNT_URL')?.value ?? '';
  if (!/^storage\.properties\.primaryEndpoints\.table$/.test(accountUrl))
    problems.push(
      `infra/azure.bicep: AZURE_STORAGE_ACCOUNT_URL is ${accountUrl || 'unset'}, not the account's Table endpoint (storage.properties.primaryEndpoints.table)`,
    );

  // 2. The settings start the bot in Azure mode, with managed identity everywhere.
  const env: Record<string, string> = {};
  for (const { name, value } of settings) {
    const sample = sampleValue(value, s.azureBicep);
    if (sample === undefined)
      problems.push(
        `infra/azure.bicep: no sample value for ${name} = ${value} (teach scripts/infra/deploy-contract.ts its kind)`,
      );
    else env[name] = sample;
  }
  try {
    const config = s.loadConfig(env);
    const expect = (ok: boolean, what: string): void => {
      if (!ok) problems.push(`with the templates' app settings, ${what}`);
    };
    expect(config.azure.mode === 'real', `Azure mode is "${config.azure.mode}", not "real" (AZURE_SUBSCRIPTION_IDS)`);
    expect(config.azure.subscriptionIds.length > 0, 'no subscriptions are searched (AZURE_SUBSCRIPTION_IDS)');
    expect(Boolean(config.azure.tenantId), "the vaults' tenant is not set (AZURE_TENANT_ID)");
    expect(
      config.azure.clientId === env.MicrosoftAppId,
      "DefaultAzureCredential does not use the bot's user-assigned identity (AZURE_CLIENT_ID = MicrosoftAppId)",
    );
    expect(
      config.auth.appType === 'UserAssignedMSI',
      `the bot's app type is ${config.auth.appType}, not UserAssignedMSI (MicrosoftAppType)`,
    );
    expect(
      Boolean(config.auth.appId && config.auth.tenantId),
      'the bot has no app id or tenant (MicrosoftAppId, MicrosoftAppTenantId)',
    );
    expect(!config.auth.appPassword, 'the bot has a password, the managed identity needs none (MicrosoftAppPassword)');
    expect(config.storage.kind === 'table', `storage is "${config.storage.kind}", not "table" (KVBOT_STORAGE)`);
    expect(
      Boolean(config.storage.accountUrl) && !config.storage.connectionString,
      'Table Storage is not reached by account URL with the managed identity (AZURE_STORAGE_ACCOUNT_URL, no connection string)',
    );
    expect(Boolean(config.telemetry.connectionString), 'telemetry is off (APPLICATIONINSIGHTS_CONNECTION_STRING)');
  } catch (e) {
    problems.push(`src/config.ts refuses the templates' app settings: ${(e as Error).message}`);
  }

  // 3. Role definition ids are the right built-in ones.
  const known = knownBuiltInRoles();
  const allRoles: Record<string, string> = {};
  for (const [file, src] of [
    ['infra/azure.bicep', s.azureBicep],
    ['infra/roles/subscription-roles.bicep', s.rolesBicep],
  ] as const) {
    const roles = bicepBuiltInRoles(src);
    for (const [name, id] of Object.entries(roles)) {
      if (!(name in known)) problems.push(`${file}: role "${name}" is not a built-in role the code knows`);
      else if (known[name] !== id)
        problems.push(`${file}: role "${name}" has id ${id}, the built-in id is ${known[name]}`);
      allRoles[name] = id;
    }
    // Every role definition reference goes through builtInRoles (no stray GUIDs).
    for (const m of stripComments(src).matchAll(/roleDefinitions',\s*([^)]+)\)/g)) {
      if (!/^(builtInRoles[.[]|role\.value$)/.test(m[1]!.trim()))
        problems.push(`${file}: roleDefinitionId ${m[1]} does not come from builtInRoles`);
    }
  }
  for (const name of [
    'Reader',
    'Storage Table Data Contributor',
    'Key Vault Contributor',
    'Key Vault Data Access Administrator',
    'Monitoring Contributor',
  ]) {
    if (!(name in allRoles)) problems.push(`no role assignment for ${name}`);
  }
  // The storage roles are assigned on the account itself, to the bot's identity; least privilege: no Blob role.
  const storageRoles = bicepBuiltInRoles(s.azureBicep);
  if ('Storage Blob Data Contributor' in storageRoles)
    problems.push(
      'infra/azure.bicep: Storage Blob Data Contributor is assigned, but nothing uses Blob Storage (KVBOT_STORAGE=table keeps bot state in tables)',
    );
  const web0 = stripComments(s.azureBicep);
  const storageAssignments =
    /resource storageRoles '[^']+' = \[for role in items\(builtInRoles\): \{([\s\S]*?)\n\}\]/.exec(web0);
  if (
    !storageAssignments ||
    !/scope: storage\b/.test(storageAssignments[1]!) ||
    !/principalId: identity\.properties\.principalId/.test(storageAssignments[1]!)
  )
    problems.push(
      "infra/azure.bicep: the storage roles (builtInRoles) are not assigned to the bot's identity on the storage account",
    );
  const roles = stripComments(s.rolesBicep);
  if (!/param enableFixes bool = false/.test(roles) || !/\[for role in fixRoles: if \(enableFixes\)/.test(roles))
    problems.push('infra/roles/subscription-roles.bicep: the fix roles are not behind enableFixes (default false)');
  for (const name of ['Key Vault Contributor', 'Key Vault Data Access Administrator', 'Monitoring Contributor']) {
    if (!new RegExp(`var fixRoles = \\[[^\\]]*'${name}'`).test(roles))
      problems.push(`infra/roles/subscription-roles.bicep: ${name} is not one of fixRoles`);
  }
  if (!/param enableFixes bool = false/.test(stripComments(s.azureBicep)))
    problems.push('infra/azure.bicep: enableFixes must default to false');

  // 4. Hosting and bot registration facts.
  const web = stripComments(s.azureBicep);
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  need(
    web.includes(`appCommandLine: '${s.startCommand}'`),
    `infra/azure.bicep: the web app does not run the app package's start command (${s.startCommand})`,
  );
  need(/linuxFxVersion: 'NODE\|20-lts'/.test(web), 'infra/azure.bicep: the web app is not Linux Node 20');
  need(
    /alwaysOn: true/.test(web) && /httpsOnly: true/.test(web),
    'infra/azure.bicep: the web app must be always on and HTTPS only',
  );
  need(/allowSharedKeyAccess: false/.test(web), 'infra/azure.bicep: the storage account must not allow account keys');
  need(/type: 'UserAssigned'/.test(web), 'infra/azure.bicep: the web app has no user-assigned identity');
  const bot = stripComments(s.botBicep);
  need(
    /msaAppType: 'UserAssignedMSI'/.test(bot) && /msaAppMSIResourceId:/.test(bot),
    'infra/botRegistration/azurebot.bicep: the Azure Bot is not UserAssignedMSI',
  );
  need(/channelName: 'MsTeamsChannel'/.test(bot), 'infra/botRegistration/azurebot.bicep: no Microsoft Teams channel');
  need(
    /endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/.test(bot),
    'infra/botRegistration/azurebot.bicep: the messaging endpoint is not https://<web app>/api/messages',
  );
  need(
    /module azureBotRegistration 'botRegistration\/azurebot\.bicep'/.test(web),
    'infra/azure.bicep does not deploy botRegistration/azurebot.bicep',
  );
  need(
    /^\s*module: azure\s*$/m.test(s.azureYaml) && /^\s*path: infra\s*$/m.test(s.azureYaml),
    'azure.yaml: infra is not infra/azure.bicep',
  );
  need(
    /^\s*dist: build\/app\s*$/m.test(s.azureYaml) && /run: npm run package -- --app-only/.test(s.azureYaml),
    'azure.yaml: the service does not deploy the app package (dist build/app, prepackage npm run package)',
  );
  need(
    /'azd-service-name': serviceName/.test(web) &&
      /^\s{2}bot:\s*$/m.test(s.azureYaml) &&
      /var serviceName = 'bot'/.test(web),
    'azure.yaml service "bot" and the web app\'s azd-service-name tag differ',
  );
  return problems;
}
