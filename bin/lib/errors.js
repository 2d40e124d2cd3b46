// The CLI's one error type, and the short reasons for failed file operations.
// A command throws CliError; the dispatcher prints it and exits with its status.
import { statSync } from 'node:fs';
import { PaletteSentimentError } from '../../web/errors.js';
import { inputName } from './format.js';

/** Exit statuses: 0 success, 1 a file or input could not be processed, 2 usage error. */
export const EXIT = Object.freeze({ OK: 0, INPUT: 1, USAGE: 2 });

/**
 * A failure the user can fix. The dispatcher prints 'palette-sentiment: <message>' and
 * exits with `status`: INPUT (a bad file or bad data), or USAGE (how the command was
 * called; a "Try '... --help'" line follows).
 */
export class CliError extends Error {
  constructor(message, status = EXIT.INPUT) {
    super(message);
    this.name = 'CliError';
    this.status = status;
  }
}

/** A mistake in how the command was called: exit status 2. */
export const usageError = (message) => new CliError(message, EXIT.USAGE);

/**
 * What parse() throws for -h/--help: not a failure (status 0); the dispatcher prints
 * the command's usage instead of a message. Thrown, like commander's helpDisplayed, so
 * that help is seen only on a command line that parses, as before.
 */
export const helpRequest = () => new CliError('help requested', EXIT.OK);

const FS_REASONS = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
};

/** The short reason for a failed file operation (ENOENT → 'no such file'). */
export function fsReason(error) {
  return FS_REASONS[error?.code] ?? error?.message ?? String(error);
}

/**
 * Checks that a file a command reads exists, can be looked at and is not a directory; else throws a
 * CliError with the reason, `prefix` before it.
 */
export function checkInputFile(file, prefix = '') {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    throw new CliError(prefix + fsReason(error));
  }
  if (stat.isDirectory()) throw new CliError(`${prefix}is a directory`);
}

/** A failure of the temporary files (web/node/file-store.js), as one line telling what to do. */
export function temporaryFailure(error, jobs = 1) {
  const fewer = jobs > 1 ? 'or use --jobs 1 with a --memory that holds the counts (jobs always write their parts there)'
    : 'or raise --memory so that fewer counts are written out';
  return new CliError(`cannot write temporary files in ${error.path} (${fsReason(error)}): set TMPDIR to a writable directory with room, ${fewer}`);
}

/** Turns the errors a data file can raise into one-line CliErrors naming the file; rethrows the rest. */
export function dataFailure(file, error) {
  const name = inputName(file);
  if (error?.temporary) return temporaryFailure(error);
  if (error instanceof CliError || error instanceof PaletteSentimentError) return new CliError(`${name}: ${error.message}`);
  if (typeof error?.code === 'string' && /^E[A-Z]+$/.test(error.code)) return new CliError(`${name}: ${fsReason(error)}`);
  return error;
}
