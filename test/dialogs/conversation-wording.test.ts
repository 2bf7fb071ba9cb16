/**
 * Wording people read (issue 10 bug 7): no "latency n/a average" in an availability verdict, and
 * a case opened with no support channel registered says so, and who can register one, instead
 * of "I couldn't reach the support channel just now".
 */
import { describe, expect, it } from 'vitest';
import { userNoticeActivity } from '../../dialogs/escalation/teams-escalation-cards.js';
import { evaluateAvailability } from '../../src/core/probes/availability.js';
import type { Vault } from '../../src/core/probes/azure-model.js';
import { ALEX, makeFixture, packet } from '../escalation/helpers/escalation-fixture.js';

const vault = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-1',
  name: 'kv-1',
} as Vault;

describe('what people read', () => {
  it('an availability verdict with no latency data says what is missing instead of "latency n/a average"', () => {
    const outcome = evaluateAvailability(vault, [
      {
        name: 'Availability',
        unit: 'Percent',
        series: [{ dimensions: {}, points: [{ timeStamp: '2025-06-01T00:00:00Z', average: 100, minimum: 100 }] }],
      },
    ]);
    // A partial metric answer leaves the verdict open (issue 13.2), and the reason says what is missing.
    expect(outcome.verdict).toBe('undetermined');
    expect(outcome.reason).toBe(
      "The bot cannot tell whether kv-1 stayed within the recommended thresholds in the last 24 h: Azure Monitor's answer did not include the ServiceApiLatency metric.",
    );
    expect(outcome.reason).not.toMatch(/n\/a/);
  });

  it('a case opened while no support channel is registered says so and who can register one', async () => {
    const { service, notifier } = await makeFixture({ registerChannel: false });
    const r = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const notice = notifier.userNotices[0]!.notice;
    expect(notice).toMatchObject({ kind: 'opened', supportReached: false, noSupportChannel: true });
    const text = String(userNoticeActivity(r.case, notice).text);
    expect(text).toContain('No support channel is registered yet');
    expect(text).toContain('register support channel');
    expect(text).not.toContain("couldn't reach the support channel");
  });

  it('a case whose support channel could not be reached still says it will keep trying', async () => {
    const { service, notifier } = await makeFixture();
    notifier.failSupport = true;
    const r = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!r.ok) throw new Error(r.message);
    const notice = notifier.userNotices[0]!.notice;
    expect(notice).toMatchObject({ kind: 'opened', supportReached: false });
    expect(String(userNoticeActivity(r.case, notice).text)).toContain("I couldn't reach the support channel just now");
  });
});
