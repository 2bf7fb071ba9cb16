/**
 * An exclusive lock shared by every process that uses the same data directory: a lock file
 * that only one process can create (hard link, which fails if it exists, like `open(wx)`). A lock
 * whose owner process is gone, or that is older than `staleAfterInMs`, is broken so that a process
 * killed while holding it (SIGKILL, power cut) does not block the key forever. Inside one process, waiters queue on a promise chain instead of
 * polling the file system.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Options for {@link FileLocker}. */
export interface FileLockOptions {
  /** Give up waiting after this long (default 10 s). */
  timeoutInMs?: number;
  /** A lock held longer than this is considered abandoned (default 30 s; operations take milliseconds). */
  staleAfterInMs?: number;
}

/** Waiting for a lock took too long. Checked by name. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly lockFile: string, readonly timeoutInMs: number) {
    super(`Timed out after ${timeoutInMs} ms waiting for the lock "${lockFile}". If no kvbot process is running, delete that file.`);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Hands out per-path exclusive locks that hold across processes. */
export class FileLocker {
  private readonly local = new Map<string, Promise<void>>();
  private readonly timeoutInMs: number;
  private readonly staleAfterInMs: number;

  constructor(options: FileLockOptions = {}) {
    this.timeoutInMs = options.timeoutInMs ?? 10_000;
    this.staleAfterInMs = options.staleAfterInMs ?? 30_000;
  }

  /** Runs `fn` while holding the lock `lockFile` (created next to the data it protects). */
  async withLock<R>(lockFile: string, fn: () => Promise<R>): Promise<R> {
    // Queue behind other holders in this process first, so only one of our calls touches the file.
    const previous = this.local.get(lockFile) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const chain = previous.then(() => mine);
    this.local.set(lockFile, chain);
    await previous;
    try {
      const token = await this.acquire(lockFile);
      try {
        return await fn();
      } finally {
        await this.releaseFile(lockFile, token);
      }
    } finally {
      release();
      if (this.local.get(lockFile) === chain) this.local.delete(lockFile);
    }
  }

  private async acquire(lockFile: string): Promise<string> {
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString('hex'), at: Date.now() };
    const deadline = Date.now() + this.timeoutInMs;
    await fs.mkdir(path.dirname(lockFile), { recursive: true });
    // The owner record is written in full first and then hard-linked into place: `link` fails if the
    // lock exists (like `open(wx)`) but, unlike it, never leaves an empty lock behind a killed process.
    const draft = `${lockFile}.${owner.token}.draft`;
    await fs.writeFile(draft, JSON.stringify(owner), { mode: 0o600 });
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.link(draft, lockFile);
        await fs.rm(draft, { force: true });
        return owner.token;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          await fs.rm(draft, { force: true });
          throw e;
        }
      }
      await this.breakIfStale(lockFile);
      if (Date.now() > deadline) {
        await fs.rm(draft, { force: true });
        throw new LockTimeoutError(lockFile, this.timeoutInMs);
      }
      // Jittered back-off keeps competing processes from retrying in lock-step.
      await sleep(Math.min(50, 2 + attempt * 2) * (0.5 + Math.random()));
    }
  }

  private async breakIfStale(lockFile: string): Promise<void> {
    const seen = await readOwner(lockFile);
    if (seen === 'missing') return;
    if (seen !== 'unreadable' && !this.isStale(seen)) return;
    if (seen === 'unreadable') {
      // Not ours to judge (foreign or corrupt content): only break it once it is old.
      const stat = await fs.stat(lockFile).catch(() => undefined);
      if (!stat || Date.now() - stat.mtimeMs < this.staleAfterInMs) return;
    }
    // Move the lock aside under a unique name (atomic: only one breaker wins), then make sure what we
    // moved is the stale lock we judged, not a fresh one taken in between; if it is fresh, put it back.
    const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await fs.rename(lockFile, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const moved = await readOwner(aside);
    const isSame = seen === 'unreadable' ? true : moved !== 'missing' && moved !== 'unreadable' && moved.token === seen.token;
    if (!isSame) await fs.link(aside, lockFile).catch(() => undefined);
    await fs.rm(aside, { force: true });
  }

  private isStale(owner: LockOwner): boolean {
    if (Date.now() - owner.at > this.staleAfterInMs) return true;
    if (owner.host !== os.hostname()) return false;
    if (owner.pid === process.pid) return false;
    try {
      process.kill(owner.pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  private async releaseFile(lockFile: string, token: string): Promise<void> {
    const owner = await readOwner(lockFile);
    // Only remove our own lock: if it was broken as stale and retaken, it belongs to someone else now.
    if (owner !== 'missing' && owner !== 'unreadable' && owner.token === token) await fs.rm(lockFile, { force: true });
  }
}

async function readOwner(file: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string' && typeof parsed.at === 'number' && typeof parsed.host === 'string') return parsed as LockOwner;
  } catch {
    // fall through: a lock file killed between create and write is empty
  }
  return 'unreadable';
}
