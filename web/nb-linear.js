// The NB-weighted logistic regression (kind 'nblr'): the counts' NB model gives
// the ratios, then each epoch passes over the documents again. The documents
// come from a factory called once per epoch, so that nothing holds them all.
import { check, outSlot, readSlot, wasm } from './text-wasm.js';
import { STATUS_NAMES } from './c-constants.js';
import { PaletteSentimentError } from './errors.js';
import { nfc, release, stage } from './text.js';
import { createOptions, readsNfc } from './nb-options.js';
import { labelArgument, recordArgument } from './nb-args.js';

/** Whether source is an object that iterates, synchronously or not (what recordBatches takes). */
export function isIterable(source) {
  return source !== null && typeof source === 'object' && (Symbol.asyncIterator in source || Symbol.iterator in source);
}

/** Batches of {text, label} records (or single records) from an (async) iterable; records[i] counts across batches. */
export async function* recordBatches(source) {
  if (!isIterable(source)) {
    throw new TypeError(`the documents must be an (async) iterable of {text, label} records or batches of them, got ${source === null ? 'null' : typeof source}`);
  }
  let seen = 0;
  for await (const item of source) {
    const batch = Array.isArray(item) ? item : [item];
    batch.forEach((record, i) => recordArgument(record, `records[${seen + i}]`)); // here, where the index counts every record before it
    seen += batch.length;
    yield batch;
  }
}

/**
 * The C handle of the linear model trained on ratios (a C model handle of kind NB, borrowed) with checked
 * options o: o.epochs passes over epochSource(epoch), each an (async) iterable of {text, label} batches.
 * The caller owns the returned handle.
 */
export async function trainLinear(ratios, o, epochSource) {
  const w = wasm();
  const opts = createOptions(o);
  let linear = 0;
  try {
    check(w.ps_nb_linear_create(ratios, opts, outSlot(0)));
    linear = readSlot(0);
    const canonical = readsNfc(ratios); // it tokenizes as the ratios do
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for await (const batch of recordBatches(epochSource(epoch))) {
        for (const { text, label } of batch) addDocument(linear, canonical ? nfc(text) : text, labelArgument(label, 'label')); // checked: a number becomes its string
      }
      const status = w.ps_nb_linear_end_epoch(linear);
      if (STATUS_NAMES[status] === 'NB_NO_DATA') {
        throw new PaletteSentimentError('NB_NO_DATA', `epoch ${epoch + 1} of ${o.epochs} saw no document: the documents must come `
          + 'from arrays or from a function that returns a fresh iterable on every call', status);
      }
      check(status);
    }
    check(w.ps_nb_linear_finish(linear, outSlot(0)));
    return readSlot(0);
  } finally {
    w.ps_nb_linear_destroy(linear);
    w.ps_nb_options_destroy(opts);
  }
}

function addDocument(linear, text, label) {
  const [textPtr, textLen, labelPtr, labelLen] = stage(text, label);
  try {
    check(wasm().ps_nb_linear_add(linear, textPtr, textLen, labelPtr, labelLen));
  } finally {
    release();
  }
}
