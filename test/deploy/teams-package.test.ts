import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import {
  fillManifest,
  newestKnownManifestVersion,
  PackageSettingsError,
  teamsPackageSettings,
  validateTeamsManifest,
  writeTeamsPackage,
} from '../../scripts/package/teams-package.js';
import { readZipEntry, zipEntries } from '../../scripts/package/zip.js';

const ENV = {
  TEAMS_APP_ID: '8a0bd2a2-1111-4a5b-9c3d-123456789abc',
  MicrosoftAppId: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890',
  KVBOT_DEVELOPER_NAME: 'Contoso Platform Team',
  KVBOT_DEVELOPER_URL: 'https://contoso.example/kvbot',
  KVBOT_PRIVACY_URL: 'https://contoso.example/privacy',
  KVBOT_TERMS_URL: 'https://contoso.example/terms',
  KVBOT_BOT_DOMAIN: 'app-kvbot-abc.azurewebsites.net',
};
const TEAMS_DIR = path.join(PROJECT_ROOT, 'teams');
const template = (): unknown => JSON.parse(fs.readFileSync(path.join(TEAMS_DIR, 'manifest.template.json'), 'utf8'));

describe('the Teams app package (issue 9 item 1)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-teams-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('uses the newest manifest schema version @microsoft/app-manifest knows', () => {
    const newest = newestKnownManifestVersion();
    expect(newest).toMatch(/^1\.\d+$/);
    expect(Number(newest.split('.')[1])).toBeGreaterThanOrEqual(20);
    const t = template() as { manifestVersion: string; $schema: string };
    expect(t.manifestVersion).toBe(newest);
    expect(t.$schema).toContain(`/v${newest}/`);
  });

  it('names every missing setting at once, and refuses malformed ids and URLs', () => {
    expect(() => teamsPackageSettings({}, { version: '1.0.0' })).toThrow(PackageSettingsError);
    let message = '';
    try {
      teamsPackageSettings({ KVBOT_DEVELOPER_NAME: 'x' }, { version: '1.0.0' });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of [
      'TEAMS_APP_ID',
      'MicrosoftAppId',
      'KVBOT_DEVELOPER_URL',
      'KVBOT_PRIVACY_URL',
      'KVBOT_TERMS_URL',
    ])
      expect(message).toContain(name);
    expect(message).not.toContain('KVBOT_DEVELOPER_NAME');
    expect(() => teamsPackageSettings({ ...ENV, MicrosoftAppId: 'bot' }, { version: '1.0.0' })).toThrow(
      /MicrosoftAppId must be a GUID/,
    );
    expect(() =>
      teamsPackageSettings({ ...ENV, KVBOT_PRIVACY_URL: 'http://contoso.example' }, { version: '1.0.0' }),
    ).toThrow(/KVBOT_PRIVACY_URL must be an https URL/);
    expect(() =>
      teamsPackageSettings({ ...ENV, KVBOT_BOT_DOMAIN: 'https://x.azurewebsites.net/' }, { version: '1.0.0' }),
    ).toThrow(/KVBOT_BOT_DOMAIN/);
  });

  it('writes manifest.json and both icons, filled from settings, and the official validator accepts it', async () => {
    const outFile = path.join(out, 'kvbot-teams.zip');
    await writeTeamsPackage({
      teamsDir: TEAMS_DIR,
      outFile,
      settings: teamsPackageSettings(ENV, { version: '1.2.3' }),
    });
    expect((await zipEntries(outFile)).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse((await readZipEntry(outFile, 'manifest.json'))!.toString('utf8')) as {
      id: string;
      version: string;
      bots: Array<{ botId: string }>;
      developer: unknown;
      name: { short: string };
      validDomains: string[];
    };
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.id).toBe(ENV.TEAMS_APP_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.bots[0]?.botId).toBe(ENV.MicrosoftAppId);
    expect(manifest.developer).toEqual({
      name: ENV.KVBOT_DEVELOPER_NAME,
      websiteUrl: ENV.KVBOT_DEVELOPER_URL,
      privacyUrl: ENV.KVBOT_PRIVACY_URL,
      termsOfUseUrl: ENV.KVBOT_TERMS_URL,
    });
    expect(manifest.name.short).toBe('Key Vault Access Assistant');
    expect(manifest.validDomains).toEqual([ENV.KVBOT_BOT_DOMAIN]);
    // Validated again here, from the zip's bytes, with @microsoft/app-manifest's offline schema.
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect((await readZipEntry(outFile, 'color.png'))!.equals(fs.readFileSync(path.join(TEAMS_DIR, 'color.png')))).toBe(
      true,
    );
  });

  it('leaves validDomains empty when KVBOT_BOT_DOMAIN is not set, and that is still valid', async () => {
    const { KVBOT_BOT_DOMAIN: _omit, ...env } = ENV;
    const manifest = fillManifest(template(), teamsPackageSettings(env, { version: '1.0.0' }));
    expect(manifest.validDomains).toEqual([]);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
  });

  it('the validation catches a broken manifest (bad id, too-long name, missing field, unknown property)', async () => {
    const good = fillManifest(template(), teamsPackageSettings(ENV, { version: '1.0.0' }));
    const badId = { ...good, id: 'not-a-guid' };
    expect((await validateTeamsManifest(badId)).join('\n')).toMatch(/\/id/);
    const longName = { ...good, name: { short: 'x'.repeat(31), full: 'x' } };
    expect((await validateTeamsManifest(longName)).join('\n')).toMatch(/\/name\/short/);
    const { developer: _d, ...noDeveloper } = good;
    expect((await validateTeamsManifest(noDeveloper)).join('\n')).toMatch(/developer/);
    expect((await validateTeamsManifest({ ...good, botz: [] })).join('\n')).toMatch(/additional|botz/i);
    expect(await validateTeamsManifest({ ...good, manifestVersion: '9.99' })).toEqual([
      expect.stringContaining('9.99'),
    ]);
  });

  it('writeTeamsPackage refuses to write an invalid package, naming the problem', async () => {
    const outFile = path.join(out, 'broken.zip');
    const settings = teamsPackageSettings(
      { ...ENV, KVBOT_APP_NAME: 'A name far too long for the Teams short name' },
      { version: '1.0.0' },
    );
    await expect(writeTeamsPackage({ teamsDir: TEAMS_DIR, outFile, settings })).rejects.toThrow(/\/name\/short/);
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it('refuses a template placeholder that is not a package setting', () => {
    expect(() => fillManifest({ id: '${{NOT_A_SETTING}}' }, teamsPackageSettings(ENV, { version: '1.0.0' }))).toThrow(
      /NOT_A_SETTING/,
    );
  });
});
