// Writing a file so that readers never see a part of it.
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError, fsReason } from './errors.js';

/**
 * Writes bytes to a temporary file beside `file` (same directory, so same file system),
 * then renames it over `file`: readers see the old file or the new one, never a part;
 * on failure the temporary file is removed and `file` is untouched.
 */
export async function writeFileAtomic(file, bytes) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw new CliError(`${file}: cannot write the model (${fsReason(error)})`);
  }
}
