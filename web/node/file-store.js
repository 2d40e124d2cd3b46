// The spill store of Node: count streams written to files in a temporary
// directory, read back in 1 MiB chunks. The directory goes when the store is
// disposed of, and at the latest when the process exits (Ctrl-C included,
// where the CLI turns signals into an exit).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CHUNK = 1 << 20;
const RUN_CHUNK = 1 << 16; // a trainer merges up to FAN_IN (128) runs at once (web/nb-trainer.js): a small buffer each
const live = new Set();
let hooked = false;

/** An error of the temporary files, marked as such (error.temporary) with the directory they go to (error.path). */
function temporaryError(error, dir) {
  return Object.assign(new Error(`temporary files in ${dir}: ${error.message}`), { code: error.code, path: dir, temporary: true });
}

/** Runs fn(), turning a file system error into a temporaryError about dir. */
function inTemporary(dir, fn) {
  try {
    return fn();
  } catch (error) {
    throw typeof error?.code === 'string' ? temporaryError(error, dir) : error;
  }
}

function removeAll() {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch { /* exiting: nothing is left to tell */ }
  }
  live.clear();
}

/** A temporary directory under parent (the OS's by default), removed when the process exits. */
export function temporaryDirectory(parent = tmpdir()) {
  const dir = inTemporary(parent, () => mkdtempSync(path.join(parent, 'palette-sentiment-')));
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAll);
  }
  return dir;
}

/** Removes a directory made by temporaryDirectory. */
export function removeDirectory(dir) {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/**
 * Reads a file in chunks of up to `chunk` bytes: {name, read(), close()} as web/nb-counts.js wants (each chunk
 * valid until the next read). The file is open from the first read to the end, or to close().
 */
export function fileReader(file, { name = file, chunk = CHUNK } = {}) {
  let fd = null;
  let done = false;
  let buffer = null;
  const close = () => {
    done = true;
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    name,
    read() {
      if (done) return null;
      fd ??= openSync(file, 'r');
      buffer ??= Buffer.allocUnsafe(chunk);
      const n = readSync(fd, buffer, 0, chunk, null);
      if (n > 0) return buffer.subarray(0, n);
      close();
      return null;
    },
    close,
  };
}

/** Writes chunks to a new temporary file (exclusive create); errors are temporaryErrors. */
export function fileWriter(file) {
  const dir = path.dirname(file);
  const fd = inTemporary(dir, () => openSync(file, 'wx'));
  let bytes = 0;
  return {
    write(chunk) {
      inTemporary(dir, () => { for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at, chunk.length - at); });
      bytes += chunk.length;
    },
    close() { inTemporary(dir, () => closeSync(fd)); },
    get bytes() { return bytes; },
  };
}

/**
 * A spill store whose runs are files in dir (a new temporary directory when none is given; a given
 * directory is left to its owner, only the runs are written there, named with prefix).
 */
export function fileSpillStore({ dir = null, prefix = 'run' } = {}) {
  const root = dir ?? temporaryDirectory();
  const files = [];
  const writers = []; // of the runs being written: their bytes count once closed
  let created = 0;
  let written = 0;
  return {
    create() {
      const file = path.join(root, `${prefix}-${created++}.nbc`);
      const writer = fileWriter(file);
      files.push(file);
      writers.push(writer);
      return {
        write: (chunk) => writer.write(chunk),
        close() {
          writers.splice(writers.indexOf(writer), 1);
          written += writer.bytes;
          writer.close();
        },
      };
    },
    readers: () => files.map((file) => fileReader(file, { chunk: RUN_CHUNK })),
    get count() { return files.length; },
    drop(n) {
      for (const file of files.splice(0, n)) rmSync(file, { force: true });
    },
    get bytes() { return writers.reduce((n, w) => n + w.bytes, written); },
    dispose() {
      if (dir) for (const file of files) rmSync(file, { force: true });
      else removeDirectory(root);
      files.length = 0;
    },
  };
}
