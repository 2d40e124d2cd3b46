// Streams labelled rows out of a TSV or CSV file (optionally gzip-compressed,
// detected by its magic bytes) or stdin, with a header row naming the columns.
// CSV follows RFC 4180 (quoted fields, doubled quotes, newlines inside quotes);
// TSV fields are split on tabs. CRLF and LF line ends both work; empty lines are skipped.
// expectedBytes tells beforehand how many bytes that stream will yield (a progress bar's total).
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { checkInputFile, CliError, fsReason } from './errors.js';
import { DEFAULT_COLUMNS } from './args.js';
import { checkLength } from './lines.js';

function openInput(file) {
  if (file === '-') return process.stdin;
  checkInputFile(file);
  return createReadStream(file, { highWaterMark: 1 << 18 });
}

// Gunzips the stream when it starts with the gzip magic bytes 1f 8b.
async function* decompressed(input) {
  let gunzip = null;
  let first = true;
  const out = new PassThrough();
  const pump = (async () => {
    try {
      for await (const chunk of input) {
        if (first) {
          first = false;
          if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) {
            gunzip = createGunzip({ chunkSize: 1 << 18 }); // fewer, larger chunks: the per-chunk work is in JS
            gunzip.on('error', (error) => out.destroy(new CliError(`corrupt gzip data (${error.message})`)));
            gunzip.pipe(out);
          }
        }
        const target = gunzip ?? out;
        if (!target.write(chunk)) await new Promise((resolve) => target.once('drain', resolve));
      }
      (gunzip ?? out).end();
    } catch (error) {
      out.destroy(error instanceof CliError ? error : new CliError(fsReason(error)));
    }
  })();
  try {
    for await (const chunk of out) yield chunk;
  } catch (error) {
    throw error instanceof CliError ? error : new CliError(fsReason(error));
  }
  await pump;
}

// Text is decoded 64 KiB at a time: V8 puts a longer string in fresh memory of its own (a large object), whose
// every 4 KiB page faults the first time it is written; decoding IMDB's 33 MB took 2.5 times as long in 256 KiB pieces.
const PIECE = 1 << 16;

const TSV_SPECIAL = /[\t\n\r]/g;
const CSV_SPECIAL = /[,\n\r"]/g;

const checkField = (field) => checkLength(field, 'field', 'file');

// Splits text chunks into rows of fields; `csv` selects RFC 4180 quoting.
function* rowsOf(text, state, csv, final) {
  const sep = csv ? ',' : '\t';
  let { field, row, quoted, pending } = state;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (i + 1 === n && !final) break; // a quote at the end of a chunk: decide with the next one
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
        i++;
        continue;
      }
      const next = text.indexOf('"', i);
      const end = next === -1 ? n : next;
      field += text.slice(i, end);
      checkField(field);
      i = end;
      continue;
    }
    if (csv && c === '"' && field === '') { quoted = true; pending = true; i++; continue; }
    if (c === sep) { row.push(field); field = ''; pending = true; i++; continue; }
    if (c === '\n' || c === '\r') {
      if (c === '\r' && i + 1 === n && !final) break; // CR at chunk end: maybe CRLF
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      if (pending || field !== '') { row.push(field); yield row; }
      row = []; field = ''; pending = false;
      continue;
    }
    // Plain run of characters up to the next special one (a regular expression scans it natively).
    const special = csv ? CSV_SPECIAL : TSV_SPECIAL;
    special.lastIndex = i + 1;
    const end = special.exec(text)?.index ?? n;
    field += text.slice(i, end);
    checkField(field);
    pending = true;
    i = end;
  }
  if (final && (pending || field !== '')) { row.push(field); yield row; row = []; field = ''; pending = false; }
  Object.assign(state, { field, row, quoted, pending, rest: text.slice(i) });
}

function isCsv(file, headerLine) {
  if (/\.tsv(\.gz)?$/i.test(file)) return false;
  if (/\.csv(\.gz)?$/i.test(file)) return true;
  return !headerLine.includes('\t');
}

/** Throws a CliError when `file` is '-' and stdin is a terminal: labelled rows are not typed by hand. */
export function refuseTerminal(file, stdin) {
  if (file === '-' && stdin.isTTY) throw new CliError('standard input is a terminal; give a file or pipe the data into it');
}

/**
 * Reads {text, label} records in batches.
 * @param {string} file a path, or '-' for stdin
 * @param {{text?: string, label?: string, batchSize?: number, onBytes?: (n: number) => void}} options
 *   column names (defaults: DEFAULT_COLUMNS)
 * @returns {AsyncGenerator<{text: string, label: string}[]>}
 * @throws {CliError} (message without the file name; dataFailure adds it) missing file, directory, corrupt gzip, missing column, a row with more or fewer fields than the header
 */
export async function* readRecords(file, { text = DEFAULT_COLUMNS.text, label = DEFAULT_COLUMNS.label, batchSize = 1000, onBytes } = {}) {
  const input = openInput(file);
  const decoder = new TextDecoder('utf-8');
  const state = { field: '', row: [], quoted: false, pending: false, rest: '' };
  let header = null;
  let csv = false;
  let textIndex = -1;
  let labelIndex = -1;
  let line = 1;
  let batch = [];
  const accept = (row) => {
    if (!header) {
      header = row.map((name) => name.trim().replace(/^\uFEFF/, ''));
      textIndex = header.indexOf(text);
      labelIndex = header.indexOf(label);
      if (textIndex < 0) throw new CliError(`no column '${text}' in the header (columns: ${header.join(', ')})`);
      if (labelIndex < 0) throw new CliError(`no column '${label}' in the header (columns: ${header.join(', ')})`);
      return;
    }
    line++;
    // a row with more fields than the header is as wrong as a short one: its
    // columns would be misread (in TSV, usually a tab inside a text)
    if (row.length !== header.length) {
      const hint = !csv && row.length > header.length ? ' (a tab inside a field? TSV fields cannot be quoted; use CSV)' : '';
      throw new CliError(`row ${line} has ${row.length} field(s); the header has ${header.length}${hint}`);
    }
    batch.push({ text: row[textIndex], label: row[labelIndex] });
  };
  for await (const chunk of decompressed(input)) {
    onBytes?.(chunk.length);
    for (let at = 0; at < chunk.length; at += PIECE) {
      let textChunk = state.rest + decoder.decode(chunk.subarray(at, at + PIECE), { stream: true });
      if (!header && !csv) {
        const eol = textChunk.search(/\r?\n/);
        if (eol < 0 && textChunk.length < 1 << 20) { state.rest = textChunk; continue; }
        csv = isCsv(file, textChunk.slice(0, eol < 0 ? undefined : eol));
      }
      state.rest = '';
      for (const row of rowsOf(textChunk, state, csv, false)) {
        accept(row);
        if (batch.length >= batchSize) { yield batch; batch = []; }
      }
      textChunk = null;
    }
  }
  const tail = state.rest + decoder.decode();
  if (!header && !csv) csv = isCsv(file, tail.split(/\r?\n/)[0]);
  state.rest = '';
  if (state.quoted && !tail) throw new CliError('the file ends inside a quoted field');
  for (const row of rowsOf(tail, state, csv, true)) accept(row);
  if (state.quoted) throw new CliError('the file ends inside a quoted field');
  if (!header) throw new CliError('the file is empty (no header row)');
  if (batch.length) yield batch;
}

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
