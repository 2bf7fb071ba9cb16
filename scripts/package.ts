/**
 * `npm run package [-- --env-file <file>] [--app-only | --teams-only] [--out <dir>]`
 *
 * Writes, under `build/` (or `--out`):
 * - `kvbot-teams.zip`: the Teams app package (manifest filled from settings and validated with
 *   `@microsoft/app-manifest`, plus the icons), to upload in Teams or the Teams admin center;
 * - `kvbot-app.zip` and the folder `app/`: the deployable app (`node dist/src/index.js`).
 *
 * Settings come from the environment, or from `--env-file` (e.g. `azd env get-values > .env.azd`).
 * Missing Teams settings are all named at once before anything is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { stageApp } from './package/app-package.js';
import { zipFolder } from './package/zip.js';
import {
  PackageSettingsError,
  teamsPackageSettings,
  writeTeamsPackage,
  type TeamsPackageSettings,
} from './package/teams-package.js';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'env-file': { type: 'string' },
      'app-only': { type: 'boolean', default: false },
      'teams-only': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, 'build') },
    },
  });
  if (values['app-only'] && values['teams-only'])
    throw new PackageSettingsError('--app-only and --teams-only exclude each other');
  let env: Record<string, string | undefined> = process.env;
  if (values['env-file']) {
    const file = path.resolve(values['env-file']);
    if (!fs.existsSync(file)) throw new PackageSettingsError(`--env-file ${file} does not exist`);
    // The file wins over the shell, like `node --env-file` does not: explicit beats ambient here.
    env = { ...process.env, ...parseEnv(fs.readFileSync(file, 'utf8')) };
  }
  const out = path.resolve(values.out);
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  let settings: TeamsPackageSettings | undefined;
  if (!values['app-only']) {
    try {
      settings = teamsPackageSettings(env, { version });
    } catch (e) {
      if (e instanceof PackageSettingsError) e.message += '\n(Use --app-only to build only the app zip.)';
      throw e;
    }
  }

  if (settings) {
    const teamsZip = path.join(out, 'kvbot-teams.zip');
    await writeTeamsPackage({ teamsDir: path.join(ROOT, 'teams'), outFile: teamsZip, settings });
    console.log(`wrote ${teamsZip} (manifest validated with @microsoft/app-manifest)`);
  }
  if (!values['teams-only']) {
    const stagingDir = path.join(out, 'app');
    const started = Date.now();
    stageApp({ root: ROOT, stagingDir, log: (l) => console.log(l) });
    const appZip = path.join(out, 'kvbot-app.zip');
    await zipFolder(stagingDir, appZip);
    console.log(
      `wrote ${appZip} (${(fs.statSync(appZip).size / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s); start it with: node dist/src/index.js`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const err = e as Error;
    process.stderr.write(`package: ${err instanceof PackageSettingsError ? err.message : (err?.stack ?? String(e))}\n`);
    process.exit(1);
  },
);
