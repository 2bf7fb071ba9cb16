/**
 * The deployable app: compiled code, production dependencies, the knowledge base and the sandbox's
 * fixtures in one folder (`build/app/`, what `azd deploy` ships) and one zip (App Service zip deploy
 * or any Node host). It starts with plain `node dist/src/index.js`: no npm, tsx or build step on
 * the host.
 *
 * Production dependencies are copied from this checkout's node_modules, pruned with the lockfile's
 * own `dev` flags (what `npm ci --omit=dev` would install), so packaging needs no network and no
 * second install.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The command App Service and any host runs. */
export const START_COMMAND = 'node dist/src/index.js';
/**
 * `npm start` / `npm run start:prod` in the app folder. npm runs scripts through `sh -c` and
 * forwards SIGTERM to that shell only; `exec` makes node the shell's process, so the signal
 * reaches the bot (without it, SIGTERM to npm left the bot running on its port).
 */
export const NPM_START_SCRIPT = `exec ${START_COMMAND}`;

/** Folders copied as they are: the knowledge base and what the sandbox emulator loads. */
const DATA_DIRS = ['knowledge', 'fixtures'];

interface LockPackage {
  dev?: boolean;
  optional?: boolean;
}

/** The top-level `node_modules/<name>` folders the production install holds, from package-lock.json. */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    lockfileVersion: number;
    packages?: Record<string, LockPackage>;
  };
  if (!lock.packages)
    throw new Error(
      `package-lock.json has lockfileVersion ${lock.lockfileVersion}; packaging needs version 2 or 3 (npm 7+)`,
    );
  return (
    Object.entries(lock.packages)
      // Nested node_modules come along with their parent folder.
      .filter(
        ([key, pkg]) =>
          key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('/node_modules/') && !pkg.dev,
      )
      .map(([key]) => key)
      .sort()
  );
}

/**
 * Files Node never loads at run time: source maps, type declarations, docs, and the browser and
 * React Native builds of the Azure SDKs. Leaving them out halves the package (about 470 → 240 MB
 * unpacked); `.bin` links are dropped because nothing on the host runs them.
 */
const NOT_RUNTIME_FILE = /\.(map|d\.ts|d\.mts|d\.cts|md|markdown|tsbuildinfo)$/i;
const NOT_RUNTIME_DIR = new Set(['.bin', '.github']);

function isRuntimeFile(src: string): boolean {
  const base = path.basename(src);
  if (NOT_RUNTIME_DIR.has(base) || NOT_RUNTIME_FILE.test(base)) return false;
  // dist/browser and dist/react-native are selected by bundlers' export conditions, never by Node.
  return !((base === 'browser' || base === 'react-native') && path.basename(path.dirname(src)) === 'dist');
}

/** Copies one package folder without what Node never loads. */
function copyPackage(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, dereference: true, filter: isRuntimeFile });
}

/** Options of {@link stageApp}. */
export interface StageOptions {
  root: string;
  /** Emptied, then filled. */
  stagingDir: string;
  /** Print progress. */
  log?: (line: string) => void;
}

/** Compiles and assembles the app folder; returns the production packages copied. */
export function stageApp(options: StageOptions): { packages: number; missingOptional: string[] } {
  const { root, stagingDir } = options;
  const log = options.log ?? (() => undefined);
  fs.rmSync(stagingDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });

  const compileStarted = Date.now();
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      path.join(stagingDir, 'dist'),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  log(
    `compiled (tsc -p tsconfig.build.json) into ${path.relative(root, stagingDir) || '.'}/dist in ${((Date.now() - compileStarted) / 1000).toFixed(1)} s`,
  );

  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  // The host's package.json: no dev tooling, and both start scripts are the production command.
  const appPkg = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    license: pkg.license,
    engines: pkg.engines,
    scripts: { start: NPM_START_SCRIPT, 'start:prod': NPM_START_SCRIPT },
    dependencies: pkg.dependencies,
  };
  fs.writeFileSync(path.join(stagingDir, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
  for (const dir of DATA_DIRS) fs.cpSync(path.join(root, dir), path.join(stagingDir, dir), { recursive: true });

  const copyStarted = Date.now();
  const packages = productionPackages(root);
  const missingOptional: string[] = [];
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  for (const key of packages) {
    const from = path.join(root, key);
    if (!fs.existsSync(from)) {
      // Optional packages for other platforms (e.g. @esbuild/darwin-arm64) are not installed here.
      if (lock.packages[key]?.optional) {
        missingOptional.push(key);
        continue;
      }
      throw new Error(`${key} is a production dependency in package-lock.json but is not installed; run npm ci first`);
    }
    copyPackage(from, path.join(stagingDir, key));
  }
  log(
    `copied ${packages.length - missingOptional.length} production packages in ${((Date.now() - copyStarted) / 1000).toFixed(1)} s (${missingOptional.length} optional ones for other platforms skipped)`,
  );
  return { packages: packages.length - missingOptional.length, missingOptional };
}
