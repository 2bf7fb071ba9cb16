import { describe, expect, it } from 'vitest';
import { CARD_PAYLOADS, parseCardPayload } from '../../dialogs/card-payloads.js';
import { ESCALATION_ACTIONS } from '../../dialogs/escalation/escalation-actions.js';
import { FIX_ACTIONS } from '../../dialogs/fix/fix-actions.js';

describe('the card-payload parser (one schema per kvbot action, one refusal path)', () => {
  it('has a schema for every action the features register', () => {
    for (const name of [
      ...Object.values(FIX_ACTIONS),
      ...Object.values(ESCALATION_ACTIONS),
      'probe.start',
      'probe.run',
      'probe.cancel',
      'approval.decide',
      'faq.open',
      'feedback',
      'faq.none',
      'help',
    ]) {
      expect(Object.keys(CARD_PAYLOADS), name).toContain(name);
    }
  });

  it('passes a good value through with its extra fields (inputs the feature reads itself)', () => {
    expect(
      parseCardPayload({ kvbot: 'fix.confirm', draftId: 'd-1', justification: 'on-call', grantHours: '8', extra: 1 }),
    ).toEqual({
      ok: true,
      value: { kvbot: 'fix.confirm', draftId: 'd-1', justification: 'on-call', grantHours: '8', extra: 1 },
    });
    expect(parseCardPayload({ kvbot: 'someone.else', anything: true })).toEqual({
      ok: true,
      value: { kvbot: 'someone.else', anything: true },
    });
  });

  it('names a bad card input as the input the person can correct', () => {
    expect(parseCardPayload({ kvbot: 'case.open', priority: 'banana' })).toEqual({
      ok: false,
      refusal: {
        kind: 'input',
        message:
          'Priority must be one of low, normal, high, urgent; you sent "banana". Correct it on the card and press the button again.',
      },
    });
    const long = parseCardPayload({ kvbot: 'fix.confirm', draftId: 'd-1', justification: 'x'.repeat(501) });
    expect(long).toMatchObject({
      ok: false,
      refusal: { kind: 'input', message: expect.stringMatching(/^Why is this needed\? is too long/) },
    });
  });

  it('refuses button data that cannot be used as an old or altered card', () => {
    expect(parseCardPayload({ kvbot: 'probe.run', consent: '../../etc/passwd' })).toEqual({
      ok: false,
      refusal: {
        kind: 'button',
        message:
          'Sorry, I couldn\'t use that button: it carries no valid check request id for "probe.run". It may come from an old card; ask me again, or type **help**.',
      },
    });
    expect(parseCardPayload({ kvbot: 'case.rate', caseId: 'c-1', helpful: 'yes' })).toMatchObject({
      ok: false,
      refusal: { kind: 'button' },
    });
    expect(parseCardPayload({ kvbot: 'approval.decide', requestId: 'r-1', decision: 'maybe' })).toMatchObject({
      ok: false,
      refusal: { kind: 'button' },
    });
  });
});
