// Naive Bayes text classification: train, load, predict, save. Models and
// trainers own WebAssembly memory; dispose() frees it (idempotent), and a
// FinalizationRegistry frees what a caller forgot.
import { allocate, check, copyIn, copyOut, outSlot, readSlot, wasm } from './text-wasm.js';
import { asTyped, nfc, nfcMapped, readUtf8, release, stage } from './text.js';
import { C, STATUS_NAMES } from './c-constants.js';
import { asUint8, integerIn, isBytes, optionsObject } from './validate.js';
import { NB_DEFAULTS, readOptions, readsNfc, trainingOptions } from './nb-options.js';
import { finalizer, metadataEntries, metadataEntry, textArgument } from './nb-args.js';
import { NaiveBayesTrainer, setModelOf } from './nb-trainer.js';
import { parallelTrainer } from './nb-spill.js';
import { isIterable, recordBatches as batchesOf, trainLinear } from './nb-linear.js';

export { NB_DEFAULTS, NaiveBayesTrainer };

const DEFAULT_EXPLAIN = 10;
const MAX_JOBS = 256;
const INTERNAL = Symbol('NaiveBayes.internal'); // only this module wraps C handles
const WORD_FIELDS = 5; // ps_tok_word: start, end, token, token_len, flags

/** The counts' NB model of a logistic regression keeps its log-likelihoods unquantised. */
const RATIOS = Object.freeze({ kind: 'nb', weightBits: 32 });

/** model[WORDS](text): the words the model's tokenizer forms n-grams from (for the widget's highlights). */
export const WORDS = Symbol('NaiveBayes.words');

/** at(byte) → the offset in UTF-16 units of text of a UTF-8 byte offset; called with offsets in ascending order. */
function utf16Offsets(text) {
  let i = 0;
  let b = 0;
  return (byte) => {
    while (b < byte && i < text.length) {
      const cp = text.codePointAt(i);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // a lone surrogate is U+FFFD: 3 bytes
      i += cp > 0xFFFF ? 2 : 1;
    }
    return i;
  };
}

/** Batches of 1,000 {text, label} records from parallel arrays (checked by the trainer). */
function* recordBatches(texts, labels) {
  if (labels.length !== texts.length) throw new RangeError(`labels must have as many entries as texts (${texts.length}), got ${labels.length}`);
  for (let i = 0; i < texts.length; i += 1000) {
    yield texts.slice(i, i + 1000).map((text, j) => ({ text, label: labels[i + j] }));
  }
}


/**
 * The model of the counts (options checked by the trainer), on `jobs` threads, of documents(): batches of
 * records; arrays = [texts, labels] when the documents are arrays (their errors then name texts[i], labels[i]).
 */
async function countModel(documents, arrays, options, jobs) {
  const parallel = jobs > 1 ? parallelTrainer() : null;
  if (jobs > 1 && !parallel) throw new RangeError('options.jobs above 1 needs worker threads: in Node, import palette-sentiment there (its Node entry)');
  if (parallel && parallel.jobsWithin(jobs, options.memoryLimit) > 1) {
    new NaiveBayesTrainer(options).dispose(); // the options' errors, here rather than in every worker
    return parallel.train(documents(), options, jobs);
  }
  const trainer = new NaiveBayesTrainer(options);
  try {
    if (arrays) trainer.addMany(...arrays);
    else for await (const batch of documents()) trainer.addMany(batch);
    return trainer.finish();
  } finally {
    trainer.dispose();
  }
}

/** The model of a C model handle (this module's wrapper owns it), with metadata entries set. */
export function modelOf(handle, metadata = []) {
  return withMetadata(new NaiveBayes(handle, INTERNAL), metadata);
}
setModelOf(modelOf);

/** model with metadata entries set; disposed of if one cannot be. */
function withMetadata(model, metadata) {
  try {
    for (const [key, value] of metadata) model.setMetadata(key, value);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * Refuses held-out examples that cannot show how far to trust the model: none with a token it knows, or
 * scores that favour other classes than the labels on the whole (the fit would flatten every probability
 * toward equal, or run to its limit).
 */
function refuseUninformative(scores, evidence, classes, k) {
  const n = classes.length;
  if (evidence.every((e) => e === 0)) {
    const none = n === 1 ? 'the one text has no token the model knows, so it' : `none of the ${n} texts has a token the model knows, so they`;
    throw new RangeError(`calibrate: ${none} cannot tell how far to trust it`);
  }
  let lean = 0; // the labels' scores above each text's mean score, summed
  for (let i = 0; i < n; i++) {
    const z = scores.subarray(i * k, (i + 1) * k);
    lean += z[classes[i]] - z.reduce((sum, v) => sum + v, 0) / k;
  }
  if (!(lean > 0)) {
    const favour = n === 1 ? 'another class than its label' : 'other classes than their labels';
    throw new RangeError(`calibrate: on ${n === 1 ? 'the one text' : `these ${n} texts`} the model's scores favour ${favour}, so no calibration fits them; give held-out texts of the model's task`);
  }
}

/** A trained multinomial Naive Bayes model. */
export class NaiveBayes {
  #model = 0;
  #prediction = 0;
  #explainCapacity = 0;
  #labels = null;
  #tokens = new Map();
  #canonical = null; // whether its tokenizer reads text in NFC (Unicode case: web/text.js nfc); known at first use
  #handles; // [model, prediction], what the finalizer frees
  // Views of the prediction's result arrays, whose addresses are fixed for the
  // handle's life; rebuilt only when the handle changes or the memory grows.
  #views = null;

  /** @private use NaiveBayes.train or NaiveBayes.load */
  constructor(handle, key) {
    // a caller-made handle would be an arbitrary address handed to C
    if (key !== INTERNAL || typeof handle !== 'number' || !handle) throw new TypeError('use NaiveBayes.train() or NaiveBayes.load()');
    this.#model = handle;
    const w = wasm();
    const handles = [handle, 0];
    this.#handles = handles;
    finalizer.register(this, {
      free: ([m, p]) => { w.ps_nb_prediction_destroy(p); w.ps_nb_model_destroy(m); },
      handles,
    }, this);
  }

  /**
   * Trains a model.
   * @param source texts (array) with labels (array), or an (async) iterable of {text, label} records or batches
   *   of them, or a function returning a fresh such iterable each time it is called (kind 'nblr' reads the
   *   documents once for the counts and once per epoch: give arrays or such a function)
   * @param labelsOrOptions the labels array, or options when source is an iterable
   * @param options {kind, ngrams, alpha, binary, minDf, maxFeatures, stopwords, negation, weightBits,
   *   l2, epochs, nbMix, seed, pieces (kind 'nblr'), metadata, memoryLimit (bytes; see NaiveBayesTrainer),
   *   jobs (worker threads for the counts, Node entry only; the same model for every number)}
   * @returns {Promise<NaiveBayes>}
   */
  static async train(source, labelsOrOptions, options) {
    const arrays = Array.isArray(source) && Array.isArray(labelsOrOptions);
    const factory = typeof source === 'function';
    const opts = arrays ? options : labelsOrOptions;
    if (!arrays && !factory && !isIterable(source)) {
      throw new TypeError('NaiveBayes.train takes (texts[], labels[], options), (iterable of {text, label} batches, options) or (() => such an iterable, options)');
    }
    if (Array.isArray(source) && !arrays && typeof source[0] === 'string') {
      throw new TypeError('labels are missing: NaiveBayes.train(texts[], labels[], options), or records {text, label}');
    }
    const plain = opts !== null && typeof opts === 'object' && !Array.isArray(opts);
    const { jobs = 1, metadata = {}, ...trainerOptions } = plain ? opts : {}; // anything else is the trainer's to refuse
    integerIn(jobs, 'options.jobs', 1, MAX_JOBS);
    const checked = trainingOptions(opts, { memoryLimit: undefined, jobs: undefined, metadata: undefined });
    const documents = () => (arrays ? recordBatches(source, labelsOrOptions) : batchesOf(factory ? source() : source));
    const pair = arrays ? [source, labelsOrOptions] : null;
    if (checked.kind !== 'nblr') return countModel(documents, pair, { ...trainerOptions, metadata }, jobs);
    if (!arrays && !factory && !Array.isArray(source)) { // an array is read again as it is
      throw new TypeError('kind \'nblr\' reads the documents once per epoch: give arrays (texts and labels, or of records or batches), '
        + 'or a function returning a fresh iterable');
    }
    const ratios = await countModel(documents, pair, { ...trainerOptions, ...RATIOS }, jobs);
    try {
      return await NaiveBayes.trainLinear(ratios, documents, { ...trainerOptions, metadata });
    } finally {
      ratios.dispose();
    }
  }

  /**
   * The NB-weighted logistic regression (kind 'nblr') over the vocabulary and classes of ratios, a kind 'nb'
   * model of the counts (trained with NaiveBayes.RATIOS among its options; it stays the caller's): one pass
   * over documents(epoch), an (async) iterable of {text, label} records or batches, per epoch. options: the
   * kind 'nblr' training options (l2, epochs, nbMix, seed, pieces, weightBits...) and metadata. For data
   * that does not fit in memory: count it in bounded memory or in shards, then stream it again here.
   */
  static async trainLinear(ratios, documents, options) {
    if (!(ratios instanceof NaiveBayes)) throw new TypeError('ratios must be a NaiveBayes model (kind \'nb\')');
    const ratiosKind = ratios.info().kind;
    if (ratiosKind !== 'nb') throw new RangeError(`ratios must be a kind 'nb' model (the counts' model), got kind '${ratiosKind}'`);
    if (typeof documents !== 'function') throw new TypeError('documents must be a function of the epoch returning an iterable');
    const plain = options !== null && typeof options === 'object' && !Array.isArray(options);
    const { metadata = {} } = plain ? options : {}; // jobs and memoryLimit are the counts' options: not the regression's
    const checked = trainingOptions(options, { jobs: undefined, memoryLimit: undefined, metadata: undefined });
    if (checked.kind !== 'nblr') throw new RangeError('options.kind must be \'nblr\' to train a logistic regression');
    const entries = metadataEntries(metadata);
    return modelOf(await trainLinear(ratios.#live(), checked, (epoch) => batchesOf(documents(epoch))), entries);
  }

  /** The options that make a count model the ratios of a logistic regression (NaiveBayes.trainLinear). */
  static RATIOS = RATIOS;

  /** Loads a model saved by save() (bytes borrowed for the call). Throws PaletteSentimentError MODEL_* on bad bytes. */
  static load(bytes) {
    if (!isBytes(bytes)) throw new TypeError('bytes must be a Uint8Array, ArrayBuffer or Buffer');
    const w = wasm();
    const ptr = copyIn(asUint8(bytes, 'bytes'));
    try {
      check(w.ps_nb_model_load(ptr, bytes.byteLength, outSlot(0)));
      return new NaiveBayes(readSlot(0), INTERNAL);
    } finally {
      w.ps_free(ptr);
    }
  }

  #live() {
    if (!this.#model) throw new Error('NaiveBayes: model used after dispose()');
    return this.#model;
  }

  /** Class labels in model order (a frozen array). */
  get labels() {
    const m = this.#live();
    if (!this.#labels) {
      const w = wasm();
      this.#labels = Object.freeze(Array.from({ length: w.ps_nb_model_class_count(m) }, (_, i) => readUtf8(w.ps_nb_model_label(m, i, outSlot(0)), readSlot(0))));
    }
    return this.#labels;
  }

  #token(id) {
    let token = this.#tokens.get(id);
    if (token === undefined) {
      const w = wasm();
      token = readUtf8(w.ps_nb_model_token(this.#model, id, outSlot(0)), readSlot(0));
      if (this.#tokens.size > 50_000) this.#tokens.clear();
      this.#tokens.set(id, token);
    }
    return token;
  }

  #predictionFor(explain) {
    if (explain > this.#explainCapacity || !this.#prediction) {
      const w = wasm();
      w.ps_nb_prediction_destroy(this.#prediction);
      this.#prediction = 0;
      this.#handles[1] = 0;
      this.#views = null; // the new prediction may reuse the old one's address, not its arrays
      const capacity = Math.max(explain, DEFAULT_EXPLAIN);
      check(w.ps_nb_prediction_create(this.#model, capacity, outSlot(0)));
      this.#prediction = readSlot(0);
      this.#views = null; // the new handle may sit at the old one's address, its arrays elsewhere
      this.#handles[1] = this.#prediction;
      this.#explainCapacity = capacity;
    }
    return this.#prediction;
  }

  /**
   * Classifies a text.
   * @param {string} text
   * @param {{explain?: number}} [options] how many explanation tokens (default 10, 0 for none)
   * @returns {{label: string, probabilities: Record<string, number>, evidence: number, explanation: {token: string, weight: number, label: string}[]}}
   */
  predict(text, options) {
    const m = this.#live();
    const { explain = DEFAULT_EXPLAIN } = optionsObject(options, ['explain']);
    textArgument(text, 'text');
    integerIn(explain, 'options.explain', 0, C.NB_MAX_TOP_N);
    const w = wasm();
    const p = this.#predictionFor(explain);
    const [ptr, len] = stage(this.#inNfc() ? nfc(text) : text);
    try {
      check(w.ps_nb_model_predict(m, ptr, len, p));
    } finally {
      release();
    }
    const labels = this.#labels ?? this.labels;
    const { probs, ids, weights, classes } = this.#resultViews(p, labels.length);
    const probabilities = {};
    for (let i = 0; i < labels.length; i++) Object.defineProperty(probabilities, labels[i], { value: probs[i], enumerable: true, writable: true, configurable: true });
    const count = Math.min(w.ps_nb_prediction_explain_count(p), explain);
    const explanation = new Array(count);
    for (let i = 0; i < count; i++) explanation[i] = { token: this.#token(ids[i]), weight: weights[i], label: labels[classes[i]] };
    return { label: labels[w.ps_nb_prediction_label(p)], probabilities, evidence: w.ps_nb_prediction_evidence(p) >>> 0, explanation };
  }

  #inNfc() {
    this.#canonical ??= readsNfc(this.#live());
    return this.#canonical;
  }

  #resultViews(p, k) {
    const w = wasm();
    const buffer = w.memory.buffer;
    if (this.#views?.buffer !== buffer || this.#views.handle !== p) {
      const n = this.#explainCapacity;
      this.#views = {
        buffer,
        handle: p,
        probs: new Float64Array(buffer, w.ps_nb_prediction_probs(p), k),
        scores: new Float64Array(buffer, w.ps_nb_prediction_scores(p), k),
        ids: new Uint32Array(buffer, w.ps_nb_prediction_explain_ids(p), n),
        weights: new Float64Array(buffer, w.ps_nb_prediction_explain_weights(p), n),
        classes: new Uint32Array(buffer, w.ps_nb_prediction_explain_classes(p), n),
      };
    }
    return this.#views;
  }

  /**
   * The words of text as the model's tokenizer forms n-grams from them, in order:
   * [{token, start, end, flags}], start/end UTF-16 offsets into text, flags PS_TOK_WORD_*. The words are those of
   * the text predict() reads (its NFC for a Unicode-case model: web/text.js nfcMapped), so that their tokens are
   * those of its explanation, and their offsets are mapped back to text as given.
   */
  [WORDS](text) {
    const m = this.#live();
    textArgument(text, 'text');
    const w = wasm();
    const options = w.ps_nb_options_tok(w.ps_nb_model_options(m));
    const read = this.#inNfc() ? nfcMapped(text) : asTyped(text);
    const [ptr, len] = stage(read.text);
    try {
      let words = Math.ceil(len / 2) + 1; // a word and a separator take 2 bytes at least
      let bytes = len + words;            // a token is at most its text and a "!"
      for (;;) {
        const buffer = allocate(4 * WORD_FIELDS * words + bytes);
        try {
          const status = w.ps_tokenize_words(options, ptr, len, buffer, words, buffer + 4 * WORD_FIELDS * words, bytes, outSlot(0), outSlot(1));
          if (STATUS_NAMES[status] !== 'BUFFER_TOO_SMALL') {
            check(status);
            return this.#readWords(read, buffer, readSlot(0), buffer + 4 * WORD_FIELDS * words);
          }
          [words, bytes] = [readSlot(0), readSlot(1)];
        } finally {
          w.ps_free(buffer);
        }
      }
    } finally {
      release();
    }
  }

  /** The words of read.text, tokenized, at their offsets in the text as given (read.offsetIn). */
  #readWords(read, buffer, count, tokens) {
    const { memory } = wasm();
    const fields = new Uint32Array(memory.buffer, buffer, WORD_FIELDS * count);
    const at = utf16Offsets(read.text);
    const words = new Array(count);
    for (let i = 0, f = 0; i < count; i++, f += WORD_FIELDS) { // fields: start and end byte, token offset and length, flags
      const start = read.offsetIn(at(fields[f]), 'start');
      const end = read.offsetIn(at(fields[f + 1]), 'end');
      words[i] = { token: readUtf8(tokens + fields[f + 2], fields[f + 3]), start, end, flags: fields[f + 4] };
    }
    return words;
  }

  /** predict() for each text of an array. */
  predictMany(texts, options) {
    this.#live();
    if (!Array.isArray(texts)) throw new TypeError('texts must be an array of strings');
    return texts.map((text, i) => this.predict(textArgument(text, `texts[${i}]`), options));
  }

  /** The model file bytes (a fresh Uint8Array). */
  save() {
    const w = wasm();
    check(w.ps_nb_model_save(this.#live(), outSlot(0), outSlot(1)));
    const ptr = readSlot(0);
    try {
      return copyOut(ptr, readSlot(1));
    } finally {
      w.ps_free(ptr);
    }
  }

  /** Sets a metadata string stored with the model (shown by info()). */
  setMetadata(key, value) {
    const m = this.#live();
    metadataEntry(key, value, 'key', 'value');
    const [keyPtr, keyLen, valuePtr, valueLen] = stage(key, value);
    try {
      check(wasm().ps_nb_model_meta_set(m, keyPtr, keyLen, valuePtr, valueLen));
    } finally {
      release();
    }
    return this;
  }

  /**
   * Fits the calibration of the probabilities to held-out labelled texts (maximum likelihood; labels and so
   * accuracy never change) and stores it in the model. lengthAware: the scale depends on the evidence
   * (short texts get their own confidence), else one temperature. Returns {a, b}: probabilities are
   * softmax(exp(a) × (1 + evidence)^b × scores).
   */
  calibrate(texts, labels, options) {
    const { lengthAware = true } = optionsObject(options, ['lengthAware']);
    const m = this.#live();
    if (!Array.isArray(texts) || !Array.isArray(labels)) throw new TypeError('calibrate takes (texts[], labels[])');
    if (labels.length !== texts.length) throw new RangeError(`labels must have as many entries as texts (${texts.length}), got ${labels.length}`);
    if (texts.length === 0) throw new RangeError('calibrate needs at least one text');
    if (typeof lengthAware !== 'boolean') throw new TypeError('options.lengthAware must be a boolean');
    const k = this.labels.length;
    const scores = new Float64Array(texts.length * k);
    const evidence = new Uint32Array(texts.length);
    const classes = new Uint32Array(texts.length);
    texts.forEach((text, i) => {
      const label = String(labels[i]);
      classes[i] = this.labels.indexOf(label);
      if (classes[i] === 0xFFFFFFFF) throw new RangeError(`labels[${i}] is not a class of the model: ${JSON.stringify(label)}`);
      evidence[i] = this.predict(textArgument(text, `texts[${i}]`), { explain: 0 }).evidence;
      scores.set(this.#views.scores, i * k);
    });
    refuseUninformative(scores, evidence, classes, k);
    const w = wasm();
    const at = [scores, evidence, classes].map((array) => copyIn(new Uint8Array(array.buffer)));
    const out = allocate(16);
    try {
      check(w.ps_nb_calibration_fit(k, texts.length, ...at, lengthAware ? 1 : 0, out, out + 8));
      const [a, b] = new Float64Array(w.memory.buffer, out, 2);
      this.calibration = { a, b };
      return { a, b };
    } finally {
      for (const ptr of [...at, out]) w.ps_free(ptr);
    }
  }

  /** Classes, vocabulary size, kind, training options, calibration and metadata. */
  info() {
    const m = this.#live();
    const w = wasm();
    const o = w.ps_nb_model_options(m);
    const entries = [];
    for (let i = 0, n = w.ps_nb_model_meta_count(m); i < n; i++) {
      const key = readUtf8(w.ps_nb_model_meta_key(m, i, outSlot(0)), readSlot(0));
      entries.push([key, readUtf8(w.ps_nb_model_meta_value(m, i, outSlot(0)), readSlot(0))]);
    }
    const metadata = Object.fromEntries(entries); // not assignment: a key may be '__proto__'
    const options = readOptions(o);
    return {
      kind: options.kind ?? 'nb',
      classes: this.labels.map((label, i) => ({
        label,
        documents: w.ps_nb_model_class_docs(m, i) >>> 0,
        prior: Math.exp(w.ps_nb_model_log_prior(m, i)),
        base: w.ps_nb_model_base(m, i),
      })),
      vocabularySize: w.ps_nb_model_vocab_size(m) >>> 0,
      options,
      calibration: this.calibration,
      metadata,
    };
  }

  /** The calibration of the probabilities, {a, b}, or null when there is none. */
  get calibration() {
    const m = this.#live();
    const w = wasm();
    const slots = allocate(16);
    try {
      if (!w.ps_nb_model_calibration(m, slots, slots + 8)) return null;
      const [a, b] = new Float64Array(w.memory.buffer, slots, 2);
      return { a, b };
    } finally {
      w.ps_free(slots);
    }
  }

  /** Sets the calibration {a, b} (see calibrate()); null removes it. */
  set calibration(value) {
    const m = this.#live();
    if (value !== null && (typeof value !== 'object' || typeof value.a !== 'number' || typeof value.b !== 'number')) {
      throw new TypeError('calibration must be {a, b} (numbers) or null');
    }
    const { a, b } = value ?? { a: 0, b: 0 };
    if (!(Math.abs(a) <= C.NB_CAL_A_MAX)) throw new RangeError(`calibration.a must be within ±${C.NB_CAL_A_MAX}, got ${a}`);
    if (!(Math.abs(b) <= C.NB_CAL_B_MAX)) throw new RangeError(`calibration.b must be within ±${C.NB_CAL_B_MAX}, got ${b}`);
    check(wasm().ps_nb_model_set_calibration(m, a, b));
  }

  /**
   * The tokens that favour a class most, strongest first, with their strength
   * (log-likelihood margin over the best other class).
   */
  topTokens(label, n = 20) {
    const m = this.#live();
    const index = this.labels.indexOf(typeof label === 'number' ? String(label) : label); // numbers, as training takes them
    if (index < 0) throw new RangeError(`label must be one of ${this.labels.map((l) => JSON.stringify(l)).join(', ')}`);
    integerIn(n, 'n', 1, C.NB_MAX_TOP_N);
    const w = wasm();
    const idBytes = 8 * Math.ceil(n / 2); // n token ids, then n strengths, 8-byte aligned (as ps_alloc is)
    const ids = allocate(idBytes + 8 * n);
    const strengths = ids + idBytes;
    try {
      check(w.ps_nb_model_top_tokens(m, index, n, ids, strengths, outSlot(0)));
      const count = readSlot(0);
      const list = new Uint32Array(w.memory.buffer, ids, count);
      const weights = new Float64Array(w.memory.buffer, strengths, count);
      return Array.from(list, (id, i) => ({ token: this.#token(id), weight: weights[i] }));
    } finally {
      w.ps_free(ids);
    }
  }

  /** Frees the model's memory; later calls do nothing, other methods throw. */
  dispose() {
    if (!this.#model) return;
    finalizer.unregister(this);
    const w = wasm();
    w.ps_nb_prediction_destroy(this.#prediction);
    w.ps_nb_model_destroy(this.#model);
    this.#model = 0;
    this.#prediction = 0;
    this.#tokens.clear();
  }
}
