import { describe, expect, it } from 'vitest';
import { checkOffer, isAcceptance } from '../../dialogs/check-offer.js';

describe('accepting an offered check in words', () => {
  it.each([
    'yes',
    'Yes please',
    'yes please check',
    'ok, check it',
    'sure, go ahead',
    'yep do it',
    'please check my access',
    'check it for me please',
    'Yes!',
  ])('"%s" accepts', (text) => expect(isAcceptance(text)).toBe(true));
  it.each([
    'thanks',
    'no',
    'no thanks',
    'the',
    'yes but what about kv-orders',
    'ok what does 403 mean',
    'check the firewall',
    '',
  ])('"%s" does not', (text) => expect(isAcceptance(text)).toBe(false));
  it("an entry's offer is its first probe, with the vault the question named", () => {
    expect(checkOffer({ probes: ['not-a-probe', 'permission-check', 'throttling'] }, 'kv-x')).toEqual({
      kvbot: 'probe.start',
      probe: 'permission-check',
      vault: 'kv-x',
    });
    expect(checkOffer({ probes: [] })).toBeUndefined();
  });
});
