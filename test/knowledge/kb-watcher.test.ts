import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeBaseWatcher, type KbReloadEvent } from '../../src/adapters/knowledge/kb-watcher.js';
import { FaqService } from '../../src/adapters/knowledge/faq-service.js';
import { KnowledgeDirectoryError } from '../../src/adapters/knowledge/kb-directory.js';

const good = readFileSync(path.join(__dirname, 'fixtures', 'good', 'entries.md'), 'utf8');
const dirs: string[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempKb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kvbot-kb-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'entries.md'), good);
  writeFileSync(path.join(dir, 'README.md'), '# not an entry file\n');
  return dir;
}

function nextReload(events: KbReloadEvent[]): Promise<KbReloadEvent> {
  const seen = events.length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (events.length > seen) {
        clearInterval(poll);
        resolve(events[events.length - 1] as KbReloadEvent);
      }
    }, 10);
  });
}

describe('knowledge base watcher', () => {
  it('reloads on change, and keeps the last good KB when an edit breaks it', async () => {
    const dir = tempKb();
    const events: KbReloadEvent[] = [];
    const watcher = new KnowledgeBaseWatcher(dir, { debounceInMs: 30, onReload: (e) => events.push(e), minAlternates: 0 });
    cleanups.push(() => watcher.close());
    await watcher.start();
    expect(watcher.knowledgeBase.entries.map((e) => e.question)).toContain('How do I turn on the widget?');

    let reloaded = nextReload(events);
    writeFileSync(path.join(dir, 'entries.md'), good.replace('How do I turn on the widget?', 'How do I power up the widget?'));
    let event = await reloaded;
    expect(event.ok).toBe(true);
    expect(watcher.knowledgeBase.entries[0]?.question).toBe('How do I power up the widget?');

    reloaded = nextReload(events);
    writeFileSync(path.join(dir, 'entries.md'), good.replace('id: widget-off', 'id: widget-on'));
    event = await reloaded;
    expect(event.ok).toBe(false);
    expect(event.issues.some((i) => i.message.startsWith('duplicate id') && i.file.endsWith('entries.md') && i.line > 0)).toBe(true);
    expect(watcher.knowledgeBase.entries[0]?.question).toBe('How do I power up the widget?');
  });

  it('gives the bot a matcher that follows reloads', async () => {
    const dir = tempKb();
    const events: KbReloadEvent[] = [];
    const service = await FaqService.start(dir, { watch: true, debounceInMs: 30, onReload: (e) => events.push(e), minAlternates: 0 });
    cleanups.push(() => service.close());
    expect(service.matcher.match('enable the widget').answer?.id).toBe('widget-on');
    const reloaded = nextReload(events);
    writeFileSync(path.join(dir, 'entries.md'), good.replace('  - enable the widget', '  - enable the widget\n  - frobnicate gizmo'));
    await reloaded;
    expect(service.matcher.match('frobnicate gizmo').answer?.id).toBe('widget-on');
  });

  it('reloads when the trained model file changes, and names a broken one', async () => {
    const dir = tempKb();
    const events: KbReloadEvent[] = [];
    const watcher = new KnowledgeBaseWatcher(dir, { debounceInMs: 30, onReload: (e) => events.push(e), minAlternates: 0 });
    cleanups.push(() => watcher.close());
    await watcher.start();
    const reloaded = nextReload(events);
    writeFileSync(path.join(dir, 'matcher-model.json'), '{ not json');
    const event = await reloaded;
    expect(event.issues.some((i) => i.file.endsWith('matcher-model.json'))).toBe(true);
    expect(watcher.knowledgeBase.entries.map((e) => e.question)).toContain('How do I turn on the widget?');
  });

  it('fails clearly when the directory does not exist', async () => {
    const watcher = new KnowledgeBaseWatcher(path.join(tmpdir(), 'kvbot-no-such-dir-xyz'));
    await expect(watcher.start({ watch: false })).rejects.toBeInstanceOf(KnowledgeDirectoryError);
  });
});
