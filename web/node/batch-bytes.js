// Parallel training sends every batch to every worker. As strings, a batch was
// copied once per worker by postMessage and encoded to UTF-8 by each of them:
// on IMDB the main thread spent 0.3 s cloning, on a machine whose cores the
// workers already fill. Here it is checked and encoded once, into a
// SharedArrayBuffer that every worker reads without a copy; the buffers come
// back to a pool once every worker took their batch (fresh memory costs a page
// fault per 4 KiB the first time it is written).
import { nfc } from '../text.js';
import { recordArgument } from '../nb-args.js';
import { NB_DEFAULTS } from '../nb-options.js';

const encoder = new TextEncoder();
const FIRST_BYTES = 1 << 22; // a 1,000-review batch of IMDB takes 1.3 MB of the 4 MiB upper bound
const POOLED_BYTES = 1 << 24; // a larger buffer (a batch of long texts) is not kept for the next batch

/** Encodes batches of {text, label} records for trainers of these options (NaiveBayesTrainer[ADD_ENCODED]'s arguments). */
export function batchEncoder(options) {
  const unicodeCase = options?.unicodeCase ?? NB_DEFAULTS.unicodeCase;
  const pool = [];
  let records = 0; // the index of the next record, for errors
  return {
    /** {buffer, length, ends} of a batch, its records checked (a TypeError or RangeError names records[i]). */
    encode(batch) {
      let upper = 0; // UTF-8 takes at most 3 bytes per UTF-16 unit
      const checked = batch.map((record) => {
        const { text, label } = recordArgument(record, `records[${records++}]`);
        const read = unicodeCase ? nfc(text) : text; // what the trainer reads (NFC may lengthen a text)
        upper += (read.length + label.length) * 3;
        return [read, label];
      });
      let buffer = pool.pop();
      if (!buffer || buffer.byteLength < upper) buffer = new SharedArrayBuffer(Math.max(upper, FIRST_BYTES));
      const bytes = new Uint8Array(buffer);
      const ends = new Uint32Array(2 * checked.length);
      let at = 0;
      checked.forEach(([text, label], i) => {
        at += encoder.encodeInto(text, bytes.subarray(at)).written;
        ends[2 * i] = at;
        at += encoder.encodeInto(label, bytes.subarray(at)).written;
        ends[2 * i + 1] = at;
      });
      return { buffer, length: at, ends };
    },
    /** Gives a batch's buffer back once no worker reads it any more. */
    release(buffer) {
      if (buffer.byteLength <= POOLED_BYTES) pool.push(buffer);
    },
  };
}
