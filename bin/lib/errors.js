// The CLI's failures: the error type a command throws for a one-line message,
// and the short reasons for failed file operations, shared by every subcommand.
import { PaletteSentimentError } from '../../web/index.js';
import { DataError } from './records.js';

/** A failure the user can fix (bad file, bad data): printed as one line, exit status 1. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

const READ_ERRORS = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** The short reason for a failed file operation (ENOENT → 'no such file'). */
export function fsReason(error) {
  return READ_ERRORS[error?.code] ?? error?.message ?? String(error);
}

/** Turns the errors a data file can raise into one-line InputErrors naming the file; rethrows the rest. */
export function dataFailure(file, error) {
  const name = file === '-' ? 'standard input' : file;
  if (error instanceof DataError || error instanceof InputError) return new InputError(`${name}: ${error.message}`);
  if (error instanceof PaletteSentimentError) return new InputError(`${name}: ${error.message}`);
  if (typeof error?.code === 'string' && /^E[A-Z]+$/.test(error.code)) return new InputError(`${name}: ${fsReason(error)}`);
  return error;
}
