/**
 * Start-up check of the file store's data directory: it must exist (or be creatable) and take a
 * write, or the bot refuses to start with a message naming the setting, instead of starting and
 * failing every turn.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** The data directory cannot be used. */
export class DataDirectoryError extends Error {
  override readonly name = 'DataDirectoryError';
}

/** Creates `dir` if needed and writes, syncs and removes a probe file; throws DataDirectoryError otherwise. */
export async function assertDataDirWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-check-${process.pid}-${Date.now()}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(probe, 'w');
    try {
      await handle.writeFile('ok');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rm(probe, { force: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new DataDirectoryError(
      `The data directory ${dir} is not writable (${err.code ?? err.name}: ${err.message}). ` +
        'The bot keeps conversation state, consents, approvals, cases and the audit log there: set KVBOT_DATA_DIR to a writable directory (or KVBOT_STORAGE=blob).',
      { cause: e },
    );
  }
}
