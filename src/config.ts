/**
 * The only reader of `process.env`. Returns a frozen, validated configuration; every setting is
 * listed in `.env.example` and the README. Invalid values fail fast with a message naming the
 * setting, so a deployment never starts half-configured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where durable records live. */
export type StorageKind = 'sqlite' | 'file' | 'blob' | 'table';

/** Bot Framework credentials (standard setting names). */
export interface BotAuthConfig {
  appId?: string;
  appPassword?: string;
  /** `MultiTenant`, `SingleTenant` or `UserAssignedMSI`. */
  appType: string;
  tenantId?: string;
  /** OpenID metadata naming the channel token signing keys (botbuilder's `ToBotFromChannelOpenIdMetadataUrl`). */
  openIdMetadataUrl?: string;
  /** Expected issuer of channel tokens (botbuilder's `ToBotFromChannelTokenIssuer`). */
  tokenIssuer?: string;
}

/** Where Azure calls go. */
export interface AzureConfig {
  /** `real`: Azure through DefaultAzureCredential; `sandbox`: the embedded demo emulator; `emulator`: an external emulator by URL. */
  mode: 'real' | 'sandbox' | 'emulator';
  subscriptionIds: string[];
  tenantId?: string;
  armEndpoint: string;
  graphEndpoint: string;
  /** PEM file of the CA to trust for ARM/Graph (the emulator's); unset for real Azure. */
  caFile?: string;
  /** Fixture the embedded sandbox emulator loads. */
  sandboxFixture: string;
  /** Per-probe deadline. */
  callTimeoutInMs: number;
  /** Client id of the user-assigned managed identity DefaultAzureCredential should use (`AZURE_CLIENT_ID`). */
  clientId?: string;
}

/** OpenTelemetry export to Application Insights. */
export interface TelemetryConfig {
  /** Application Insights connection string; unset = nothing is exported. */
  connectionString?: string;
  /** Put message text into spans (off by default: user text may hold secrets or personal data). */
  includeMessageText: boolean;
}

/** The whole configuration. */
export interface AppConfig {
  port: number;
  /** Interface to listen on (`KVBOT_HOST`); unset: all interfaces with an app id, loopback only without one. */
  host?: string;
  auth: BotAuthConfig;
  knowledgeDir: string;
  /** Reload the KB when its files change. */
  watchKnowledge: boolean;
  /**
   * Match and triage messages on a second thread (`KVBOT_MATCHER_THREAD`; default: when the machine
   * has more than one core), so that work does not hold up other conversations.
   */
  matcherThread: boolean;
  dataDir: string;
  /**
   * `accountUrl` (managed identity through DefaultAzureCredential, the production choice) or
   * `connectionString` (an account key: Azurite and development). Blob and table need one of them;
   * for table, `accountUrl` is the account's Table endpoint. `tablePrefix` starts every table name.
   */
  storage: {
    kind: StorageKind;
    connectionString?: string;
    accountUrl?: string;
    container: string;
    tablePrefix?: string;
  };
  azure: AzureConfig;
  approvals: { approverGroupId?: string; ttlInMs: number };
  escalation: { adminIds: string[]; reminderAfterInMs: number; webhookUrl?: string; webhookSecret?: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  telemetry: TelemetryConfig;
}

/** A setting had a value the bot cannot use. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function list(env: Env, name: string): string[] {
  return (str(env, name) ?? '').split(/[,\s]+/).filter(Boolean);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID-valued setting (Entra and Azure ids), or undefined when unset. */
function guid(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v !== undefined && !GUID.test(v))
    throw new ConfigError(`${name} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got "${v}"`);
  return v;
}

/** A comma-separated list of GUIDs; names each bad entry. */
function guidList(env: Env, name: string): string[] {
  const values = list(env, name);
  const bad = values.filter((v) => !GUID.test(v));
  if (bad.length > 0)
    throw new ConfigError(`${name} must be comma-separated GUIDs; not a GUID: ${bad.map((b) => `"${b}"`).join(', ')}`);
  return values;
}

/** An absolute https URL (http only for loopback, e.g. Azurite), or undefined when unset. */
function url(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${v}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw new ConfigError(`${name} must be an https URL, got "${v}"`);
  return v.replace(/\/+$/, '');
}

/** The Bot Framework app types botbuilder accepts, in their canonical spelling. */
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

/**
 * Validates the bot's own credentials so that a bad combination fails here with the setting's
 * name, before botbuilder (which would throw an AssertionError) or anything else starts.
 */
function botAuth(env: Env): BotAuthConfig {
  const appId = str(env, 'MicrosoftAppId');
  const appPassword = str(env, 'MicrosoftAppPassword');
  const tenantId = guid(env, 'MicrosoftAppTenantId');
  const rawType = str(env, 'MicrosoftAppType');
  const appType =
    rawType === undefined ? 'SingleTenant' : APP_TYPES.find((t) => t.toLowerCase() === rawType.toLowerCase());
  if (!appType)
    throw new ConfigError(`MicrosoftAppType must be SingleTenant, UserAssignedMSI or MultiTenant, got "${rawType}"`);
  if (!appId) {
    // No app id: unauthenticated local use. botbuilder only runs anonymously as MultiTenant.
    if (rawType !== undefined && appType !== 'MultiTenant')
      throw new ConfigError(
        `MicrosoftAppType=${appType} needs MicrosoftAppId (the bot's Entra app id or the managed identity's client id)`,
      );
    if (appPassword) throw new ConfigError('MicrosoftAppPassword is set but MicrosoftAppId is not');
    return { appType: 'MultiTenant', tenantId, ...channelTokenSettings(env) };
  }
  if (!GUID.test(appId))
    throw new ConfigError(
      `MicrosoftAppId must be a GUID (the app registration's or managed identity's client id), got "${appId}"`,
    );
  if (appType !== 'MultiTenant' && !tenantId)
    throw new ConfigError(
      `MicrosoftAppType=${appType} needs MicrosoftAppTenantId (the tenant of the bot's app or identity)`,
    );
  if (appType === 'UserAssignedMSI' && appPassword)
    throw new ConfigError(
      'MicrosoftAppType=UserAssignedMSI must not have MicrosoftAppPassword (the managed identity has no secret)',
    );
  if (appType !== 'UserAssignedMSI' && !appPassword)
    throw new ConfigError(`MicrosoftAppType=${appType} needs MicrosoftAppPassword (the app's client secret)`);
  return { appId, appPassword, appType, tenantId, ...channelTokenSettings(env) };
}

/** Where channel tokens' signing keys are published and who issues them (overridable for tests and sovereign clouds). */
function channelTokenSettings(env: Env): Pick<BotAuthConfig, 'openIdMetadataUrl' | 'tokenIssuer'> {
  return {
    openIdMetadataUrl:
      str(env, 'ToBotFromChannelOpenIdMetadataUrl') ??
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    tokenIssuer: str(env, 'ToBotFromChannelTokenIssuer') ?? 'https://api.botframework.com',
  };
}

/** The nearest folder at or above `start` holding package.json (src/ under tsx, dist/src/ when built). */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

/** Project root (where package.json lives), for default paths. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** Reads and validates the configuration from an environment (default: `process.env`). */
export function loadConfig(env: Env = process.env): Readonly<AppConfig> {
  const storageKind = (str(env, 'KVBOT_STORAGE') ?? 'sqlite') as StorageKind;
  if (!['sqlite', 'file', 'blob', 'table'].includes(storageKind))
    throw new ConfigError(`KVBOT_STORAGE must be "sqlite", "file", "table" or "blob", got "${storageKind}"`);
  const connectionString = str(env, 'AZURE_STORAGE_CONNECTION_STRING');
  const accountUrl = url(env, 'AZURE_STORAGE_ACCOUNT_URL');
  if ((storageKind === 'blob' || storageKind === 'table') && !connectionString && !accountUrl) {
    throw new ConfigError(
      `KVBOT_STORAGE=${storageKind} needs AZURE_STORAGE_ACCOUNT_URL (managed identity) or AZURE_STORAGE_CONNECTION_STRING (Azurite, development)`,
    );
  }
  if (connectionString && accountUrl)
    throw new ConfigError('Set AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING, not both');
  if (storageKind === 'table' && accountUrl && /\.blob\./i.test(new URL(accountUrl).hostname)) {
    throw new ConfigError(
      `KVBOT_STORAGE=table needs the account's Table endpoint in AZURE_STORAGE_ACCOUNT_URL (https://<account>.table.core.windows.net), got the Blob endpoint ${accountUrl}`,
    );
  }
  const tablePrefix = str(env, 'KVBOT_STORAGE_TABLE_PREFIX') ?? 'kvbot';
  if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(tablePrefix))
    throw new ConfigError(
      `KVBOT_STORAGE_TABLE_PREFIX must be a letter then up to 39 letters or digits (Azure table names), got "${tablePrefix}"`,
    );

  const auth = botAuth(env);
  const subscriptionIds = guidList(env, 'AZURE_SUBSCRIPTION_IDS');
  const emulatorUrl = str(env, 'KVBOT_EMULATOR_URL');
  const mode: AzureConfig['mode'] = emulatorUrl ? 'emulator' : subscriptionIds.length > 0 ? 'real' : 'sandbox';
  const caFile = str(env, 'KVBOT_EMULATOR_CA');
  if (mode === 'emulator' && !caFile)
    throw new ConfigError('KVBOT_EMULATOR_URL needs KVBOT_EMULATOR_CA (the emulator prints its CA file path at start)');
  // A bot that real Teams users can reach must not answer them from the demo tenant by accident.
  const sandboxAsked = bool(env, 'KVBOT_SANDBOX', false);
  if (auth.appId && mode === 'sandbox' && !sandboxAsked) {
    throw new ConfigError(
      'MicrosoftAppId is set but AZURE_SUBSCRIPTION_IDS is not: the bot would serve real Teams users from the demo tenant. Set AZURE_SUBSCRIPTION_IDS (and AZURE_TENANT_ID), or KVBOT_SANDBOX=true to run the sandbox on purpose',
    );
  }
  if (sandboxAsked && mode !== 'sandbox')
    throw new ConfigError(
      `KVBOT_SANDBOX=true contradicts ${mode === 'real' ? 'AZURE_SUBSCRIPTION_IDS' : 'KVBOT_EMULATOR_URL'}; unset one of them`,
    );

  const level = (str(env, 'LOG_LEVEL') ?? 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(level))
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${level}"`);

  const config: AppConfig = {
    port: int(env, 'PORT', 3978, 0),
    host: str(env, 'KVBOT_HOST'),
    auth,
    knowledgeDir: path.resolve(str(env, 'KVBOT_KNOWLEDGE_DIR') ?? path.join(PROJECT_ROOT, 'knowledge')),
    watchKnowledge: bool(env, 'KVBOT_WATCH_KNOWLEDGE', true),
    matcherThread: bool(env, 'KVBOT_MATCHER_THREAD', os.availableParallelism() > 1),
    dataDir: path.resolve(str(env, 'KVBOT_DATA_DIR') ?? path.join(PROJECT_ROOT, '.data')),
    storage: {
      kind: storageKind,
      connectionString,
      accountUrl,
      container: str(env, 'KVBOT_STORAGE_CONTAINER') ?? 'kvbot',
      tablePrefix,
    },
    azure: {
      mode,
      subscriptionIds,
      tenantId: guid(env, 'AZURE_TENANT_ID'),
      armEndpoint: emulatorUrl ?? str(env, 'AZURE_ARM_ENDPOINT') ?? 'https://management.azure.com',
      graphEndpoint: emulatorUrl ?? str(env, 'AZURE_GRAPH_ENDPOINT') ?? 'https://graph.microsoft.com',
      caFile,
      sandboxFixture: path.resolve(
        str(env, 'KVBOT_SANDBOX_FIXTURE') ?? path.join(PROJECT_ROOT, 'fixtures', 'demo-tenant.json'),
      ),
      callTimeoutInMs: int(env, 'KVBOT_AZURE_TIMEOUT_MS', 15_000, 100),
      clientId: guid(env, 'AZURE_CLIENT_ID'),
    },
    approvals: {
      approverGroupId: str(env, 'KVBOT_APPROVER_GROUP_ID'),
      ttlInMs: int(env, 'KVBOT_APPROVAL_TTL_HOURS', 24, 1) * 3_600_000,
    },
    escalation: {
      adminIds: list(env, 'KVBOT_ADMIN_IDS'),
      reminderAfterInMs: int(env, 'KVBOT_CASE_REMINDER_MINUTES', 30, 1) * 60_000,
      webhookUrl: str(env, 'KVBOT_WEBHOOK_URL'),
      webhookSecret: str(env, 'KVBOT_WEBHOOK_SECRET'),
    },
    logLevel: level,
    telemetry: {
      connectionString: str(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING'),
      includeMessageText: bool(env, 'KVBOT_TELEMETRY_INCLUDE_TEXT', false),
    },
  };
  if (config.escalation.webhookUrl && !config.escalation.webhookSecret)
    throw new ConfigError('KVBOT_WEBHOOK_URL needs KVBOT_WEBHOOK_SECRET to sign deliveries');
  return Object.freeze(config);
}
