/**
 * With APPLICATIONINSIGHTS_CONNECTION_STRING set, the bot process exports its traces and metrics
 * through @azure/monitor-opentelemetry; here the connection string's IngestionEndpoint is a local
 * HTTPS server standing in for Application Insights' ingestion API (the exporter only speaks TLS). The turn's spans arrive
 * (flushed on SIGTERM), the user's message text does not.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { generateTlsIdentity } from '../../src/emulator/tls.js';
import { startBotProcess } from '../helpers/bot-process.js';

describe('export to Application Insights when the connection string is set (issue 9 item 5)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-ai-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("sends the turn's spans and the bot's metrics, without message text", async () => {
    const envelopes: Array<Record<string, unknown>> = [];
    const tls = await generateTlsIdentity();
    // NODE_EXTRA_CA_CERTS takes one file: the system bundle plus the stand-in's certificate.
    const bundle = path.join(work, 'bundle.pem');
    const system = fs.existsSync('/etc/ssl/certs/ca-certificates.crt')
      ? fs.readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8')
      : '';
    fs.writeFileSync(bundle, `${system}\n${tls.certPem}`);
    const ingestion = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
        const text = body.toString('utf8').trim();
        const items = text.startsWith('[')
          ? (JSON.parse(text) as Array<Record<string, unknown>>)
          : text
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as Record<string, unknown>);
        envelopes.push(...items);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((r) => ingestion.listen(0, '127.0.0.1', r));
    const endpoint = `https://127.0.0.1:${(ingestion.address() as AddressInfo).port}/`;
    try {
      const bot = await startBotProcess({
        name: 'bot exporting to a local ingestion endpoint',
        env: {
          APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=${endpoint};LiveEndpoint=${endpoint}`,
          KVBOT_DATA_DIR: path.join(work, 'data'),
          KVBOT_WATCH_KNOWLEDGE: 'false',
          NODE_EXTRA_CA_CERTS: bundle,
        },
      });
      try {
        expect(bot.logLines('info').find((l) => l.message === 'telemetry')).toMatchObject({
          exporter: 'azure-monitor',
        });
        const client = await ProtocolClient.start({ botUrl: bot.messagesUrl, channelId: 'msteams' });
        try {
          expect((await client.sendText("I can't list secrets in my key vault, secret-marker-7731")).status).toBe(200);
        } finally {
          await client.close();
        }
      } finally {
        // Shutdown flushes the exporters.
        expect((await bot.stop({ timeoutInMs: 30_000 })).code).toBe(0);
      }
      const all = JSON.stringify(envelopes);
      const names = envelopes.map((e) => (e.data as { baseData?: { name?: string } } | undefined)?.baseData?.name);
      expect(names, all.slice(0, 2000)).toContain('faq.match');
      expect(names.some((n) => n === 'turn' || n?.startsWith('POST'))).toBe(true);
      expect(all).toContain('kvbot.faq.outcome');
      // Metrics are flushed at shutdown too.
      expect(all).toContain('kvbot.questions');
      expect(all).toContain('kvbot.turn.duration');
      expect(all).not.toContain('secret-marker-7731');
    } finally {
      ingestion.close();
    }
  }, 180_000);
});
