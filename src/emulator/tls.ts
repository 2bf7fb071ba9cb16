/**
 * The emulator's TLS identity: a self-signed certificate generated at start for `localhost` and
 * `127.0.0.1`. Clients trust it with `tlsOptions: { ca: caPem }` (azure-facts §6.2); Node accepts the
 * self-signed leaf as its own trust anchor.
 */
import { generate } from 'selfsigned';

/** PEM key and certificate. */
export interface EmulatorTlsIdentity {
  keyPem: string;
  certPem: string;
}

/** Generates a fresh certificate valid for one year. */
export async function generateTlsIdentity(): Promise<EmulatorTlsIdentity> {
  const pems = await generate([{ name: 'commonName', value: 'kvbot-emulator.localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}
