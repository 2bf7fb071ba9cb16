/**
 * Keeps a live knowledge base for the running bot: loads the directory, watches it (fs.watch,
 * debounced) and reloads on change. A bad edit keeps the last good KB and reports the issues,
 * so a typo in a Markdown file never takes answers away.
 *
 * fs.watch follows an inode: when the directory is deleted and recreated (a deploy that replaces
 * it, `git checkout`, a ConfigMap update) the watcher goes quiet for good. So a cheap poll (the
 * directory's inode and its files' sizes and times) runs alongside: it re-arms the watcher on a
 * new directory and reloads whenever what it sees differs from what was last loaded, which also
 * covers file systems where fs.watch never fires.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeBase } from '../../core/knowledge/kb-entry.js';
import { KbValidationError, type KbIssue } from '../../core/knowledge/kb-errors.js';
import { affectsKnowledgeBase, readKnowledgeDirectory, type ReadKnowledgeOptions } from './kb-directory.js';

/** What a reload produced. */
export type KbReloadEvent =
  | { ok: true; kb: KnowledgeBase; issues: KbIssue[] }
  | { ok: false; issues: KbIssue[]; error?: Error };

/** Options for {@link KnowledgeBaseWatcher}. */
export interface KnowledgeBaseWatcherOptions extends ReadKnowledgeOptions {
  /** Quiet time after the last file event before reloading (editors write in bursts). */
  debounceInMs?: number;
  /** Called after every reload attempt, good or bad. */
  onReload?: (event: KbReloadEvent) => void;
  /** How often the directory is polled for a replacement or missed changes (default 2 s; 0 disables). */
  pollIntervalInMs?: number;
}

/** The directory's inode and its knowledge files' names, sizes and times; `missing` when it is gone. */
async function directorySignature(dir: string): Promise<{ ino: number; text: string } | 'missing'> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return 'missing';
    const names = (await readdir(dir)).filter(affectsKnowledgeBase).sort();
    const parts = await Promise.all(names.map(async (n) => {
      try {
        const f = await stat(path.join(dir, n));
        return `${n}:${f.size}:${f.mtimeMs}:${f.ino}`;
      } catch {
        return `${n}:gone`;
      }
    }));
    return { ino: info.ino, text: `${info.ino}|${parts.join('|')}` };
  } catch {
    return 'missing';
  }
}

/** Loads a knowledge directory and keeps it current. */
export class KnowledgeBaseWatcher {
  private current: KnowledgeBase | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<KbReloadEvent> | null = null;
  private version = 0;
  private poller: NodeJS.Timeout | null = null;
  private polling = false;
  /** Inode of the directory fs.watch follows. */
  private watchedIno: number | null = null;
  /** Signature of the directory as last loaded (or seen missing). */
  private seen: string | null = null;
  private closed = false;

  constructor(private readonly dir: string, private readonly options: KnowledgeBaseWatcherOptions = {}) {}

  /** The last good KB; throws if {@link start} has not succeeded. */
  get knowledgeBase(): KnowledgeBase {
    if (!this.current) throw new Error(`knowledge base in "${this.dir}" is not loaded; call start() first`);
    return this.current;
  }

  /** How many good loads there have been (lets callers rebuild matchers only on change). */
  get generation(): number {
    return this.version;
  }

  /** Loads the KB (throws {@link KbValidationError} if the first load has errors) and, if `watch`, starts watching. */
  async start({ watch: shouldWatch = true }: { watch?: boolean } = {}): Promise<KnowledgeBase> {
    const event = await this.reload();
    if (!event.ok) throw event.error ?? new KbValidationError(event.issues);
    if (shouldWatch && !this.watcher) {
      const sig = await directorySignature(this.dir);
      this.seen = sig === 'missing' ? 'missing' : sig.text;
      this.arm(sig === 'missing' ? null : sig.ino);
      const every = this.options.pollIntervalInMs ?? 2_000;
      if (every > 0) {
        this.poller = setInterval(() => void this.poll(), every);
        this.poller.unref();
      }
    }
    return event.kb;
  }

  /** Watches the directory (inode `ino`) with fs.watch; a failure leaves it to the poll. */
  private arm(ino: number | null): void {
    this.watcher?.close();
    this.watcher = null;
    this.watchedIno = null;
    if (ino === null || this.closed) return;
    try {
      this.watcher = watch(this.dir, (_type, name) => {
        if (name && !affectsKnowledgeBase(String(name))) return;
        this.scheduleReload();
      });
      this.watchedIno = ino;
      // The directory went away under the watcher: drop it; the poll re-arms on the new one.
      this.watcher.on('error', () => this.arm(null));
    } catch {
      this.watcher = null;
    }
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, this.options.debounceInMs ?? 200);
  }

  /** Re-arms the watcher on a replaced directory and reloads when the files differ from the last load. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      const sig = await directorySignature(this.dir);
      if (sig === 'missing') {
        if (this.watcher) this.arm(null);
        this.seen = 'missing';
        return;
      }
      if (sig.ino !== this.watchedIno) this.arm(sig.ino);
      if (sig.text !== this.seen && !this.timer) this.scheduleReload();
    } finally {
      this.polling = false;
    }
  }

  /** Reloads now; keeps the last good KB when the new one has errors. */
  async reload(): Promise<KbReloadEvent> {
    // Serialise reloads so a slow read cannot overwrite a newer one.
    const previous = this.reloading ?? Promise.resolve(null);
    const next = previous.then(() => this.loadOnce());
    this.reloading = next;
    return next;
  }

  /** Stops watching and polling. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.watcher?.close();
    this.watcher = null;
  }

  private async loadOnce(): Promise<KbReloadEvent> {
    let event: KbReloadEvent;
    // What the load is about to read; a change during the read makes the next poll differ again.
    const before = await directorySignature(this.dir);
    this.seen = before === 'missing' ? 'missing' : before.text;
    try {
      const { kb, issues } = await readKnowledgeDirectory(this.dir, this.options);
      if (kb) {
        this.current = kb;
        this.version++;
        event = { ok: true, kb, issues };
      } else event = { ok: false, issues, error: new KbValidationError(issues) };
    } catch (e) {
      event = { ok: false, issues: [], error: e instanceof Error ? e : new Error(String(e)) };
    }
    this.options.onReload?.(event);
    return event;
  }
}
