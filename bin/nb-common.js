// Helpers shared by the Naive Bayes subcommands (train, predict, eval, info):
// one-line input failures, loading a model file, a terminal progress bar.
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { init, NaiveBayes, PaletteSentimentError } from '../web/index.js';
import { DataError } from './records.js';
import { fsReason } from './fs-errors.js';

/** A failure the user can fix (bad file, bad data): printed as one line, exit status 1. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * Runs body(model) with the model file loaded and disposed afterwards; an
 * InputError (bad file, bad data) becomes one line on stderr and exit status 1.
 */
export async function withModel(file, ctx, body) {
  let model = null;
  try {
    await initWasm();
    model = await loadModelFile(file);
    return await body(model);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    ctx.stderr.write(`${ctx.prog}: ${error.message}\n`);
    return 1;
  } finally {
    model?.dispose();
  }
}

/** Loads the WebAssembly module, or throws an InputError telling how to build it. */
export async function initWasm() {
  try {
    await init();
  } catch (error) {
    throw new InputError(`cannot load the WebAssembly module (${error.message}); build it with 'make'`);
  }
}

const MODEL_ERRORS = {
  MODEL_TRUNCATED: 'not a complete model file (truncated)',
  MODEL_MAGIC: 'not a palette-sentiment model file',
  MODEL_VERSION: 'a model file of an unsupported version',
  MODEL_CHECKSUM: 'corrupt model file (checksum mismatch)',
  MODEL_CORRUPT: 'corrupt model file',
};

/** Reads and loads a .nbm model file; throws InputError('<file>: <reason>'). */
export async function loadModelFile(file) {
  let bytes;
  try {
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    bytes = await readFile(file);
  } catch (error) {
    throw new InputError(`${file}: ${fsReason(error)}`);
  }
  try {
    return NaiveBayes.load(bytes);
  } catch (error) {
    if (error instanceof PaletteSentimentError) throw new InputError(`${file}: ${MODEL_ERRORS[error.code] ?? error.message}`);
    throw error;
  }
}

/** Turns the errors a data file can raise into one-line InputErrors naming the file; rethrows the rest. */
export function dataFailure(file, error) {
  const name = file === '-' ? 'standard input' : file;
  if (error instanceof DataError || error instanceof InputError) return new InputError(`${name}: ${error.message}`);
  if (error instanceof PaletteSentimentError) return new InputError(`${name}: ${error.message}`);
  if (typeof error?.code === 'string' && /^E[A-Z]+$/.test(error.code)) return new InputError(`${name}: ${fsReason(error)}`);
  return error;
}

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
    throw new InputError(`${file}: cannot write the model (${fsReason(error)})`);
  }
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

export const thousands = (n) => n.toLocaleString('en-US');

/**
 * The number of bytes readRecords will report through onBytes for a file: its size, or
 * for a gzip file the uncompressed size from the trailer (ISIZE, modulo 4 GiB; exact for a
 * single-member file). null for stdin or when it cannot be told.
 */
export function expectedBytes(file) {
  if (file === '-') return null;
  let fd;
  try {
    const { size } = statSync(file);
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    if (head[0] !== 0x1f || head[1] !== 0x8b) return size;
    if (size < 18) return null;
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, size - 4);
    return tail.readUInt32LE(0);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A one-line progress bar on a terminal stream (bytes read / total, documents, elapsed),
 * redrawn at most 10 times a second; does nothing when the stream is not a terminal.
 */
export class Progress {
  #stream;
  #total;
  #bytes = 0;
  #docs = 0;
  #start = performance.now();
  #last = 0;
  #drawn = false;
  #label;

  constructor(stream, { total = null, label = '' } = {}) {
    this.#stream = stream?.isTTY ? stream : null;
    this.#total = total;
    this.#label = label;
  }

  bytes(n) {
    this.#bytes += n;
    this.#draw();
  }

  documents(n) {
    this.#docs = n;
    this.#draw();
  }

  #draw(force = false) {
    if (!this.#stream) return;
    const now = performance.now();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    const elapsed = `${((now - this.#start) / 1000).toFixed(1)} s`;
    const docs = `${thousands(this.#docs)} docs`;
    let bar = '';
    if (this.#total && this.#bytes <= this.#total) {
      const share = this.#bytes / this.#total;
      const width = 24;
      const full = Math.round(share * width);
      bar = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%  ${formatBytes(this.#bytes)} / ${formatBytes(this.#total)}`;
    } else {
      bar = formatBytes(this.#bytes);
    }
    this.#stream.write(`\r\x1b[K${this.#label}${bar}  ${docs}  ${elapsed}`);
    this.#drawn = true;
  }

  /** Erases the bar. */
  done() {
    if (this.#stream && this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
