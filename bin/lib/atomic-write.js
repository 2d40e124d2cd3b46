// Writing a file so that readers never see a part of it: the bytes go to a
// temporary file beside it (same directory, so same file system), renamed over
// it at the end. On failure, and when the process exits first (Ctrl-C
// included: the dispatcher turns signals into an exit), the temporary file is
// removed and the file is untouched; a signal that came during the synchronous
// work before the commit stops the commit too. A link is followed (the file it
// names is replaced, the link stays); a FIFO or a device is written into, as
// the shell's > would, since renaming over it would put a file in its place.
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { shutdownUnderWay } from '../../web/node/shutdown.js';
import { CliError, fsReason, usageError } from './errors.js';

const pending = new Set();
process.once('exit', () => { for (const tmp of pending) rmSync(tmp, { force: true }); });

/**
 * Resolves once the signals that came during synchronous work (a merge, a model's pruning) have been handled, and
 * never if one of them is shutting the process down. Signal handlers run in the event loop's poll phase, which an
 * immediate can precede: after two immediates a whole turn of the loop has passed.
 */
async function signalsHandled() {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => { setImmediate(resolve); });
  if (shutdownUnderWay()) await shutdownUnderWay();
}

/** A new name for a temporary file beside file. */
const temporaryName = (file) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of chunk; standard output may be non-blocking (Node makes a pipe so): a full pipe is waited for. */
function writeAll(fd, chunk) {
  for (let at = 0; at < chunk.length;) {
    try {
      at += writeSync(fd, chunk, at, chunk.length - at);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

/** Whether stat is of the file standard output is (a pipe, socket or terminal; a regular file is replaced, not written into). */
function isStandardOutput(stat) {
  try {
    const out = fstatSync(1);
    return !stat.isFile() && out.dev === stat.dev && out.ino === stat.ino;
  } catch {
    return false;
  }
}

/**
 * Where writing `file` goes: {path, into: true} for an existing file that is not a regular one (a FIFO, a device),
 * written into, {fd: 1} when that is standard output (/dev/stdout: a socket cannot be opened again); else {path}
 * of the regular file to make or replace, links followed (a dangling one too).
 */
function outputTarget(file) {
  let stat = null;
  try {
    stat = statSync(file);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  if (stat && isStandardOutput(stat)) return { path: file, into: true, fd: 1 };
  if (stat) return stat.isFile() ? { path: realpathSync(file) } : { path: file, into: true };
  // a name ending in a slash names a directory, as for the shell's `> name/` (resolve would drop the slash)
  if (file.endsWith('/') || file.endsWith(path.sep)) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  let at = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let link;
    try {
      link = readlinkSync(at);
    } catch {
      return { path: at }; // not a link: the file to make
    }
    at = path.resolve(path.dirname(at), link);
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/**
 * A file written chunk by chunk: {write(chunk), commit(), abort()}; commit is asynchronous. `what` names the contents in
 * error messages ('the model', 'the counts'). Errors are CliErrors naming the file.
 */
export function createFileAtomic(file, what) {
  let target;
  try {
    target = outputTarget(file);
  } catch (error) {
    throw new CliError(`${file}: cannot write ${what} (${fsReason(error)})`);
  }
  const tmp = target.into ? null : temporaryName(target.path);
  const failure = (error) => {
    abort();
    return new CliError(`${file}: cannot write ${what} (${fsReason(error)})`);
  };
  let fd = null;
  const close = () => { if (fd !== null && fd !== target.fd) closeSync(fd); fd = null; };
  function abort() {
    close();
    if (tmp) rmSync(tmp, { force: true });
    pending.delete(tmp);
  }
  try {
    fd = target.fd ?? openSync(tmp ?? target.path, tmp ? 'wx' : 'w');
    if (tmp) pending.add(tmp);
  } catch (error) {
    throw failure(error);
  }
  return {
    write(chunk) {
      try {
        writeAll(fd, chunk);
      } catch (error) {
        throw failure(error);
      }
    },
    async commit() {
      await signalsHandled();
      try {
        close();
        if (tmp) renameSync(tmp, target.path);
        pending.delete(tmp);
      } catch (error) {
        throw failure(error);
      }
    },
    abort,
  };
}

/**
 * Where a command that wrote `file` prints its summary: standard error when the file went to standard output
 * (-o /dev/stdout), so that standard output holds the file alone; else standard output.
 */
export function summaryStream(file, ctx) {
  let stat = null;
  try {
    stat = statSync(file);
  } catch {
    return ctx.stdout;
  }
  return isStandardOutput(stat) ? ctx.stderr : ctx.stdout;
}

/** Writes bytes to file atomically (see createFileAtomic). */
export async function writeFileAtomic(file, bytes, what = 'the model') {
  const out = createFileAtomic(file, what);
  out.write(bytes);
  await out.commit();
}

/** The file a name stands for (links followed), as 'device:inode', or null when there is none. */
function fileIdentity(file) {
  try {
    const { dev, ino } = statSync(file, { bigint: true });
    return `${dev}:${ino}`;
  } catch {
    return null;
  }
}

/**
 * Fails early (before any work) when output cannot be written where asked: the -o flag's check. An output that
 * is one of `inputs` (the same file by another name included) is a usage error: it would replace that input.
 */
export function checkOutput(output, inputs = []) {
  const identity = fileIdentity(output);
  const input = identity && inputs.find((file) => file !== '-' && fileIdentity(file) === identity);
  if (input) throw usageError(`-o ${output} is the input ${input}: writing there would replace it`);
  let target;
  try {
    target = statSync(output, { throwIfNoEntry: false })?.isDirectory() ? null : outputTarget(output);
  } catch (error) {
    throw new CliError(`${output}: ${fsReason(error)}`);
  }
  if (!target) throw new CliError(`${output}: is a directory`);
  if (target.into) {
    try {
      if (target.fd === undefined) accessSync(target.path, constants.W_OK);
    } catch (error) {
      throw new CliError(`${output}: cannot write there (${fsReason(error)})`);
    }
    return;
  }
  const dir = path.dirname(target.path);
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
  } catch (error) {
    throw new CliError(`${output}: cannot write there (${path.dirname(output)}: ${fsReason(error)})`);
  }
  // Only making a file there tells whether one can be made (root is refused by read-only and special file systems).
  const probe = temporaryName(target.path);
  pending.add(probe);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe);
  } catch (error) {
    throw new CliError(`${output}: cannot write there (${dir}: ${fsReason(error)})`);
  } finally {
    pending.delete(probe);
  }
}
