// The labelled documents of a data file as batches for training, with the
// checks and tallies train needs on the way: no empty or too long label, the documents of
// each label, and progress. Read errors come out as CliErrors naming the file.
import { readRecords } from './records.js';
import { CliError, dataFailure } from './errors.js';
import { inputName } from './format.js';
import { fmtInt } from '../../web/format.js';
import { C } from '../../web/c-constants.js';
import { utf8Length } from '../../web/validate.js';

const BATCH = 1000;

/**
 * {batches: async iterable of [{text, label}], counts: Map label → documents, readAt(): performance.now() when
 * the last batch was taken, longestOfAll(): see below, close()} (counts and readAt complete once batches is).
 * When training stops early, the input stays open for longestOfAll (standard input cannot be read again); the
 * caller closes it.
 */
export function labelledBatches(data, columns, progress) {
  const counts = new Map();
  let readAt = null;
  let longest = 0; // the UTF-8 bytes of the longest text read
  const measure = (text) => { if (text.length * 3 > longest) longest = Math.max(longest, Buffer.byteLength(text)); }; // at most 3 bytes a UTF-16 unit
  let training = true;
  const records = readRecords(data, { ...columns, batchSize: BATCH, onBytes: (n) => { if (training) progress.bytes(n); } });
  async function* batches() {
    let row = 1; // the header is row 1, as in readRecords' messages
    try {
      // not for await: stopping early must leave records open for longestOfAll
      for (let next; !(next = await records.next()).done;) {
        const batch = next.value;
        for (const record of batch) {
          row++;
          if (record.label.trim() === '') throw new CliError(`row ${row} has an empty '${columns.label}' label`);
          if (utf8Length(record.label) > C.NB_MAX_LABEL) {
            throw new CliError(`row ${row} has a '${columns.label}' label of ${utf8Length(record.label)} bytes of UTF-8; at most ${C.NB_MAX_LABEL} are allowed`);
          }
          counts.set(record.label, (counts.get(record.label) ?? 0) + 1);
          measure(record.text);
        }
        progress.documents(row - 1);
        yield batch;
      }
      readAt = performance.now();
    } catch (error) {
      throw dataFailure(data, error);
    } finally {
      training = false;
      progress.done();
    }
  }
  /**
   * Reads the rest of the input, not trained on, to its end (quietly): resolves to {longest: the UTF-8 bytes of
   * the input's longest text, labels: its labels}, or null when it does not read to its end.
   */
  async function longestOfAll() {
    const labels = new Set(counts.keys());
    try {
      for await (const batch of records) {
        for (const { text, label } of batch) {
          measure(text);
          if (labels.size < C.NB_MAX_CLASSES) labels.add(label);
        }
      }
    } catch {
      return null;
    }
    return { longest, labels };
  }
  return { batches: batches(), counts, readAt: () => readAt ?? performance.now(), longestOfAll, close: () => records.return() };
}

/**
 * The data file's batches once more, for a later pass of training over it (quietly: the first pass showed
 * progress and checked the labels): rows that leaveOut(row index, from 0) picks are left out.
 */
export async function* batchesAgain(data, columns, leaveOut = null) {
  let row = 0;
  try {
    for await (const batch of readRecords(data, { ...columns, batchSize: BATCH })) {
      yield leaveOut ? batch.filter(() => !leaveOut(row++)) : batch;
    }
  } catch (error) {
    throw dataFailure(data, error);
  }
}

/** Throws unless the data had rows, and two labels or more when a model is to be made of them alone. */
export function checkClasses(data, counts, label, { model }) {
  const name = inputName(data);
  if (counts.size === 0) throw new CliError(`${name}: no data rows after the header`);
  if (model && counts.size === 1) {
    throw new CliError(`${name}: the '${label}' column has one class only ('${[...counts.keys()][0]}'); at least two are needed`);
  }
}

/** '0 (12,500), 1 (12,500)': the labels in the order a model keeps them (their UTF-8 bytes). */
export function classesText(counts) {
  return [...counts].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([label, n]) => `${label} (${fmtInt(n)})`).join(', ');
}
