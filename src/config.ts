/**
 * The only reader of `process.env`. Returns a frozen, validated configuration; every setting is
 * listed in `.env.example` and the README. Invalid values fail fast with a message naming the
 * setting, so a deployment never starts half-configured.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where durable records live. */
export type StorageKind = 'sqlite' | 'file' | 'blob';

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
  dataDir: string;
  storage: { kind: StorageKind; connectionString?: string; container: string };
  azure: AzureConfig;
  approvals: { approverGroupId?: string; ttlInMs: number };
  escalation: { adminIds: string[]; reminderAfterInMs: number; webhookUrl?: string; webhookSecret?: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
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
  if (storageKind !== 'sqlite' && storageKind !== 'file' && storageKind !== 'blob') throw new ConfigError(`KVBOT_STORAGE must be "sqlite", "file" or "blob", got "${storageKind}"`);
  const connectionString = str(env, 'AZURE_STORAGE_CONNECTION_STRING');
  if (storageKind === 'blob' && !connectionString) throw new ConfigError('KVBOT_STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING');

  const subscriptionIds = list(env, 'AZURE_SUBSCRIPTION_IDS');
  const emulatorUrl = str(env, 'KVBOT_EMULATOR_URL');
  const mode: AzureConfig['mode'] = emulatorUrl ? 'emulator' : subscriptionIds.length > 0 ? 'real' : 'sandbox';
  const caFile = str(env, 'KVBOT_EMULATOR_CA');
  if (mode === 'emulator' && !caFile) throw new ConfigError('KVBOT_EMULATOR_URL needs KVBOT_EMULATOR_CA (the emulator prints its CA file path at start)');

  const level = (str(env, 'LOG_LEVEL') ?? 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${level}"`);

  const config: AppConfig = {
    port: int(env, 'PORT', 3978, 0),
    host: str(env, 'KVBOT_HOST'),
    auth: {
      appId: str(env, 'MicrosoftAppId'),
      appPassword: str(env, 'MicrosoftAppPassword'),
      appType: str(env, 'MicrosoftAppType') ?? 'MultiTenant',
      tenantId: str(env, 'MicrosoftAppTenantId'),
      openIdMetadataUrl: str(env, 'ToBotFromChannelOpenIdMetadataUrl') ?? 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      tokenIssuer: str(env, 'ToBotFromChannelTokenIssuer') ?? 'https://api.botframework.com',
    },
    knowledgeDir: path.resolve(str(env, 'KVBOT_KNOWLEDGE_DIR') ?? path.join(PROJECT_ROOT, 'knowledge')),
    watchKnowledge: bool(env, 'KVBOT_WATCH_KNOWLEDGE', true),
    dataDir: path.resolve(str(env, 'KVBOT_DATA_DIR') ?? path.join(PROJECT_ROOT, '.data')),
    storage: { kind: storageKind, connectionString, container: str(env, 'KVBOT_STORAGE_CONTAINER') ?? 'kvbot' },
    azure: {
      mode,
      subscriptionIds,
      tenantId: str(env, 'AZURE_TENANT_ID'),
      armEndpoint: emulatorUrl ?? str(env, 'AZURE_ARM_ENDPOINT') ?? 'https://management.azure.com',
      graphEndpoint: emulatorUrl ?? str(env, 'AZURE_GRAPH_ENDPOINT') ?? 'https://graph.microsoft.com',
      caFile,
      sandboxFixture: path.resolve(str(env, 'KVBOT_SANDBOX_FIXTURE') ?? path.join(PROJECT_ROOT, 'fixtures', 'demo-tenant.json')),
      callTimeoutInMs: int(env, 'KVBOT_AZURE_TIMEOUT_MS', 15_000, 100),
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
  };
  if (config.escalation.webhookUrl && !config.escalation.webhookSecret) throw new ConfigError('KVBOT_WEBHOOK_URL needs KVBOT_WEBHOOK_SECRET to sign deliveries');
  return Object.freeze(config);
}
