/**
 * Triage runs on every message, so hostile or enormous input must come back as a result, never an
 * exception or a hang (a catastrophically backtracking pattern would time the test out). Speed itself
 * is measured by bench/triage.ts, not here.
 */
import { describe, expect, it } from 'vitest';
import { TRIAGE_KINDS, triageError } from '../../src/core/triage/index.js';

/** Deterministic pseudo-random bytes (a fixed linear congruential generator), decoded as Latin-1. */
function junk(length: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(x % 256);
  }
  return out;
}

const ERROR =
  '{"error":{"code":"Forbidden","message":"The user, group or application \'appid=1;oid=2\' does not have secrets get permission on key vault \'kv-robust;location=eastus\'.","innererror":{"code":"AccessDenied"}}}';

describe('triage on hostile and enormous input', () => {
  const inputs: Record<string, string> = {
    '200 KB of one character': 'a'.repeat(200_000),
    '200 KB of binary junk': junk(200_000, 7),
    '10,000 log lines with the error at the end': `${'2024-01-01T00:00:00.000Z INFO heartbeat ok\n'.repeat(10_000)}${ERROR}`,
    '10,000 empty lines': '\n'.repeat(10_000),
    '200 KB of repeated partial wordings': [
      'Identity not found ',
      '/msi/token ',
      'Access denied for key vault ',
      'does not have secrets get/',
      "Cannot find key vault '",
      'configuration store ',
      '2024-01-01T00:00:00Z ',
    ]
      .join('')
      .repeat(1_500),
    'NUL and control characters': '\u0000\u0001\u0002\u001b['.repeat(40_000),
    'lone surrogates': '\ud800\udfff\ud800'.repeat(60_000),
  };

  it.each(Object.entries(inputs))('returns a result for %s without throwing', (_name, text) => {
    const r = triageError(text);
    expect(TRIAGE_KINDS).toContain(r.kind);
    expect(typeof r.summary).toBe('string');
  });

  it('still finds the error at the end of 10,000 log lines', () => {
    const r = triageError(inputs['10,000 log lines with the error at the end'] ?? '');
    expect(r).toMatchObject({ kind: 'access-policy-permission', fields: { vault: 'kv-robust', permission: 'get' } });
  });

  it('reads an error wrapped in binary junk', () => {
    const r = triageError(`${junk(2_000, 3)}\n${ERROR}\n${junk(2_000, 5)}`);
    expect(r.kind).toBe('access-policy-permission');
  });
});
