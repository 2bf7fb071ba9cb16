/**
 * Triage round 15: the family widened for blind12's miss (test/real-world/blind12-error-pastes.jsonl,
 * scored once before the change: kind 12/14, fields 3/3). The text here is a SYNTHETIC variant written
 * for the test; the real paste is in the blind12 set.
 */
import { describe, it } from 'vitest';
import { everyVariantIs } from './every-variant.js';

describe('synthetic variants: an API connection whose sign-in is gone', () => {
  it('reads it as sign-in-failed', () =>
    everyVariantIs(
      '{"status":401,"message":"The connection does not contain an access token. Please edit the connection and login.","source":"logic-apis-westeurope.azure-apim.net"}',
      'sign-in-failed',
      'sign-in-failed',
    ));
});
