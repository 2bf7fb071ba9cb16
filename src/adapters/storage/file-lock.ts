/**
 * An exclusive lock shared by every process that uses the same data directory: a lock file
 * that only one process can create (hard link, which fails if it exists, like `open(wx)`). A lock
 * whose owner process is gone, or that is older than `staleAfterInMs`, is broken so that a process
 * killed while holding it (SIGKILL, power cut) does not block the key forever. Inside one process, waiters queue on a promise chain instead of
 * polling the file system.
 *
 * The owner is identified beyond its PID: a random instance id, the process start time and the
 * machine's boot id. A restarted process that got the same PID (PID 1 in a container) therefore
 * does not take its predecessor's lock for its own, and a lock from before a reboot is stale.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
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
  constructor(
    readonly lockFile: string,
    readonly timeoutInMs: number,
  ) {
    super(
      `Timed out after ${timeoutInMs} ms waiting for the lock "${lockFile}". If no kvbot process is running, delete that file.`,
    );
  }
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: number;
  /** This process's random id; absent in locks written by older versions. */
  instance?: string;
  /** When the owning process started (ms since epoch). */
  startedAt?: number;
  /** Linux boot id of the machine (empty elsewhere). */
  bootId?: string;
}

/** Who this process is, for lock files. */
export const LOCK_IDENTITY = Object.freeze({
  instance: randomBytes(8).toString('hex'),
  startedAt: Math.round(Date.now() - process.uptime() * 1000),
  bootId: readBootId(),
});

function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
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
    const mine = new Promise<void>((r) => {
      release = r;
    });
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
    const owner: LockOwner = {
      pid: process.pid,
      host: os.hostname(),
      token: randomBytes(8).toString('hex'),
      at: Date.now(),
      ...LOCK_IDENTITY,
    };
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

  /** Removes `lockFile` if its owner is gone (safe against a concurrent re-take); true if it did. */
  async breakIfStale(lockFile: string): Promise<boolean> {
    const seen = await readOwner(lockFile);
    if (seen === 'missing') return false;
    if (seen !== 'unreadable' && !this.isStale(seen)) return false;
    if (seen === 'unreadable') {
      // Not ours to judge (foreign or corrupt content): only break it once it is old.
      const stat = await fs.stat(lockFile).catch(() => undefined);
      if (!stat || Date.now() - stat.mtimeMs < this.staleAfterInMs) return false;
    }
    // Move the lock aside under a unique name (atomic: only one breaker wins), then make sure what we
    // moved is the stale lock we judged, not a fresh one taken in between; if it is fresh, put it back.
    const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await fs.rename(lockFile, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    const moved = await readOwner(aside);
    const isSame =
      seen === 'unreadable' ? true : moved !== 'missing' && moved !== 'unreadable' && moved.token === seen.token;
    if (!isSame) await fs.link(aside, lockFile).catch(() => undefined);
    await fs.rm(aside, { force: true });
    return isSame;
  }

  private isStale(owner: LockOwner): boolean {
    return isStaleOwner(owner, this.staleAfterInMs);
  }

  private async releaseFile(lockFile: string, token: string): Promise<void> {
    const owner = await readOwner(lockFile);
    // Only remove our own lock: if it was broken as stale and retaken, it belongs to someone else now.
    if (owner !== 'missing' && owner !== 'unreadable' && owner.token === token) await fs.rm(lockFile, { force: true });
  }
}

/** True when a lock's owner cannot be holding it any more. */
function isStaleOwner(owner: LockOwner, staleAfterInMs: number): boolean {
  if (Date.now() - owner.at > staleAfterInMs) return true;
  if (owner.host !== os.hostname()) return false;
  // Taken before this machine booted: no process from then is alive.
  if (owner.bootId && LOCK_IDENTITY.bootId && owner.bootId !== LOCK_IDENTITY.bootId) return true;
  // Our PID: ours only if our instance wrote it; otherwise a predecessor that had the same PID.
  if (owner.pid === process.pid) return owner.instance !== undefined && owner.instance !== LOCK_IDENTITY.instance;
  // Taken before the process now holding that PID started: the PID was reused.
  if (owner.startedAt !== undefined && owner.at < processStartedAt(owner.pid)) return true;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** When process `pid` started (Linux /proc), or 0 when unknown. */
function processStartedAt(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    // Clock ticks are 100 Hz on Linux; a second of slack covers rounding.
    return Date.now() - (uptime - ticks / 100) * 1000 - 1000;
  } catch {
    return 0;
  }
}

/** What a start-up sweep removed. */
export interface SweepResult {
  locks: number;
  temps: number;
  drafts: number;
}

/**
 * Removes what processes killed mid-write left in a data directory: lock files whose owner is
 * gone (by the rules above), and temporary, draft and moved-aside lock files older than
 * `olderThanInMs` (writes take milliseconds, so an old one belongs to nobody). Safe while other
 * instances run: it never removes a live owner's lock or a file young enough to be in use.
 */
export async function sweepOrphanedFiles(root: string, olderThanInMs = 60_000): Promise<SweepResult> {
  const result: SweepResult = { locks: 0, temps: 0, drafts: 0 };
  const locker = new FileLocker({ staleAfterInMs: olderThanInMs });
  const walk = async (dir: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) {
        await walk(file);
        continue;
      }
      if (!e.isFile() || !e.name.startsWith('.')) continue;
      const kind = e.name.endsWith('.lock')
        ? 'locks'
        : e.name.endsWith('.tmp')
          ? 'temps'
          : e.name.endsWith('.draft') || e.name.endsWith('.stale')
            ? 'drafts'
            : undefined;
      if (!kind) continue;
      if (kind === 'locks') {
        if (await locker.breakIfStale(file)) result.locks++;
        continue;
      } else {
        const stat = await fs.stat(file).catch(() => undefined);
        if (!stat || Date.now() - stat.mtimeMs < olderThanInMs) continue;
      }
      await fs.rm(file, { force: true });
      result[kind]++;
    }
  };
  await walk(root);
  return result;
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
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.token === 'string' &&
      typeof parsed.at === 'number' &&
      typeof parsed.host === 'string'
    )
      return parsed as LockOwner;
  } catch {
    // fall through: a lock file killed between create and write is empty
  }
  return 'unreadable';
}
