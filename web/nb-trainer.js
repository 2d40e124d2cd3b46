// The streaming Naive Bayes trainer: documents in, batch after batch; shards
// merged; finish() into a model. With a memory limit it writes its counts out
// as count streams (web/nb-counts.js) to a spill store (web/nb-spill.js) when
// full, and finish() merges them: the model is the same, byte for byte.
import { check, outSlot, readSlot, wasm } from './text-wasm.js';
import { nfc, release, stage, stageBytes } from './text.js';
import { STATUS_NAMES } from './c-constants.js';
import { PaletteSentimentError } from './errors.js';
import { fmtInt, fmtMiB, fmtMiBUp } from './format.js';
import { integerIn, optionsObject } from './validate.js';
import { createOptions, trainingOptions } from './nb-options.js';
import { finalizer, labelArgument, metadataEntries, recordArgument, textArgument } from './nb-args.js';
import { checkCounted, finishCounts, kindOverride, labelsOf, mergeCounts, writeTrainerCounts } from './nb-counts.js';
import { createSpillStore, defaultMemoryLimit, TRAINER_MEMORY_CEILING } from './nb-spill.js';

// How finish() wraps a C model handle and its metadata into a NaiveBayes: naive-bayes.js's modelOf, which
// that module, importing this one, installs, so that this one does not import it back (a cycle bundlers warn about).
let modelOf = null;

/** Installs how finish() makes a model of a C handle (naive-bayes.js does). */
export function setModelOf(make) { modelOf = make; }

/** trainer[PART](part, parts): counts only that part of the token space (parallel training), before any document. */
export const PART = Symbol('NaiveBayesTrainer.part');
/** trainer[MEMORY_NEEDED](bytes, newClass = true): the memoryLimit a document of that many bytes of UTF-8 needs on its own,
 * in a trainer of this one's classes (what NB_TOO_LARGE's memoryNeeded says); newClass: its label may be a class this
 * one does not have yet (false: the trainer has every class). */
export const MEMORY_NEEDED = Symbol('NaiveBayesTrainer.memoryNeeded');
/** trainer[ADD_ENCODED](bytes, ends): documents encoded by web/node/batch-bytes.js (parallel training's workers). */
export const ADD_ENCODED = Symbol('NaiveBayesTrainer.addEncoded');
/** trainer[WRITE_LENT](sink, {pruned}): writeCounts whose sink is lent each chunk for the call, and writes it at once
 * (a file): no copy (web/nb-counts.js). */
export const WRITE_LENT = Symbol('NaiveBayesTrainer.writeLent');

const NB_FULL = STATUS_NAMES.indexOf('NB_FULL');
const NB_TOO_LARGE = STATUS_NAMES.indexOf('NB_TOO_LARGE');
const MIB = 1 << 20;
// Runs merged at once: each holds about 200 KiB of buffers while merged (a 64 KiB read and the merger's copy
// of it), so the merge's memory does not grow with the corpus; more runs than this are first merged FAN_IN at a
// time into longer ones. Large enough that a million reviews at the default 256 MiB (fewer than 128 runs a
// trainer) merge in one pass: a second pass reads and writes every count once more.
export const FAN_IN = 128;

/** Streaming trainer: add documents batch after batch, merge shards, then finish() into a model. */
export class NaiveBayesTrainer {
  #handle = 0;
  #options;
  #store = null; // the count streams written out, once the memory limit was reached
  #distinct = 0; // distinct tokens of every document, known at the last finish() or writeCounts()

  /**
   * @param options {ngrams, alpha, binary, minDf, maxFeatures, stopwords, negation, weightBits, metadata,
   *   memoryLimit: bytes the trainer may take (default: web/nb-spill.js defaultMemoryLimit()); it takes at most
   *   TRAINER_MEMORY_CEILING (1.5 GiB) whatever the limit}
   */
  constructor(options) {
    this.#options = trainingOptions(options, { metadata: {}, memoryLimit: defaultMemoryLimit() });
    metadataEntries(this.#options.metadata);
    integerIn(this.#options.memoryLimit, 'options.memoryLimit', MIB, Number.MAX_SAFE_INTEGER);
    const w = wasm();
    const opts = createOptions(this.#options);
    try {
      check(w.ps_nb_trainer_create(opts, outSlot(0)));
    } finally {
      w.ps_nb_options_destroy(opts);
    }
    this.#handle = readSlot(0);
    this.#limit = Math.min(this.#options.memoryLimit, TRAINER_MEMORY_CEILING);
    check(w.ps_nb_trainer_set_memory_limit(this.#handle, Math.ceil(this.#limit / 1024)));
    const store = { current: null };
    this.#storeBox = store;
    finalizer.register(this, { free: ([t]) => { w.ps_nb_trainer_destroy(t); store.current?.dispose(); }, handles: [this.#handle] }, this);
  }

  #limit; // memoryLimit, or the ceiling below it
  #storeBox; // the finalizer's view of #store
  #written = false; // writeCounts gave the counts away: finish and merge would miss them
  #broken = null;   // why the trainer cannot be used (a writeCounts whose sink threw part way)

  #live() {
    if (!this.#handle) throw new Error('NaiveBayesTrainer: used after dispose()');
    if (this.#broken) throw new Error(this.#broken);
    return this.#handle;
  }

  /** Adds one labelled document. */
  add(text, label) {
    const handle = this.#live();
    textArgument(text, 'text');
    const [textPtr, textLen, labelPtr, labelLen] = stage(this.#options.unicodeCase ? nfc(text) : text, labelArgument(label, 'label'));
    try {
      this.#addStaged(handle, textPtr, textLen, labelPtr, labelLen);
    } finally {
      release();
    }
    return this;
  }

  /**
   * Adds documents already checked and encoded: bytes holds each one's UTF-8 text (in NFC for unicodeCase)
   * then its label, ends[2i] where document i's text ends and ends[2i + 1] where its label does.
   */
  [ADD_ENCODED](bytes, ends) {
    const handle = this.#live();
    try {
      for (let i = 0, start = 0; i < ends.length; start = ends[i + 1], i += 2) {
        const ptr = stageBytes(bytes.subarray(start, ends[i + 1]));
        this.#addStaged(handle, ptr, ends[i] - start, ptr + ends[i] - start, ends[i + 1] - ends[i]);
      }
    } finally {
      release();
    }
  }

  /** ps_nb_trainer_add of a staged document, writing the counts out first when the trainer is full. */
  #addStaged(handle, textPtr, textLen, labelPtr, labelLen) {
    const w = wasm();
    let status = w.ps_nb_trainer_add(handle, textPtr, textLen, labelPtr, labelLen);
    if (status === NB_FULL) {
      this.#spill();
      status = w.ps_nb_trainer_add(handle, textPtr, textLen, labelPtr, labelLen);
    }
    if (status === NB_TOO_LARGE) this.#tooLarge(textLen);
    check(status);
  }

  [MEMORY_NEEDED](len, newClass = true) {
    return wasm().ps_nb_trainer_memory_needed(this.#live(), len, newClass ? 1 : 0) * 1024;
  }

  /** Throws a clear error when a document of len bytes does not fit in the memory limit on its own. */
  #tooLarge(len) {
    const needed = this[MEMORY_NEEDED](len);
    if (needed <= this.#limit) return;
    const remedy = needed <= TRAINER_MEMORY_CEILING ? `: raise it to at least ${fmtMiBUp(needed)}` : `, and a trainer can take at most ${fmtMiB(TRAINER_MEMORY_CEILING)}`;
    throw new PaletteSentimentError('NB_TOO_LARGE', `a document of ${fmtInt(len)} bytes needs up to `
      + `${fmtMiB(needed)} of training memory; memoryLimit is ${fmtMiB(this.#options.memoryLimit)}${remedy}`,
    NB_TOO_LARGE, { memoryNeeded: needed });
  }

  /** Writes the counts out to the spill store (the trainer is then empty). */
  #spill() {
    this.#store ??= createSpillStore();
    this.#storeBox.current = this.#store;
    if (!this.#store) {
      const capped = this.#limit < this.#options.memoryLimit; // at the ceiling: raising memoryLimit is no use
      const bound = capped ? `a trainer can take (${fmtMiBUp(this.#limit)}, whatever memoryLimit)` : `memoryLimit (${fmtMiBUp(this.#limit)})`;
      throw new PaletteSentimentError('NB_TOO_LARGE', `training needs more memory than ${bound} and here its counts `
        + `cannot be written out to disk: ${capped ? '' : 'raise memoryLimit, or '}train in Node, where they are`, NB_TOO_LARGE);
    }
    const run = this.#store.create();
    try {
      writeTrainerCounts(this.#handle, (chunk) => run.write(chunk));
    } finally {
      run.close();
    }
  }

  /** Adds parallel arrays of texts and labels, or an array of {text, label} records. */
  addMany(texts, labels) {
    this.#live();
    if (!Array.isArray(texts)) throw new TypeError('texts must be an array');
    if (labels === undefined) {
      texts.forEach((record, i) => {
        const { text, label } = recordArgument(record, `records[${i}]`);
        this.add(text, label);
      });
      return this;
    }
    if (!Array.isArray(labels)) throw new TypeError('labels must be an array');
    if (labels.length !== texts.length) throw new RangeError(`labels must have as many entries as texts (${texts.length}), got ${labels.length}`);
    texts.forEach((text, i) => this.add(textArgument(text, `texts[${i}]`), labelArgument(labels[i], `labels[${i}]`)));
    return this;
  }

  /** Adds another trainer's counts (trained with the same options) into this one; neither may have written counts out. */
  merge(other) {
    if (!(other instanceof NaiveBayesTrainer)) throw new TypeError('other must be a NaiveBayesTrainer');
    if (other === this) throw new RangeError('a trainer cannot merge itself');
    if (this.#store || other.#store) throw new RangeError('a trainer that reached its memory limit merges through count files (writeCounts)');
    const [mine, theirs] = [this.#live(), other.#live()];
    this.#whole();
    other.#whole();
    check(wasm().ps_nb_trainer_merge(mine, theirs));
    return this;
  }

  /** Documents added so far. */
  get documents() { return wasm().ps_nb_trainer_doc_count(this.#live()) >>> 0; }

  /** Distinct tokens held in memory, before pruning (since the counts were last written out). */
  get vocabularySize() { return wasm().ps_nb_trainer_vocab_size(this.#live()) >>> 0; }

  /**
   * Distinct tokens of every document added, before pruning: while the counts fit in memory, those held;
   * once written out to disk, as counted by the last finish() or writeCounts().
   */
  get distinctTokens() { return this.#store ? this.#distinct : this.vocabularySize; }

  /** Bytes of counts written out to disk so far (0 while they fit in the memory limit). */
  get spilledBytes() {
    this.#live();
    return this.#store?.bytes ?? 0;
  }

  /** Builds a model (pruned, quantised); the trainer stays usable. metadata: string key/values stored in the model. */
  finish(options) {
    const { metadata = this.#options.metadata } = optionsObject(options, ['metadata']);
    const entries = metadataEntries(metadata);
    const handle = this.#live();
    this.#whole();
    if (!this.#store) {
      const w = wasm();
      checkCounted(w.ps_nb_trainer_finish(handle, outSlot(0)), this.documents, () => labelsOf(handle, w.ps_nb_trainer_label));
      return modelOf(readSlot(0), entries);
    }
    const { model, tokens } = finishCounts(this.#runsAndMemory(), kindOverride(this.#options.kind));
    this.#distinct = tokens;
    return modelOf(model, entries);
  }

  /**
   * Writes every count so far as one count stream (FORMAT.md) to sink(chunk); the trainer is then empty: it can
   * add documents and write them again, not finish or merge. pruned: only the tokens a model could keep (for
   * parallel training).
   * Returns the distinct tokens of the counts.
   */
  writeCounts(sink, options) {
    if (typeof sink !== 'function') throw new TypeError('sink must be a function taking Uint8Array chunks');
    return this[WRITE_LENT]((chunk) => sink(chunk.slice()), options); // the sink owns its chunks
  }

  [WRITE_LENT](sink, { pruned = false } = {}) {
    const handle = this.#live();
    const written = this.#written;
    try {
      this.#written = true;
      if (!this.#store) return writeTrainerCounts(handle, sink, { pruned });
      this.#distinct = mergeCounts(this.#runsAndMemory(), sink, { pruned }).tokens;
      check(wasm().ps_nb_trainer_clear(handle));
      this.#store.dispose();
      this.#store = null;
      this.#storeBox.current = null;
      return this.#distinct;
    } catch (error) {
      if (error?.code === 'NB_NO_DATA') { this.#written = written; throw error; } // no class yet: nothing was written
      // the counts leave the trainer as they are written: those not yet written are in no whole state
      this.#broken = `NaiveBayesTrainer: writeCounts failed part way (${error.message}), so its counts are lost; dispose it`;
      throw error;
    }
  }

  /** Throws unless the trainer still holds every count it was given (finish and merge need them all). */
  #whole() {
    if (this.#written) {
      throw new Error('NaiveBayesTrainer: its counts were written out by writeCounts(), so it no longer holds them all; '
        + 'make the model from the count files (palette-sentiment finish), or train in a new trainer');
    }
  }

  /**
   * Readers of the runs written out and of the counts in memory, which merge with them without being written
   * out: at most FAN_IN readers, longer runs merged first from more.
   */
  #runsAndMemory() {
    while (this.#store.count > FAN_IN - 1) {
      const run = this.#store.create();
      try {
        mergeCounts(this.#store.readers().slice(0, FAN_IN), (chunk) => run.write(chunk));
      } finally {
        run.close();
      }
      this.#store.drop(FAN_IN);
    }
    return [...this.#store.readers(), { name: 'the counts in memory', trainer: this.#handle }];
  }

  [PART](part, parts) {
    check(wasm().ps_nb_trainer_set_partition(this.#live(), part, parts));
  }

  /** Frees the trainer's memory and its written-out counts; later calls do nothing. */
  dispose() {
    if (!this.#handle) return;
    finalizer.unregister(this);
    wasm().ps_nb_trainer_destroy(this.#handle);
    this.#store?.dispose();
    this.#handle = 0;
  }
}
