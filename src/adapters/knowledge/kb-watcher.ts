/**
 * Keeps a live knowledge base for the running bot: loads the directory, watches it (fs.watch,
 * debounced) and reloads on change. A bad edit keeps the last good KB and reports the issues,
 * so a typo in a Markdown file never takes answers away.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { KnowledgeBase } from '../../core/knowledge/kb-entry.js';
import { KbValidationError, type KbIssue } from '../../core/knowledge/kb-errors.js';
import { isKnowledgeFile, readKnowledgeDirectory, type ReadKnowledgeOptions } from './kb-directory.js';

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
}

/** Loads a knowledge directory and keeps it current. */
export class KnowledgeBaseWatcher {
  private current: KnowledgeBase | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<KbReloadEvent> | null = null;
  private version = 0;

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
      this.watcher = watch(this.dir, (_type, name) => {
        if (name && !isKnowledgeFile(String(name))) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.reload();
        }, this.options.debounceInMs ?? 200);
      });
      this.watcher.on('error', (error) => this.options.onReload?.({ ok: false, issues: [], error }));
    }
    return event.kb;
  }

  /** Reloads now; keeps the last good KB when the new one has errors. */
  async reload(): Promise<KbReloadEvent> {
    // Serialise reloads so a slow read cannot overwrite a newer one.
    const previous = this.reloading ?? Promise.resolve(null);
    const next = previous.then(() => this.loadOnce());
    this.reloading = next;
    return next;
  }

  /** Stops watching. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }

  private async loadOnce(): Promise<KbReloadEvent> {
    let event: KbReloadEvent;
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
