// Naive Bayes text classification: train, load, predict, save. Models and
// trainers own WebAssembly memory; dispose() frees it (idempotent), and a
// FinalizationRegistry frees what a caller forgot.
import { check, outSlot, readSlot, wasm } from './wasm.js';
import { readUtf8, release, stage } from './text.js';

export const NB_DEFAULTS = Object.freeze({
  ngrams: Object.freeze([1, 1]), alpha: 1, binary: false, minDf: 1, maxFeatures: 0,
  stopwords: false, negation: false, weightBits: 16,
});
const DEFAULT_EXPLAIN = 10;
const MAX_EXPLAIN = 1000;
const MAX_LABEL_BYTES = 1024;        // PS_NB_MAX_LABEL
const MAX_META_KEY_BYTES = 1024;     // PS_NB_MAX_META_KEY
const MAX_META_VALUE_BYTES = 1 << 20; // PS_NB_MAX_META_VALUE
const INTERNAL = Symbol('NaiveBayes.internal'); // only this module wraps C handles

/** UTF-8 length of s (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder writes them). */
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** The options object of a call: undefined means {}; anything but a plain object is a TypeError; keys must be known. */
function callOptions(options, known, name = 'options') {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${name} must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${name}.${key} is not an option; known: ${known.join(', ')}`);
  }
  return options;
}

const finalizer = new FinalizationRegistry(({ free, handles }) => {
  try { free(handles); } catch { /* the module is gone: nothing to free */ }
});

function integerIn(value, name, min, max) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function booleanOption(value, name) {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}

function ngramRange(value) {
  const range = typeof value === 'number' ? [1, value] : value;
  if (!Array.isArray(range) || range.length !== 2) throw new TypeError('options.ngrams must be a number (max) or [min, max]');
  const [min, max] = range;
  integerIn(min, 'options.ngrams[0]', 1, 3);
  integerIn(max, 'options.ngrams[1]', 1, 3);
  if (min > max) throw new RangeError(`options.ngrams must have min <= max, got [${min}, ${max}]`);
  return [min, max];
}

/** Validates training options; returns a full set with defaults filled in. */
function trainingOptions(options) {
  if (options === undefined || options === null) return { ...NB_DEFAULTS, metadata: {} };
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(NB_DEFAULTS, key) && key !== 'metadata') {
      throw new TypeError(`options.${key} is not an option; known: ${[...Object.keys(NB_DEFAULTS), 'metadata'].join(', ')}`);
    }
  }
  const o = { ...NB_DEFAULTS, metadata: {}, ...options };
  o.ngrams = ngramRange(o.ngrams);
  if (typeof o.alpha !== 'number') throw new TypeError(`options.alpha must be a number, got ${typeof o.alpha}`);
  if (!(o.alpha >= 1e-9 && o.alpha <= 1e6)) throw new RangeError(`options.alpha must be from 1e-9 to 1e6, got ${o.alpha}`);
  booleanOption(o.binary, 'options.binary');
  integerIn(o.minDf, 'options.minDf', 1, 0xFFFFFFFF);
  integerIn(o.maxFeatures, 'options.maxFeatures', 0, 0xFFFFFFFF);
  booleanOption(o.stopwords, 'options.stopwords');
  booleanOption(o.negation, 'options.negation');
  if (typeof o.weightBits !== 'number') throw new TypeError(`options.weightBits must be a number, got ${typeof o.weightBits}`);
  if (![8, 16, 32].includes(o.weightBits)) throw new RangeError(`options.weightBits must be 8, 16 or 32, got ${o.weightBits}`);
  metadataEntries(o.metadata);
  return o;
}

function metadataEntries(metadata) {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new TypeError('metadata must be an object of string values');
  }
  const entries = Object.entries(metadata);
  for (const [key, value] of entries) {
    if (key === '') throw new RangeError('metadata keys must not be empty');
    if (typeof value !== 'string') throw new TypeError(`metadata.${key} must be a string, got ${typeof value}`);
    if (utf8Length(key) > MAX_META_KEY_BYTES) throw new RangeError(`metadata keys must be at most ${MAX_META_KEY_BYTES} bytes of UTF-8`);
    if (value.length > MAX_META_VALUE_BYTES / 3 && utf8Length(value) > MAX_META_VALUE_BYTES) {
      throw new RangeError(`metadata.${key.slice(0, 40)} must be at most ${MAX_META_VALUE_BYTES} bytes of UTF-8`);
    }
  }
  return entries;
}

function createOptions(o) {
  const w = wasm();
  check(w.ps_nb_options_create(outSlot(0)));
  const handle = readSlot(0);
  try {
    check(w.ps_nb_options_set_ngrams(handle, o.ngrams[0], o.ngrams[1]));
    check(w.ps_nb_options_set_alpha(handle, o.alpha));
    check(w.ps_nb_options_set_binary(handle, o.binary ? 1 : 0));
    check(w.ps_nb_options_set_min_df(handle, o.minDf));
    check(w.ps_nb_options_set_max_features(handle, o.maxFeatures));
    check(w.ps_nb_options_set_stopwords(handle, o.stopwords ? 1 : 0));
    check(w.ps_nb_options_set_negation(handle, o.negation ? 1 : 0));
    check(w.ps_nb_options_set_weight_bits(handle, o.weightBits));
    return handle;
  } catch (error) {
    w.ps_nb_options_destroy(handle);
    throw error;
  }
}

function textArgument(text, name) {
  if (typeof text !== 'string') throw new TypeError(`${name} must be a string, got ${text === null ? 'null' : typeof text}`);
  return text;
}

function labelArgument(label, name) {
  if (typeof label === 'number' && Number.isFinite(label)) return String(label);
  if (typeof label !== 'string') throw new TypeError(`${name} must be a string or a number, got ${label === null ? 'null' : typeof label}`);
  if (label === '') throw new RangeError(`${name} must not be empty`);
  if (label.length > MAX_LABEL_BYTES / 3 && utf8Length(label) > MAX_LABEL_BYTES) {
    throw new RangeError(`${name} must be at most ${MAX_LABEL_BYTES} bytes of UTF-8, got ${utf8Length(label)}`);
  }
  return label;
}

/** Streaming trainer: add documents batch after batch, merge shards, then finish() into a model. */
export class NaiveBayesTrainer {
  #handle = 0;
  #options;

  /** @param options {ngrams, alpha, binary, minDf, maxFeatures, stopwords, negation, weightBits} */
  constructor(options) {
    this.#options = trainingOptions(options);
    const w = wasm();
    const opts = createOptions(this.#options);
    try {
      check(w.ps_nb_trainer_create(opts, outSlot(0)));
    } finally {
      w.ps_nb_options_destroy(opts);
    }
    this.#handle = readSlot(0);
    finalizer.register(this, { free: ([t]) => w.ps_nb_trainer_destroy(t), handles: [this.#handle] }, this);
  }

  #live() {
    if (!this.#handle) throw new Error('NaiveBayesTrainer: used after dispose()');
    return this.#handle;
  }

  /** Adds one labelled document. */
  add(text, label) {
    const handle = this.#live();
    textArgument(text, 'text');
    const [textPtr, textLen, labelPtr, labelLen] = stage(text, labelArgument(label, 'label'));
    try {
      check(wasm().ps_nb_trainer_add(handle, textPtr, textLen, labelPtr, labelLen));
    } finally {
      release();
    }
    return this;
  }

  /** Adds parallel arrays of texts and labels, or an array of {text, label} records. */
  addMany(texts, labels) {
    this.#live();
    if (!Array.isArray(texts)) throw new TypeError('texts must be an array');
    if (labels === undefined) {
      texts.forEach((record, i) => {
        if (!record || typeof record !== 'object') throw new TypeError(`records[${i}] must be {text, label}`);
        this.add(textArgument(record.text, `records[${i}].text`), labelArgument(record.label, `records[${i}].label`));
      });
      return this;
    }
    if (!Array.isArray(labels)) throw new TypeError('labels must be an array');
    if (labels.length !== texts.length) throw new RangeError(`labels must have as many entries as texts (${texts.length}), got ${labels.length}`);
    texts.forEach((text, i) => this.add(textArgument(text, `texts[${i}]`), labelArgument(labels[i], `labels[${i}]`)));
    return this;
  }

  /** Adds another trainer's counts (trained with the same options) into this one. */
  merge(other) {
    if (!(other instanceof NaiveBayesTrainer)) throw new TypeError('other must be a NaiveBayesTrainer');
    if (other === this) throw new RangeError('a trainer cannot merge itself');
    check(wasm().ps_nb_trainer_merge(this.#live(), other.#live()));
    return this;
  }

  /** Documents added so far. */
  get documents() { return wasm().ps_nb_trainer_doc_count(this.#live()) >>> 0; }

  /** Distinct tokens seen so far, before pruning. */
  get vocabularySize() { return wasm().ps_nb_trainer_vocab_size(this.#live()) >>> 0; }

  /** Builds a model (pruned, quantised); the trainer stays usable. metadata: string key/values stored in the model. */
  finish(options) {
    const { metadata = this.#options.metadata } = callOptions(options, ['metadata']);
    const entries = metadataEntries(metadata);
    check(wasm().ps_nb_trainer_finish(this.#live(), outSlot(0)));
    const model = new NaiveBayes(readSlot(0), INTERNAL);
    try {
      for (const [key, value] of entries) model.setMetadata(key, value);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  }

  /** Frees the trainer's memory; later calls do nothing. */
  dispose() {
    if (!this.#handle) return;
    finalizer.unregister(this);
    wasm().ps_nb_trainer_destroy(this.#handle);
    this.#handle = 0;
  }
}

async function* batchesOf(source) {
  for await (const item of source) {
    if (Array.isArray(item)) yield item;
    else yield [item];
  }
}

/** A trained multinomial Naive Bayes model. */
export class NaiveBayes {
  #model = 0;
  #prediction = 0;
  #explainCapacity = 0;
  #labels = null;
  #tokens = new Map();

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

  #handles;

  /**
   * Trains a model.
   * @param source texts (array) with labels (array), or an (async) iterable of {text, label} records or batches of them
   * @param labelsOrOptions the labels array, or options when source is an iterable
   * @param options {ngrams, alpha, binary, minDf, maxFeatures, stopwords, negation, weightBits, metadata}
   * @returns {Promise<NaiveBayes>}
   */
  static async train(source, labelsOrOptions, options) {
    const arrays = Array.isArray(source) && Array.isArray(labelsOrOptions);
    const opts = arrays ? options : labelsOrOptions;
    if (!arrays && (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source || Symbol.iterator in source))) {
      throw new TypeError('NaiveBayes.train takes (texts[], labels[], options) or (iterable of {text, label} batches, options)');
    }
    const trainer = new NaiveBayesTrainer(opts);
    try {
      if (arrays) trainer.addMany(source, labelsOrOptions);
      else for await (const batch of batchesOf(source)) trainer.addMany(batch);
      return trainer.finish();
    } finally {
      trainer.dispose();
    }
  }

  /** Loads a model saved by save() (bytes borrowed for the call). Throws PaletteSentimentError MODEL_* on bad bytes. */
  static load(bytes) {
    if (!(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) throw new TypeError('bytes must be a Uint8Array, ArrayBuffer or Buffer');
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = wasm();
    const ptr = w.ps_alloc(Math.max(view.length, 1));
    if (!ptr) check(1 /* PS_ERR_NO_MEMORY */);
    try {
      new Uint8Array(w.memory.buffer, ptr, view.length).set(view);
      check(w.ps_nb_model_load(ptr, view.length, outSlot(0)));
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
      const capacity = Math.max(explain, DEFAULT_EXPLAIN);
      check(w.ps_nb_prediction_create(this.#model, capacity, outSlot(0)));
      this.#prediction = readSlot(0);
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
    const { explain = DEFAULT_EXPLAIN } = callOptions(options, ['explain']);
    textArgument(text, 'text');
    integerIn(explain, 'options.explain', 0, MAX_EXPLAIN);
    const w = wasm();
    const p = this.#predictionFor(explain);
    const [ptr, len] = stage(text);
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

  // Views of the prediction's result arrays, whose addresses are fixed for the
  // handle's life; rebuilt only when the handle changes or the memory grows.
  #views = null;

  #resultViews(p, k) {
    const w = wasm();
    const buffer = w.memory.buffer;
    if (this.#views?.buffer !== buffer || this.#views.handle !== p) {
      const n = this.#explainCapacity;
      this.#views = {
        buffer,
        handle: p,
        probs: new Float64Array(buffer, w.ps_nb_prediction_probs(p), k),
        ids: new Uint32Array(buffer, w.ps_nb_prediction_explain_ids(p), n),
        weights: new Float64Array(buffer, w.ps_nb_prediction_explain_weights(p), n),
        classes: new Uint32Array(buffer, w.ps_nb_prediction_explain_classes(p), n),
      };
    }
    return this.#views;
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
      return new Uint8Array(w.memory.buffer, ptr, readSlot(1)).slice();
    } finally {
      w.ps_free(ptr);
    }
  }

  /** Sets a metadata string stored with the model (shown by info()). */
  setMetadata(key, value) {
    const m = this.#live();
    if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
    if (typeof value !== 'string') throw new TypeError('value must be a string');
    if (key.length > MAX_META_KEY_BYTES / 3 && utf8Length(key) > MAX_META_KEY_BYTES) {
      throw new RangeError(`key must be at most ${MAX_META_KEY_BYTES} bytes of UTF-8`);
    }
    if (value.length > MAX_META_VALUE_BYTES / 3 && utf8Length(value) > MAX_META_VALUE_BYTES) {
      throw new RangeError(`value must be at most ${MAX_META_VALUE_BYTES} bytes of UTF-8`);
    }
    const [keyPtr, keyLen, valuePtr, valueLen] = stage(key, value);
    try {
      check(wasm().ps_nb_model_meta_set(m, keyPtr, keyLen, valuePtr, valueLen));
    } finally {
      release();
    }
    return this;
  }

  /** Classes, vocabulary size, training options and metadata. */
  info() {
    const m = this.#live();
    const w = wasm();
    const o = w.ps_nb_model_options(m);
    const metadata = {};
    for (let i = 0, n = w.ps_nb_model_meta_count(m); i < n; i++) {
      const key = readUtf8(w.ps_nb_model_meta_key(m, i, outSlot(0)), readSlot(0));
      metadata[key] = readUtf8(w.ps_nb_model_meta_value(m, i, outSlot(0)), readSlot(0));
    }
    return {
      classes: this.labels.map((label, i) => ({
        label,
        documents: w.ps_nb_model_class_docs(m, i) >>> 0,
        prior: Math.exp(w.ps_nb_model_log_prior(m, i)),
      })),
      vocabularySize: w.ps_nb_model_vocab_size(m) >>> 0,
      options: {
        ngrams: [w.ps_nb_options_ngram_min(o), w.ps_nb_options_ngram_max(o)],
        alpha: w.ps_nb_options_alpha(o),
        binary: !!w.ps_nb_options_binary(o),
        minDf: w.ps_nb_options_min_df(o) >>> 0,
        maxFeatures: w.ps_nb_options_max_features(o) >>> 0,
        stopwords: !!w.ps_nb_options_stopwords(o),
        negation: !!w.ps_nb_options_negation(o),
        weightBits: w.ps_nb_options_weight_bits(o),
      },
      metadata,
    };
  }

  /**
   * The tokens that favour a class most, strongest first, with their strength
   * (log-likelihood margin over the best other class).
   */
  topTokens(label, n = 20) {
    const m = this.#live();
    const index = this.labels.indexOf(label);
    if (index < 0) throw new RangeError(`label must be one of ${this.labels.map((l) => JSON.stringify(l)).join(', ')}`);
    integerIn(n, 'n', 1, MAX_EXPLAIN);
    const w = wasm();
    const ids = w.ps_alloc(n * 4);
    if (!ids) check(1 /* PS_ERR_NO_MEMORY */);
    try {
      check(w.ps_nb_model_top_tokens(m, index, n, ids, outSlot(0)));
      const count = readSlot(0);
      const list = Array.from(new Uint32Array(w.memory.buffer, ids, count));
      return list.map((id) => {
        let best = -Infinity;
        for (let c = 0; c < this.labels.length; c++) if (c !== index) best = Math.max(best, w.ps_nb_model_weight(m, id, c));
        return { token: this.#token(id), weight: w.ps_nb_model_weight(m, id, index) - best };
      });
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
