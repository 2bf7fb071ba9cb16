/**
 * Blob Storage by account URL with a managed identity, end to end and with no account key: the
 * real bot process (`src/index.ts`) with `KVBOT_STORAGE=blob`, `AZURE_STORAGE_ACCOUNT_URL` and
 * `AZURE_CLIENT_ID`, its DefaultAzureCredential getting tokens from an App Service managed
 * identity endpoint (`IDENTITY_ENDPOINT`/`IDENTITY_HEADER`, served here), against Azurite over
 * HTTPS with OAuth on (a request without a token is refused).
 */

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { generateTlsIdentity } from '../../src/emulator/tls.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';

const CLIENT_ID = '3c1f8e7a-9b2d-4c6e-8f10-2a3b4c5d6e7f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT of the shape Entra issues for Storage (Azurite's basic OAuth checks claims, not signatures). */
function storageToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ aud: 'https://storage.azure.com', iss: `https://sts.windows.net/${TENANT}/`, iat: now - 60, nbf: now - 60, exp: now + 3600, oid: '5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b', appid: CLIENT_ID, tid: TENANT })}.c2lnbmF0dXJl`;
}

describe('Blob Storage by account URL + managed identity (issue 9 item 3)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-mi-'));
  let azurite: Azurite | undefined;
  let azuriteUrl = '';
  let ca = '';
  const tokenRequests: Array<{ url: string; header: string | undefined }> = [];
  let identityEndpoint: http.Server | undefined;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    const tls = await generateTlsIdentity();
    ca = tls.certPem;
    fs.writeFileSync(path.join(work, 'cert.pem'), tls.certPem);
    fs.writeFileSync(path.join(work, 'key.pem'), tls.keyPem);
    azurite = await startAzurite({
      timeoutInMs: 30_000,
      extraArgs: ['--oauth', 'basic', '--cert', path.join(work, 'cert.pem'), '--key', path.join(work, 'key.pem')],
    });
    azuriteUrl = azurite.url;

    // App Service's managed identity endpoint (what ManagedIdentityCredential calls there).
    identityEndpoint = http.createServer((req, res) => {
      tokenRequests.push({ url: req.url ?? '', header: req.headers['x-identity-header'] as string | undefined });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          access_token: storageToken(),
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: 'https://storage.azure.com',
          token_type: 'Bearer',
        }),
      );
    });
    await new Promise<void>((resolve) => identityEndpoint!.listen(0, '127.0.0.1', resolve));
    const identityUrl = `http://127.0.0.1:${(identityEndpoint.address() as AddressInfo).port}/msi/token`;

    // NODE_EXTRA_CA_CERTS takes one file: the system bundle plus Azurite's certificate.
    const bundle = path.join(work, 'bundle.pem');
    const system = fs.existsSync('/etc/ssl/certs/ca-certificates.crt')
      ? fs.readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8')
      : '';
    fs.writeFileSync(bundle, `${system}\n${ca}`);
    bot = await startBotProcess({
      name: 'bot on blob by managed identity',
      env: {
        KVBOT_STORAGE: 'blob',
        AZURE_STORAGE_ACCOUNT_URL: `${azuriteUrl}/devstoreaccount1`,
        AZURE_CLIENT_ID: CLIENT_ID,
        IDENTITY_ENDPOINT: identityUrl,
        IDENTITY_HEADER: 'header-secret',
        NODE_EXTRA_CA_CERTS: bundle,
        KVBOT_WATCH_KNOWLEDGE: 'false',
        KVBOT_DATA_DIR: path.join(work, 'unused-data'),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    identityEndpoint?.close();
    await azurite?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  /** Lists a container's blob names with a raw REST call, with or without a bearer token. */
  function listBlobs(container: string, token?: string): Promise<{ status: number; names: string[]; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${azuriteUrl}/devstoreaccount1/${container}?restype=container&comp=list`,
        {
          ca,
          headers: {
            'x-ms-version': '2021-08-06',
            'x-ms-date': new Date().toUTCString(),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () =>
            resolve({
              body,
              status: res.statusCode ?? 0,
              names: [...body.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]!),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('keeps conversation state in Blob Storage with tokens from the managed identity, never a key', async () => {
    const client = await ProtocolClient.start({ botUrl: bot!.messagesUrl, channelId: 'msteams' });
    try {
      const result = await client.sendText('what does 403 forbidden mean?');
      expect(result.status, bot!.log()).toBe(200);
      expect(result.replies.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    // The bot state written during the turn is in the `<container>-state` container.
    const state = await listBlobs('kvbot-state', storageToken());
    expect(state.status, `${state.body}\n${bot!.log()}`).toBe(200);
    expect(state.names.length).toBeGreaterThan(0);
    // Azurite refuses the same read without a token: access really went through OAuth.
    expect((await listBlobs('kvbot-state')).status).not.toBe(200);
    // DefaultAzureCredential asked App Service's identity endpoint for a Storage token, as the user-assigned identity.
    expect(tokenRequests.length).toBeGreaterThan(0);
    const asked = new URL(tokenRequests[0]!.url, 'http://x');
    expect(asked.searchParams.get('resource')).toBe('https://storage.azure.com');
    expect(asked.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(tokenRequests[0]!.header).toBe('header-secret');
    expect(bot!.logLines('info').find((l) => l.message === 'storage')).toMatchObject({ where: 'blob:kvbot' });
    // The turn itself worked (a storage failure is answered with an apology and logged, not a 5xx).
    expect(bot!.logLines('error'), bot!.log()).toEqual([]);
  }, 120_000);
});
