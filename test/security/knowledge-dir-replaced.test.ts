/**
 * The running bot's knowledge base survives its directory being deleted and recreated (a deploy
 * that swaps the folder, a `git checkout`): the last good KB keeps answering while the folder is
 * gone, the new folder's content is loaded, and later edits in it are loaded too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaqService } from '../../src/adapters/knowledge/faq-service.js';
import { PROJECT_ROOT } from '../../src/config.js';

const SOURCE = path.join(PROJECT_ROOT, 'knowledge', 'troubleshooting-access-issues.md');
const HEADING = '### I can\'t list or read secrets, keys or certificates and the portal says "something went wrong"';

/** Polls `check` until it holds; fails with `what` after `timeoutInMs`. */
async function eventually(check: () => boolean, what: string, timeoutInMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function questions(faq: FaqService): string[] {
  return faq.matcher.allEntries().map((e) => e.question);
}

describe('knowledge directory replaced under the running watcher', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-kb-'));
  const dir = path.join(tmp, 'knowledge');
  let faq: FaqService | undefined;
  afterEach(() => {
    faq?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps answering while the folder is gone, loads the new folder, and then follows its edits', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const original = fs.readFileSync(SOURCE, 'utf8');
    expect(original).toContain(HEADING);
    fs.writeFileSync(path.join(dir, 'kb.md'), original);
    const events: boolean[] = [];
    faq = await FaqService.start(dir, {
      watch: true,
      debounceInMs: 50,
      pollIntervalInMs: 200,
      onReload: (e) => events.push(e.ok),
    });
    const before = questions(faq).length;
    expect(questions(faq).some((q) => q.startsWith("I can't list or read secrets"))).toBe(true);

    // The folder goes away: answers keep coming from the last good KB.
    fs.rmSync(dir, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(questions(faq)).toHaveLength(before);

    // A new folder appears with edited content.
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'kb.md'),
      original.replace(HEADING, '### Replaced folder: why can I not list secrets?'),
    );
    await eventually(
      () => questions(faq!).includes('Replaced folder: why can I not list secrets?'),
      'the replaced folder is loaded',
    );

    // And the watcher follows the new folder: a later edit is loaded as well.
    fs.writeFileSync(
      path.join(dir, 'kb.md'),
      original.replace(HEADING, '### Edited after the swap: why can I not list secrets?'),
    );
    await eventually(
      () => questions(faq!).includes('Edited after the swap: why can I not list secrets?'),
      'an edit in the new folder is loaded',
    );
    expect(questions(faq)).toHaveLength(before);
    expect(events.at(-1)).toBe(true);
  });
});
