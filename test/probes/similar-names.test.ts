import { describe, expect, it } from 'vitest';
import { editDistance, similarNames } from '../../src/core/probes/similar-names.js';

describe('near names for a vault that was not found', () => {
  it('counts a swap of two neighbouring letters as one edit, and ignores case', () => {
    expect(editDistance('kv-paymnets', 'kv-payments')).toBe(1);
    expect(editDistance('KV-Orders', 'kv-orders')).toBe(0);
    expect(editDistance('kv-order', 'kv-orders')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('offers names within one edit (two from eight characters), nearest first, never the name itself', () => {
    const vaults = ['kv-payments', 'kv-payment5', 'kv-orders', 'kv-private', 'kv-paymentsx', 'kv-payments'];
    expect(similarNames('kv-paymnets', vaults)).toEqual(['kv-payments', 'kv-payment5', 'kv-paymentsx']);
    expect(similarNames('kv-ordres', vaults)).toEqual(['kv-orders']);
    expect(similarNames('kv-payments', vaults, 1)).toEqual(['kv-payment5']);
    // Short names: one edit only, so "kv-a" does not bring up every short vault.
    expect(similarNames('kv-a', ['kv-b', 'kv-bc', 'kv-abc'])).toEqual(['kv-b']);
    expect(similarNames('kv-ledger', vaults)).toEqual([]);
    expect(similarNames('anything', [])).toEqual([]);
  });
});
