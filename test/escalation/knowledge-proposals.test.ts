import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FileProposalWriter } from '../../src/adapters/proposals/file-proposal-writer.js';
import { acceptProposal } from '../../src/adapters/proposals/accept-proposal.js';
import { readKnowledgeDirectory } from '../../src/adapters/knowledge/kb-directory.js';
import { EscalationService, type CaseCounter } from '../../src/core/escalation/escalation-service.js';
import type { Case } from '../../src/core/escalation/case-types.js';
import type { SupportChannel } from '../../src/core/escalation/escalation-ports.js';
import { ALEX, ISAIAH, MEGAN, RecordingNotifier, packet } from './helpers/escalation-fixture.js';
import { RecordCounters } from '../../src/core/storage/counter.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';

const LIVE_KB = path.resolve(__dirname, '../../knowledge');
const SEED_HEADING = "I'm not able to modify access policy, how can it be enabled?";
const roots: string[] = [];
let kbDir = '';
let proposedDir = '';

beforeEach(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kvbot-kb-'));
  roots.push(root);
  kbDir = path.join(root, 'knowledge');
  await cp(LIVE_KB, kbDir, { recursive: true, filter: (src) => !src.includes(`${path.sep}proposed`) });
  proposedDir = path.join(kbDir, 'proposed');
});
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const context = { caseNumber: 'KV-1042', engineer: MEGAN, at: '2025-05-01T10:00:00.000Z' };

async function entry(id: string) {
  const { kb, issues } = await readKnowledgeDirectory(kbDir);
  if (!kb) throw new Error(issues.map((i) => i.message).join('\n'));
  return kb.entries.find((e) => e.id === id);
}

describe('knowledge proposals', () => {
  it('the live KB copy loads and has the entry the alternate targets', async () => {
    expect((await entry('modify-access-policy'))?.alternates.length).toBeGreaterThan(0);
  });

  it("an alternate phrasing is written under proposed/ and accepted into the entry's alternates", async () => {
    const writer = new FileProposalWriter({ dir: proposedDir });
    const phrasing = 'the "Access policies" blade is read-only for me: why?';
    const file = await writer.write({ kind: 'alternate', entryId: 'modify-access-policy', phrasing }, context);
    expect(path.dirname(file)).toBe(proposedDir);
    expect(path.basename(file)).toBe('2025-05-01-kv-1042-alternate-modify-access-policy.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^---\n/);
    expect(text).toContain('proposal: alternate');
    expect(text).toContain('entry: modify-access-policy');
    expect(text).toContain('### the "Access policies" blade');

    // The live KB is unchanged until accepted (proposed/ is not loaded).
    expect((await entry('modify-access-policy'))?.alternates).not.toContain(phrasing);
    const before = (await entry('modify-access-policy'))!.alternates.length;
    const result = await acceptProposal(file, kbDir);
    expect(result).toMatchObject({ ok: true, kind: 'alternate', entryId: 'modify-access-policy', added: [phrasing] });
    const after = await entry('modify-access-policy');
    expect(after?.alternates).toContain(phrasing);
    expect(after?.alternates.length).toBe(before + 1);
    expect(await readdir(path.join(proposedDir, 'accepted'))).toEqual([path.basename(file)]);
  });

  it('accepting the same phrasing twice is refused, not duplicated', async () => {
    const writer = new FileProposalWriter({ dir: proposedDir });
    const one = await writer.write(
      { kind: 'alternate', entryId: 'access-logging', phrasing: 'who opened my vault yesterday' },
      context,
    );
    const two = await writer.write(
      { kind: 'alternate', entryId: 'access-logging', phrasing: 'Who opened my vault yesterday' },
      context,
    );
    expect(two).not.toBe(one);
    expect((await acceptProposal(one, kbDir)).ok).toBe(true);
    const again = await acceptProposal(two, kbDir);
    expect(again).toMatchObject({ ok: false });
    expect(again.message).toMatch(/already an alternate/);
  });

  it('a new entry is written as a KB entry and accepted into the KB file of its document', async () => {
    const writer = new FileProposalWriter({ dir: proposedDir });
    const file = await writer.write(
      {
        kind: 'new-entry',
        question: 'Why does my pipeline get 403 after the vault moved to RBAC?',
        answer:
          '## Short answer\nAccess policies stop counting once the vault uses RBAC.\n\nAssign **Key Vault Secrets User** to the pipeline identity.',
        alternates: ['pipeline lost access after switching to rbac', 'access policies ignored: rbac vault'],
        tags: ['rbac'],
        sourceHeading: SEED_HEADING,
      },
      context,
    );
    const text = await readFile(file, 'utf8');
    expect(text).toContain('proposal: new-entry');
    expect(text).toContain('id: pipeline-get-403-after-vault-moved');
    // A heading inside the answer must not split the entry.
    expect(text).toContain('#### Short answer');
    const result = await acceptProposal(file, kbDir);
    expect(result).toMatchObject({ ok: true, kind: 'new-entry', entryId: 'pipeline-get-403-after-vault-moved' });
    const added = await entry('pipeline-get-403-after-vault-moved');
    expect(added?.question).toBe('Why does my pipeline get 403 after the vault moved to RBAC?');
    expect(added?.source.heading).toBe(SEED_HEADING);
    expect(added?.alternates).toEqual([
      'pipeline lost access after switching to rbac',
      'access policies ignored: rbac vault',
    ]);
    expect(added?.answer).toContain('Key Vault Secrets User');
  });

  it('refuses a new entry without a source heading, a duplicate id, an unknown entry or a broken file, changing nothing', async () => {
    const writer = new FileProposalWriter({ dir: proposedDir });
    const snapshot = async () =>
      Promise.all(
        (await readdir(kbDir)).filter((n) => n.endsWith('.md')).map((n) => readFile(path.join(kbDir, n), 'utf8')),
      );
    const before = await snapshot();

    const noSource = await writer.write(
      { kind: 'new-entry', question: 'What is soft delete?', answer: 'It keeps deleted secrets.' },
      context,
    );
    expect((await acceptProposal(noSource, kbDir)).message).toMatch(/no source heading/);

    const dup = await writer.write(
      { kind: 'new-entry', id: 'error-403', question: 'Forbidden again', answer: 'x', sourceHeading: SEED_HEADING },
      context,
    );
    expect((await acceptProposal(dup, kbDir)).message).toMatch(/already exists/);

    const unknown = await writer.write({ kind: 'alternate', entryId: 'no-such-entry', phrasing: 'hello' }, context);
    expect((await acceptProposal(unknown, kbDir)).message).toMatch(/no entry "no-such-entry"/);

    const broken = path.join(proposedDir, 'broken.md');
    await writeFile(broken, 'just some text\n');
    expect((await acceptProposal(broken, kbDir)).message).toMatch(/front matter/);
    expect((await acceptProposal(path.join(proposedDir, 'missing.md'), kbDir)).message).toMatch(/ENOENT|no such file/);

    // A follow-up to a missing entry would break the KB: the validator refuses it.
    const dangling = path.join(proposedDir, 'dangling.md');
    const good = await readFile(noSource, 'utf8');
    await writeFile(
      dangling,
      good
        .replace(/source: "TODO[^\n]*/, `source: "${SEED_HEADING}"\nfollowUps: [not-an-entry]`)
        .replace('id: what-soft-delete', 'id: soft-delete-question'),
    );
    const invalid = await acceptProposal(dangling, kbDir);
    expect(invalid).toMatchObject({ ok: false });
    if (!invalid.ok) expect(invalid.issues?.join('\n')).toMatch(/not-an-entry/);

    expect(await snapshot()).toEqual(before);
  });

  it('resolving a case with a proposal writes it and links it to the case', async () => {
    const notifier = new RecordingNotifier();
    const service = new EscalationService(
      {
        cases: new MemoryRecordStore<Case>(),
        counters: new RecordCounters(new MemoryRecordStore<CaseCounter>()),
        supportChannels: new MemoryRecordStore<SupportChannel>(),
        notifier,
        supportMembers: { isSupportMember: async (p) => p.id === MEGAN.id },
        audit: async () => undefined,
        proposals: new FileProposalWriter({ dir: proposedDir }),
        clock: () => new Date('2025-05-02T08:00:00.000Z'),
        newId: () => 'case-1',
      },
      { adminIds: [ISAIAH.aadObjectId!], reminderAfterInMs: 60_000 },
    );
    await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    const r = await service.resolve('case-1', MEGAN, 'You need Key Vault Contributor to edit policies.', {
      kind: 'alternate',
      entryId: 'modify-access-policy',
      phrasing: 'access policy page is greyed out',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.case.resolution?.proposalFile).toBe(
      path.join(proposedDir, '2025-05-02-kv-1001-alternate-modify-access-policy.md'),
    );
    expect(await readFile(r.case.resolution!.proposalFile!, 'utf8')).toContain('access policy page is greyed out');
    expect((await service.get('case-1'))?.resolution?.proposalFile).toBe(r.case.resolution?.proposalFile);
  });
});
