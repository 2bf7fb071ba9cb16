import { describe, expect, it } from 'vitest';
import { checkOffer, isAcceptance, isRejection } from '../../dialogs/answer-follow-up.js';

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

describe('saying an answer did not help, in words', () => {
  it.each([
    "that didn't help",
    'didnt work',
    'no, that did not help',
    'not what I asked',
    "that's not it",
    'still getting the same error',
    'still getting 403',
    'I still get the same error',
    'same error',
    'wrong answer',
    'Nope.',
  ])('"%s" says so', (text) => expect(isRejection(text)).toBe(true));
  it.each([
    'that did help',
    'it works now',
    'not able to list secrets',
    'wrong audience token error key vault',
    'still getting errors on kv-x when the pipeline runs',
    "doesn't work when I list secrets from kv-x with my app on aks in west europe",
  ])('"%s" does not', (text) => expect(isRejection(text)).toBe(false));
});
