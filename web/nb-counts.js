// Count streams (FORMAT.md, "Count files"): a trainer's counts written out,
// and merges of them into one stream or into a model. Inputs are readers
// {name, read(), close?()} whose read() returns the next chunk (a Uint8Array)
// or null at the end, and whose close() lets go of what a merge that failed did
// not read; outputs go to a sink(chunk). Everything is synchronous, so it works
// the same with files (Node) and with bytes in memory (any browser). A chunk
// given to a sink is WebAssembly memory lent for the call: a sink that keeps it
// copies it. Writing it where it goes without a copy matters: a fresh 1 MiB copy
// costs 256 page faults, ~3 ms on a machine where a fault takes 11 µs.
import { allocate, check, fail, outSlot, readSlot, wasm } from './text-wasm.js';
import { STATUS_NAMES } from './c-constants.js';
import { PaletteSentimentError } from './errors.js';
import { createOptions, readOptions } from './nb-options.js';
import { fmtInt } from './format.js';
import { readUtf8 } from './text.js';

const CHUNK = 1 << 20;
const NEED_INPUT = STATUS_NAMES.indexOf('NEED_INPUT');
const NB_NO_DATA = STATUS_NAMES.indexOf('NB_NO_DATA');

/** A reader of bytes in memory, for count streams kept in memory. */
export function bytesReader(bytes, name = 'counts') {
  let done = false;
  return { name, read: () => (done ? null : ((done = true), bytes)) };
}

/** Calls fn(buffer) with CHUNK bytes of WebAssembly memory, freed afterwards. */
function withBuffer(fn) {
  const w = wasm();
  const buffer = allocate(CHUNK);
  try {
    return fn(buffer);
  } finally {
    w.ps_free(buffer);
  }
}

/**
 * Writes the counts of a C trainer (which is then empty) to sink, chunk by chunk (each lent for the call); pruned: only the tokens
 * a model could keep (for trainers of one part of the tokens). Returns the distinct tokens it held.
 */
export function writeTrainerCounts(trainer, sink, { pruned = false } = {}) {
  const w = wasm();
  const write = pruned ? w.ps_nb_trainer_write_pruned : w.ps_nb_trainer_write_counts;
  const tokens = w.ps_nb_trainer_vocab_size(trainer) >>> 0;
  withBuffer((buffer) => {
    for (let done = 0; !done;) {
      checkCounted(write(trainer, buffer, CHUNK, outSlot(0), outSlot(1)), 0); // a count stream holds at least one class
      const length = readSlot(0);
      done = readSlot(1);
      if (length) sink(new Uint8Array(w.memory.buffer, buffer, length));
    }
  });
  return tokens;
}

/** ["minDf 5 against 1"]: the options of input i that differ from input 0's (its value first); none if a header is unread. */
function optionsThatDiffer(merger, i) {
  const w = wasm();
  const [first, other] = [w.ps_nb_merger_input_options(merger, 0), w.ps_nb_merger_input_options(merger, i)];
  if (!first || !other || i === 0) return [];
  const [a, b] = [readOptions(first), readOptions(other)];
  const text = (o, key) => JSON.stringify(key === 'kind' ? o.kind ?? 'nb' : o[key]);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => text(a, key) !== text(b, key));
  return keys.map((key) => `${key} ${text(b, key)} against ${text(a, key)}`);
}

/**
 * NB_NO_DATA with its reason for counts of `documents` documents in classes labels(): none, one class only,
 * or (two classes or more) every token pruned.
 */
export function noDataError(documents, labels = () => []) {
  const classes = documents ? labels() : [];
  const reason = documents === 0 ? 'no training data: no document was counted'
    : classes.length < 2 ? `one class only ('${classes[0]}', ${fmtInt(documents)} document${documents === 1 ? '' : 's'}): a model needs at least two`
      : 'every token was pruned: none is in min-df documents or more';
  return new PaletteSentimentError('NB_NO_DATA', reason, NB_NO_DATA);
}

/** check(status), but NB_NO_DATA with its reason (noDataError) for counts of `documents` documents in classes labels(). */
export function checkCounted(status, documents, labels) {
  if (status === NB_NO_DATA) throw noDataError(documents, labels);
  check(status);
}

/** The labels of a C trainer or merger, by its label function (w.ps_nb_trainer_label or w.ps_nb_merger_label). */
export function labelsOf(handle, label) {
  const labels = [];
  for (let ptr; (ptr = label(handle, labels.length, outSlot(0)));) labels.push(readUtf8(ptr, readSlot(0)));
  return labels;
}

/** The error of a failed merge, naming the input it is about (and the first one, for a mismatch; for a limit, the one that passed it). */
function mergeError(merger, status, readers) {
  const w = wasm();
  const code = STATUS_NAMES[status];
  const failed = w.ps_nb_merger_failed_input(merger);
  const input = readers[failed];
  if (!input || !(code.startsWith('COUNTS_') || code === 'NB_MISMATCH' || code === 'NB_TOO_LARGE')) return null;
  try {
    check(status);
  } catch (error) {
    const other = code === 'NB_MISMATCH' && readers[0] !== input ? ` than ${readers[0].name}` : '';
    const differ = code === 'NB_MISMATCH' ? optionsThatDiffer(merger, failed) : [];
    const message = code === 'NB_MISMATCH' ? `was trained with other options${other}${differ.length ? `: ${differ.join(', ')}` : ''}` : error.message;
    return new PaletteSentimentError(code, `${input.name}: ${message}`, status, { input: input.name });
  }
  return null;
}

/**
 * Runs step(merger) until it succeeds, feeding the input it names whenever it asks; returns {tokens, documents}
 * merged. A reader {name, trainer} is a C trainer's counts, merged from its memory (it must not change meanwhile).
 */
function runMerger(readers, step) {
  if (!Array.isArray(readers) || readers.length === 0) throw new TypeError('inputs must be a non-empty array of readers');
  const w = wasm();
  check(w.ps_nb_merger_create(readers.length, outSlot(0)));
  const merger = readSlot(0);
  try {
    readers.forEach((reader, i) => { if (reader.trainer) check(w.ps_nb_merger_take_trainer(merger, i, reader.trainer)); });
    for (;;) {
      const status = step(merger);
      if (status !== NEED_INPUT) {
        if (status === 0) return { tokens: w.ps_nb_merger_tokens(merger) >>> 0, documents: w.ps_nb_merger_documents(merger) >>> 0 };
        if (status === NB_NO_DATA) throw noDataError(w.ps_nb_merger_documents(merger) >>> 0, () => labelsOf(merger, w.ps_nb_merger_label));
        const error = mergeError(merger, status, readers);
        if (error) throw error;
        check(status);
      }
      const need = readSlot(2);
      feed(merger, need, readers[need].read());
    }
  } finally {
    w.ps_nb_merger_destroy(merger);
    for (const reader of readers) reader.close?.();
  }
}

function feed(merger, input, chunk) {
  const w = wasm();
  if (!chunk || chunk.length === 0) {
    check(w.ps_nb_merger_feed(merger, input, 0, 0));
    return;
  }
  const ptr = allocate(chunk.length);
  try {
    new Uint8Array(w.memory.buffer, ptr, chunk.length).set(chunk);
    check(w.ps_nb_merger_feed(merger, input, ptr, chunk.length));
  } finally {
    w.ps_free(ptr);
  }
}

/**
 * Merges count streams into one, written to sink chunk by chunk (each lent for the call); pruned: only the tokens a model could keep.
 * Returns {tokens, documents}: the distinct tokens merged (before pruning) and the documents they count.
 */
export function mergeCounts(readers, sink, { pruned = false } = {}) {
  const w = wasm();
  const write = pruned ? w.ps_nb_merger_write_pruned : w.ps_nb_merger_write;
  return withBuffer((buffer) => {
    let done = 0;
    return runMerger(readers, (merger) => {
      for (;;) {
        const status = write(merger, buffer, CHUNK, outSlot(0), outSlot(2), outSlot(1));
        if (status !== 0) return status;
        const length = readSlot(0);
        done = readSlot(1);
        if (length) sink(new Uint8Array(w.memory.buffer, buffer, length));
        if (done) return 0;
      }
    });
  });
}

/**
 * finishCounts' override for a model of `kind` ('nb', 'nblr', 'complement'): count streams hold the counting
 * options but not the kind, which only weighs the counts.
 */
export function kindOverride(kind = 'nb') {
  return (trained) => (kind === 'nb' ? 0 : createOptions({ ...readOptions(trained), kind }));
}

/**
 * The C model of merged count streams, {model, tokens: the distinct tokens merged}; override(inputOptions)
 * may return a C options handle with other pruning and weighting (destroyed here), or 0. The caller wraps
 * and owns the model handle.
 */
export function finishCounts(readers, override = () => 0) {
  const w = wasm();
  let options = -1;
  let model = 0;
  let tokens = 0;
  try {
    ({ tokens } = runMerger(readers, (merger) => {
      if (options < 0) {
        const status = w.ps_nb_merger_begin(merger, outSlot(2));
        if (status !== 0) return status;
        options = override(w.ps_nb_merger_options(merger));
      }
      const status = w.ps_nb_merger_finish(merger, options, outSlot(3), outSlot(2));
      if (status === 0) model = readSlot(3);
      return status;
    }));
  } finally {
    if (options > 0) w.ps_nb_options_destroy(options);
  }
  if (!model) fail('NB_NO_DATA');
  return { model, tokens };
}
