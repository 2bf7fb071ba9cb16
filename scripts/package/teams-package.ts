/**
 * The Teams app package: `teams/manifest.template.json` with its `${{NAME}}` placeholders filled
 * from settings, validated offline against the Teams JSON schema that ships inside the official
 * `@microsoft/app-manifest` package, zipped with the two icons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeZip } from './zip.js';

/** Settings that fill the manifest; names are the environment variables. */
export const TEAMS_PACKAGE_SETTINGS = {
  /** The Teams app's own id (any GUID you keep for this app; `uuidgen` makes one). */
  TEAMS_APP_ID: 'required',
  /** The bot's Entra app id (with UserAssignedMSI: the identity's client id). */
  MicrosoftAppId: 'required',
  KVBOT_DEVELOPER_NAME: 'required',
  KVBOT_DEVELOPER_URL: 'required',
  KVBOT_PRIVACY_URL: 'required',
  KVBOT_TERMS_URL: 'required',
  /** Display name (default: Key Vault Access Assistant). */
  KVBOT_APP_NAME: 'optional',
  /** The bot's host name, e.g. `app-kvbot-x.azurewebsites.net` (listed in validDomains). */
  KVBOT_BOT_DOMAIN: 'optional',
  /** Package version (default: package.json's version). */
  APP_VERSION: 'optional',
} as const;

/** The settings the manifest needs, by name. */
export type TeamsPackageSettings = Record<keyof typeof TEAMS_PACKAGE_SETTINGS, string>;

/** Settings are missing or invalid; the message names each one. */
export class PackageSettingsError extends Error {
  override readonly name = 'PackageSettingsError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the manifest settings from an environment; every missing or bad one is named at once. */
export function teamsPackageSettings(
  env: Record<string, string | undefined>,
  defaults: { version: string },
): TeamsPackageSettings {
  const value = (name: string): string => env[name]?.trim() ?? '';
  const problems: string[] = [];
  const missing = Object.entries(TEAMS_PACKAGE_SETTINGS)
    .filter(([name, need]) => need === 'required' && !value(name))
    .map(([name]) => name);
  if (missing.length > 0) problems.push(`missing: ${missing.join(', ')}`);
  for (const name of ['TEAMS_APP_ID', 'MicrosoftAppId']) {
    if (value(name) && !GUID.test(value(name))) problems.push(`${name} must be a GUID, got "${value(name)}"`);
  }
  for (const name of ['KVBOT_DEVELOPER_URL', 'KVBOT_PRIVACY_URL', 'KVBOT_TERMS_URL']) {
    if (value(name) && !/^https:\/\/[^\s/]+/.test(value(name)))
      problems.push(`${name} must be an https URL, got "${value(name)}"`);
  }
  const domain = value('KVBOT_BOT_DOMAIN');
  if (domain && !/^[a-z0-9.-]+$/i.test(domain))
    problems.push(`KVBOT_BOT_DOMAIN must be a host name without scheme or path, got "${domain}"`);
  if (problems.length > 0)
    throw new PackageSettingsError(
      `The Teams app package needs settings (environment or --env-file): ${problems.join('; ')}`,
    );
  return {
    TEAMS_APP_ID: value('TEAMS_APP_ID'),
    MicrosoftAppId: value('MicrosoftAppId'),
    KVBOT_DEVELOPER_NAME: value('KVBOT_DEVELOPER_NAME'),
    KVBOT_DEVELOPER_URL: value('KVBOT_DEVELOPER_URL'),
    KVBOT_PRIVACY_URL: value('KVBOT_PRIVACY_URL'),
    KVBOT_TERMS_URL: value('KVBOT_TERMS_URL'),
    KVBOT_APP_NAME: value('KVBOT_APP_NAME') || 'Key Vault Access Assistant',
    KVBOT_BOT_DOMAIN: domain,
    APP_VERSION: value('APP_VERSION') || defaults.version,
  };
}

/** Fills every `${{NAME}}` in the template; an unknown placeholder is an error, empty list entries are dropped. */
export function fillManifest(template: unknown, settings: TeamsPackageSettings): Record<string, unknown> {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
        if (!(name in settings))
          throw new PackageSettingsError(
            `teams/manifest.template.json uses \${{${name}}}, which is not a package setting (${Object.keys(settings).join(', ')})`,
          );
        return settings[name as keyof TeamsPackageSettings];
      });
    }
    // An optional setting left empty (e.g. KVBOT_BOT_DOMAIN) leaves nothing behind in a list.
    if (Array.isArray(node)) return node.map(fill).filter((v) => v !== '');
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  return fill(template) as Record<string, unknown>;
}

/** The newest released Teams manifest schema version `@microsoft/app-manifest` ships (devPreview excluded). */
export function newestKnownManifestVersion(): string {
  const dir = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build',
    'json-schemas',
    'teams',
  );
  const versions = fs
    .readdirSync(dir)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .map((d) => d.slice(1));
  const key = (v: string): number => {
    const [major, minor] = v.split('.').map(Number);
    return major! * 1000 + minor!;
  };
  return versions.sort((a, b) => key(a) - key(b)).at(-1)!;
}

/**
 * Validates a manifest with the official package, offline: the schema for its `manifestVersion`
 * comes from the package's own copy (not from `$schema`'s URL), and the typed converter checks
 * the shape too. Returns the problems (empty = valid).
 */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  // A devDependency: loaded only when packaging or testing, never by the bot.
  const { AppManifestUtils, TeamsManifestConverter } = await import('@microsoft/app-manifest');
  const version = String(manifest.manifestVersion ?? '');
  if (!/^\d+\.\d+$/.test(version)) return [`/manifestVersion must be a version like 1.30, got "${version}"`];
  let schema: unknown;
  try {
    schema = JSON.parse(
      fs.readFileSync(
        require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`),
        'utf8',
      ),
    );
  } catch {
    return [`/manifestVersion ${version} is not a schema version @microsoft/app-manifest knows`];
  }
  const problems: string[] = [];
  try {
    TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
  } catch (e) {
    problems.push(`type check: ${(e as Error).message}`);
  }
  const failures = await AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
  return [...problems, ...failures];
}

/** Width and height of a PNG (from its IHDR chunk), or undefined if the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } | undefined {
  const head = fs.readFileSync(file).subarray(0, 24);
  if (head.length < 24 || head.toString('latin1', 1, 4) !== 'PNG') return undefined;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/** Builds, validates and writes the Teams app package zip; throws with every problem named. */
export async function writeTeamsPackage(options: {
  teamsDir: string;
  outFile: string;
  settings: TeamsPackageSettings;
}): Promise<{ manifest: Record<string, unknown> }> {
  const template = JSON.parse(
    fs.readFileSync(path.join(options.teamsDir, 'manifest.template.json'), 'utf8'),
  ) as unknown;
  const manifest = fillManifest(template, options.settings);
  const problems = await validateTeamsManifest(manifest);
  const icons = manifest.icons as { color?: string; outline?: string } | undefined;
  // Teams rejects icons of the wrong size at upload; the schema cannot see that.
  for (const [kind, size] of [
    ['color', 192],
    ['outline', 32],
  ] as const) {
    const file = icons?.[kind];
    const dims = file ? pngSize(path.join(options.teamsDir, file)) : undefined;
    if (!dims) problems.push(`icons.${kind}: ${file ?? '(none)'} is not a PNG in ${options.teamsDir}`);
    else if (dims.width !== size || dims.height !== size)
      problems.push(`icons.${kind}: ${file} is ${dims.width}x${dims.height}, Teams needs ${size}x${size}`);
  }
  if (problems.length > 0)
    throw new PackageSettingsError(`The Teams manifest is not valid:\n  ${problems.join('\n  ')}`);
  // Teams wants the three files at the root of the zip.
  await writeZip(options.outFile, [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: icons!.color!, file: path.join(options.teamsDir, icons!.color!) },
    { name: icons!.outline!, file: path.join(options.teamsDir, icons!.outline!) },
  ]);
  return { manifest };
}
