// The training options of Naive Bayes: one table whose ranges and defaults are
// the C library's (web/option-spec.js), used to check options, to set them on a
// C options handle, and to read them back from a model.
import { C } from './c-constants.js';
import { check, outSlot, readSlot, wasm } from './text-wasm.js';
import { integerIn, optionsObject } from './validate.js';
import { checkOption, defaultsOf, fromC, getterOf, optionTable, setterOf, toC } from './option-spec.js';

/** Every option but ngrams and charNgrams, which set two C values at once. Rows of the same shape as
 * web/palette.js's table, on purpose: web/option-spec.js reads both. */
export const NB_OPTIONS = optionTable('NB', [
  { key: 'alpha', c: 'ALPHA', type: 'number' },
  { key: 'binary', c: 'BINARY', type: 'boolean' },
  { key: 'minDf', c: 'MIN_DF', type: 'integer' },
  { key: 'maxFeatures', c: 'MAX_FEATURES', type: 'integer' },
  { key: 'stopwords', c: 'STOPWORDS', prefix: 'TOK', type: 'boolean' },
  { key: 'negation', c: 'NEGATION', prefix: 'TOK', type: 'boolean' },
  { key: 'emoji', c: 'EMOJI', prefix: 'TOK', type: 'boolean' },
  { key: 'unicodeCase', c: 'UNICODE_CASE', prefix: 'TOK', type: 'boolean' },
  { key: 'foldAccents', c: 'FOLD_ACCENTS', prefix: 'TOK', type: 'boolean' },
  { key: 'weightBits', c: 'WEIGHT_BITS', type: 'choice', choices: [8, 16, 32] },
  { key: 'kind', c: 'KIND', type: 'kind' },
  { key: 'l2', c: 'L2', type: 'number' },
  { key: 'epochs', c: 'EPOCHS', type: 'integer' },
  { key: 'nbMix', c: 'NB_MIX', type: 'number' },
  { key: 'seed', c: 'SEED', type: 'integer' },
  { key: 'pieces', c: 'PIECES', type: 'integer' },
]);

/** The options that only the logistic regression (kind 'nblr') uses, and that only its models store. */
export const LINEAR_KEYS = Object.freeze(['l2', 'epochs', 'nbMix', 'seed', 'pieces']);

/** The n-gram range: [min, max] within 1..NGRAM_MAX. */
export const NGRAMS = Object.freeze({ min: 1, max: C.TOK_MAX_NGRAM, default: Object.freeze([C.TOK_NGRAM_MIN_DEFAULT, C.TOK_NGRAM_MAX_DEFAULT]) });

/** The character n-gram range of scripts without spaces: [min, max] within 1..MAX_CHAR_NGRAM, or false for none. */
export const CHAR_NGRAMS = Object.freeze({
  min: 1, max: C.TOK_MAX_CHAR_NGRAM,
  default: Object.freeze([C.TOK_CHAR_NGRAM_MIN_DEFAULT, C.TOK_CHAR_NGRAM_MAX_DEFAULT]),
});

export const NB_DEFAULTS = Object.freeze({ ngrams: NGRAMS.default, charNgrams: CHAR_NGRAMS.default, ...defaultsOf(NB_OPTIONS) });

function ngramRange(value, name, limits) {
  if (typeof value === 'number') integerIn(value, `options.${name}`, limits.min, limits.max); // a max alone is named as given
  const range = typeof value === 'number' ? [1, value] : value;
  if (!Array.isArray(range) || range.length !== 2) throw new TypeError(`options.${name} must be a number (max) or [min, max]`);
  const [min, max] = range;
  integerIn(min, `options.${name}[0]`, limits.min, limits.max);
  integerIn(max, `options.${name}[1]`, limits.min, limits.max);
  if (min > max) throw new RangeError(`options.${name} must have min <= max, got [${min}, ${max}]`);
  return [min, max];
}

function charNgramRange(value) {
  if (value === false) return false;
  if (typeof value !== 'number' && !Array.isArray(value)) throw new TypeError('options.charNgrams must be false, a number (max) or [min, max]');
  return ngramRange(value, 'charNgrams', CHAR_NGRAMS);
}

/** The C values of charNgrams: [min, max], or [0, 0] for false. */
const charNgramsToC = (range) => (range === false ? [0, 0] : range);

/** Checks training options (plus the extra keys given); returns a full set with the defaults filled in. */
export function trainingOptions(options, extra = {}) {
  const known = [...Object.keys(NB_DEFAULTS), ...Object.keys(extra)];
  const o = { ...NB_DEFAULTS, ...extra, ...optionsObject(options ?? undefined, known) };
  o.ngrams = ngramRange(o.ngrams, 'ngrams', NGRAMS);
  o.charNgrams = charNgramRange(o.charNgrams);
  for (const spec of Object.values(NB_OPTIONS)) checkOption(spec, o[spec.key]);
  return o;
}

/** A C options handle holding checked options o; the caller destroys it. */
export function createOptions(o) {
  const w = wasm();
  check(w.ps_nb_options_create(outSlot(0)));
  const handle = readSlot(0);
  try {
    check(w.ps_nb_options_set_ngrams(handle, o.ngrams[0], o.ngrams[1]));
    if (o.charNgrams !== undefined) check(w.ps_nb_options_set_char_ngrams(handle, ...charNgramsToC(o.charNgrams)));
    for (const spec of Object.values(NB_OPTIONS)) {
      if (o[spec.key] !== undefined) check(w[setterOf('nb_options', spec)](handle, toC(spec, o[spec.key]))); // else C's default
    }
    return handle;
  } catch (error) {
    w.ps_nb_options_destroy(handle);
    throw error;
  }
}

/** Whether the C model handle's tokenizer reads text in NFC (unicodeCase: web/text.js nfc). */
export function readsNfc(model) {
  const w = wasm();
  return w.ps_nb_options_unicode_case(w.ps_nb_model_options(model)) !== 0;
}

/**
 * The options of a C options handle (borrowed), as training options: the kind only when not 'nb', the
 * logistic regression's only for kind 'nblr' (so NB's options read as they always have).
 */
export function readOptions(handle) {
  const w = wasm();
  const charNgrams = [w.ps_nb_options_char_ngram_min(handle), w.ps_nb_options_char_ngram_max(handle)];
  const o = { ngrams: [w.ps_nb_options_ngram_min(handle), w.ps_nb_options_ngram_max(handle)], charNgrams: charNgrams[1] ? charNgrams : false };
  for (const spec of Object.values(NB_OPTIONS)) o[spec.key] = fromC(spec, w[getterOf('nb_options', spec)](handle));
  if (o.kind !== 'nblr') for (const key of LINEAR_KEYS) delete o[key];
  if (o.kind === 'nb') delete o.kind;
  return o;
}

/** The tokenizer options newer than model format 1 in words, e.g. for `info` and the page's about box. */
export function tokenizerSummary(o) {
  const [min, max] = o.charNgrams || [];
  return [
    o.charNgrams ? `character ${min === max ? min : `${min}–${max}`}-grams of Chinese, Japanese, Thai and other scripts without spaces` : 'runs of scripts without spaces as words',
    o.emoji ? 'emoji and emoticons as tokens' : 'emoji ignored',
    o.unicodeCase ? 'Unicode case folding' : 'basic lower-casing',
    o.foldAccents ? 'accents folded' : 'accents kept',
  ].join(', ');
}
