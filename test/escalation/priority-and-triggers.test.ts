import { describe, expect, it } from 'vitest';
import { isProductionVault, suggestPriority } from '../../src/core/escalation/priority.js';
import { isUnansweredTwice, recordOutcome, type FaqOutcome } from '../../src/core/escalation/unanswered-tracker.js';
import { ALEX, makeFixture, packet } from './helpers/escalation-fixture.js';

describe('priority suggestion', () => {
  const cases: Array<[string, string[], { name: string; tags?: Record<string, string> } | undefined, string]> = [
    [
      'plain question on a dev vault',
      ["why can't I see secrets in kv-payments-dev?"],
      { name: 'kv-payments-dev', tags: { env: 'dev' } },
      'normal',
    ],
    ['an outage', ['our checkout is down since 9am, secrets return 403'], undefined, 'high'],
    ["can't deploy", ["I can't deploy because the pipeline cannot read the cert"], undefined, 'high'],
    ['customers affected (curly apostrophe)', ['customers can’t log in'], undefined, 'high'],
    ['production mentioned', ['prod app gets Forbidden'], undefined, 'high'],
    ['vault tagged env: prod', ['list fails'], { name: 'kv-payments', tags: { env: 'prod' } }, 'high'],
    [
      'vault tagged Environment: Production',
      ['list fails'],
      { name: 'kv-payments', tags: { Environment: 'Production' } },
      'high',
    ],
    ['vault named *-prod*', ['list fails'], { name: 'kv-payments-prod-weu' }, 'high'],
    ['impact on a production vault', ['urgent: outage, secrets unreadable'], { name: 'kv-payments-prod' }, 'urgent'],
    ['impact and production in words', ['production is down for customers'], undefined, 'urgent'],
    ['relaxed', ['no rush, just curious how access policies work'], undefined, 'low'],
    ['relaxed words do not override impact', ['no rush but prod is down'], undefined, 'urgent'],
    ['"product" is not "prod"', ['the product team needs list rights'], undefined, 'normal'],
    ['"download" is not "down"', ['download of the certificate fails'], undefined, 'normal'],
  ];
  it.each(cases)('%s', (_name, texts, vault, expected) => {
    const s = suggestPriority({ texts, vault });
    expect(s.priority).toBe(expected);
    expect(s.reasons.length).toBeGreaterThan(0);
  });

  it('names the reasons', () => {
    const s = suggestPriority({ texts: ['outage for customers'], vault: { name: 'kv-app-prod' } });
    expect(s.reasons.join(' ')).toMatch(/"outage", "customers"/);
    expect(s.reasons.join(' ')).toMatch(/kv-app-prod is a production vault/);
  });

  it('recognises production vaults', () => {
    expect(isProductionVault({ name: 'prod-kv' })).toBe(true);
    expect(isProductionVault({ name: 'kv-reproduce' })).toBe(false);
    expect(isProductionVault(undefined)).toBe(false);
  });

  it('a case stores the suggestion, and the user choice overrides it', async () => {
    const { service } = await makeFixture();
    const urgent = packet({ messages: [{ at: '2025-05-01T09:59:00.000Z', text: 'prod is down, customers affected' }] });
    const suggested = await service.open({ trigger: 'user-request', requester: ALEX, packet: urgent });
    const chosen = await service.open({ trigger: 'user-request', requester: ALEX, packet: urgent, priority: 'low' });
    expect(suggested.ok && [suggested.case.priority, suggested.case.suggestedPriority]).toEqual(['urgent', 'urgent']);
    expect(chosen.ok && [chosen.case.priority, chosen.case.suggestedPriority]).toEqual(['low', 'urgent']);
    expect(chosen.ok && chosen.case.priorityReasons.length).toBeGreaterThan(0);
  });
});

describe('unanswered twice', () => {
  const table: Array<[FaqOutcome[], boolean]> = [
    [[], false],
    [['unanswered'], false],
    [['unanswered', 'unanswered'], true],
    [['answered', 'unanswered', 'unanswered'], true],
    [['unanswered', 'answered', 'unanswered'], false],
    [['unanswered', 'unanswered', 'answered'], false],
    [['unanswered', 'other', 'unanswered', 'other'], true],
    [['answered', 'other', 'unanswered'], false],
  ];
  it.each(table)('%j → %s', (outcomes, expected) => {
    expect(isUnansweredTwice(outcomes)).toBe(expected);
  });

  it('recordOutcome keeps a bounded history', () => {
    let h: FaqOutcome[] = [];
    for (let i = 0; i < 15; i++) h = recordOutcome(h, i % 2 ? 'answered' : 'unanswered', 10);
    expect(h).toHaveLength(10);
    expect(isUnansweredTwice(recordOutcome(recordOutcome(h, 'unanswered'), 'unanswered'))).toBe(true);
  });
});
