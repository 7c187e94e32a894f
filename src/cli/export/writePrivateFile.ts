/**
 * Writes a file only its owner can read (mode 0600), created with that mode — never widened and narrowed after,
 * which would leave a window where others can read it.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;

/** Writes `text` to a new file `path`; fails with EEXIST when it exists (the check and the create are one step). */
export async function writeNewPrivateFile(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with a new file holding `text`: written to a fresh 0600 file beside it, then renamed over it, so the
 * result has mode 0600 even when the old file was readable by others, and a reader never sees half a file.
 */
export async function replacePrivateFile(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNewPrivateFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
