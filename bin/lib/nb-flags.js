// The Naive Bayes flags that train, finish and merge share: option values
// checked against the C library's ranges (web/nb-options.js), the model's
// metadata, the memory budget and the number of worker threads.
import os from 'node:os';
import path from 'node:path';
import { NB_DEFAULTS } from '../../web/index.js';
import { CHAR_NGRAMS, NB_OPTIONS as SPEC, NGRAMS } from '../../web/nb-options.js';
import { KINDS } from '../../web/option-spec.js';
import { C } from '../../web/c-constants.js';
import { limit, utf8Length } from '../../web/validate.js';
import { choiceFlag, integerFlag } from './args.js';
import { usageError } from './errors.js';

export const ngramsText = ([min, max]) => (min === 1 ? `${max}` : `${min}-${max}`);
export const choicesText = (choices) => `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
export const defaultJobs = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** The flags that prune and weight a model: train sets them, finish overrides them. */
export const PRUNING_FLAGS = {
  'min-df': { type: 'string' },
  'max-features': { type: 'string' },
  alpha: { type: 'string' },
  'weight-bits': { type: 'string' },
};

export const PRUNING_USAGE = `      --min-df N        drop tokens found in fewer than N documents (default ${SPEC.minDf.default})
      --max-features N  keep only the N most frequent tokens (default ${SPEC.maxFeatures.default}: all)
      --alpha A         additive smoothing, from ${limit(SPEC.alpha.min)} to ${limit(SPEC.alpha.max)} (default ${SPEC.alpha.default})
      --weight-bits B   ${choicesText(SPEC.weightBits.choices)} bits per stored weight (default ${SPEC.weightBits.default})`;

export const METADATA_FLAGS = {
  date: { type: 'string' },
  meta: { type: 'string', multiple: true },
};

export const METADATA_USAGE = `      --date DATE       the date stored in the model (YYYY-MM-DD or an ISO 8601
                        time); default: SOURCE_DATE_EPOCH when set, else none,
                        so the same data and options give the same file
      --meta KEY=VALUE  store a metadata string in the model (repeatable)`;

/** The tokenizer's flags for text in other languages (train only: they are fixed in the counts). */
export const TOKENIZER_FLAGS = {
  'char-ngrams': { type: 'string' },
  'no-emoji': { type: 'boolean' },
  'no-unicode-case': { type: 'boolean' },
  'fold-accents': { type: 'boolean' },
};

export const TOKENIZER_USAGE = `      --char-ngrams N|MIN-MAX|off  character n-grams, within ${CHAR_NGRAMS.min}-${CHAR_NGRAMS.max}, of
                        Chinese, Japanese, Thai, Lao, Khmer and Myanmar, which are
                        written without spaces (default ${ngramsText(CHAR_NGRAMS.default)}); off: a run of them
                        is one word
      --no-emoji        emoji and emoticons (:-) <3) separate words instead of
                        being tokens
      --no-unicode-case lower-case only ASCII, Latin-1, Latin Extended-A, basic
                        Greek and Cyrillic, with the word characters of format 1,
                        instead of full Unicode case folding and word rules
      --fold-accents    fold accented letters to their base ('Café' -> 'cafe')`;

export function ngramsFlag(value, flag = '--ngrams', limits = NGRAMS) {
  const match = /^\s*(\d)\s*(?:-\s*(\d)\s*)?$/.exec(value);
  const [min, max] = match ? (match[2] === undefined ? [1, Number(match[1])] : [Number(match[1]), Number(match[2])]) : [];
  if (!match || min < limits.min || max > limits.max || min > max) {
    throw usageError(`${flag} must be N or MIN-MAX with ${limits.min} <= MIN <= MAX <= ${limits.max}${flag === '--ngrams' ? '' : ', or off'}, got '${value}'`);
  }
  return [min, max];
}

function charNgramsFlag(value) {
  if (value === undefined) return [...CHAR_NGRAMS.default];
  return value.trim() === 'off' ? false : ngramsFlag(value, '--char-ngrams', CHAR_NGRAMS);
}

/** The pruning and weighting options given on the command line (only those given). */
export function pruningFlags(values) {
  const given = {};
  if (values['min-df'] !== undefined) given.minDf = integerFlag(values['min-df'], '--min-df', SPEC.minDf.min, SPEC.minDf.max);
  if (values['max-features'] !== undefined) {
    given.maxFeatures = integerFlag(values['max-features'], '--max-features', SPEC.maxFeatures.min, SPEC.maxFeatures.max);
  }
  if (values.alpha !== undefined) given.alpha = numberFlag(values.alpha, '--alpha', SPEC.alpha.min, SPEC.alpha.max);
  if (values['weight-bits'] !== undefined) {
    given.weightBits = Number(choiceFlag(values['weight-bits'], '--weight-bits', SPEC.weightBits.choices.map(String)));
  }
  return given;
}

/** The flags of the model kind and of the logistic regression (kind nblr). */
export const KIND_FLAGS = {
  kind: { type: 'string' },
  l2: { type: 'string' },
  epochs: { type: 'string' },
  'nb-mix': { type: 'string' },
  seed: { type: 'string' },
  pieces: { type: 'string' },
  calibrate: { type: 'string' },
};

export const KIND_USAGE = `      --kind K          ${choicesText(Object.keys(KINDS))}: multinomial Naive Bayes (default),
                        NB-weighted logistic regression (reads the data once
                        more per epoch: a file, not standard input) or
                        Complement Naive Bayes
      --l2 L            nblr: L2 strength (1/C), from ${limit(SPEC.l2.min)} to ${limit(SPEC.l2.max)} (default ${SPEC.l2.default})
      --epochs N        nblr: passes over the data, ${SPEC.epochs.min}-${SPEC.epochs.max} (default ${SPEC.epochs.default})
      --nb-mix M        nblr: share of the NB log-odds kept in the scores, 0-1 (default ${SPEC.nbMix.default})
      --pieces N        nblr: also learn from N sentence pieces of each document
                        per epoch, ${SPEC.pieces.min}-${SPEC.pieces.max} (default ${SPEC.pieces.default}; short-text robustness)
      --seed S          nblr: the order documents are learned in (default ${SPEC.seed.default})
      --calibrate HOW   temperature or length: fit the probabilities' calibration
                        on every 10th row (at most 10,000 rows), held out of
                        training (length: also on their first 200 characters
                        and a sentence of each); stores it and its ECE in the model`;

// a decimal number, as written in a paper or a config: Number() alone would also take 0x10, 0b11 and ''
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function numberFlag(value, flag, min, max) {
  const text = String(value).trim();
  const x = Number(text);
  if (!DECIMAL.test(text) || x < min || x > max) throw usageError(`${flag} must be a number from ${limit(min)} to ${limit(max)}, got '${value}'`);
  return x;
}

/** The kind and logistic-regression options of the flags (those of nblr only for kind nblr), and calibrate. */
export function kindFlags(values) {
  const kind = values.kind === undefined ? NB_DEFAULTS.kind : choiceFlag(values.kind, '--kind', Object.keys(KINDS));
  const linear = ['l2', 'epochs', 'nb-mix', 'seed', 'pieces'].filter((flag) => values[flag] !== undefined);
  if (kind !== 'nblr' && linear.length) throw usageError(`--${linear[0]} is an option of --kind nblr`);
  const options = kind === 'nb' ? {} : { kind };
  if (kind === 'nblr') {
    const v = (flag, key, parse) => (values[flag] === undefined ? NB_DEFAULTS[key] : parse(values[flag], `--${flag}`, SPEC[key].min, SPEC[key].max));
    Object.assign(options, {
      l2: v('l2', 'l2', numberFlag), epochs: v('epochs', 'epochs', integerFlag), nbMix: v('nb-mix', 'nbMix', numberFlag),
      seed: v('seed', 'seed', integerFlag), pieces: v('pieces', 'pieces', integerFlag),
    });
  }
  const calibrate = values.calibrate === undefined ? null : choiceFlag(values.calibrate, '--calibrate', ['temperature', 'length']);
  return { options, calibrate };
}

/** The training options of train's flags, in the order the model's `options` metadata lists them (NB_DEFAULTS's, as finish reads them). */
export function trainingFlags(values) {
  const given = pruningFlags(values);
  return {
    ngrams: values.ngrams === undefined ? [...NB_DEFAULTS.ngrams] : ngramsFlag(values.ngrams),
    charNgrams: charNgramsFlag(values['char-ngrams']),
    alpha: given.alpha ?? NB_DEFAULTS.alpha,
    binary: Boolean(values.binary),
    minDf: given.minDf ?? NB_DEFAULTS.minDf,
    maxFeatures: given.maxFeatures ?? NB_DEFAULTS.maxFeatures,
    stopwords: Boolean(values.stopwords),
    negation: Boolean(values.negation),
    emoji: !values['no-emoji'],
    unicodeCase: !values['no-unicode-case'],
    foldAccents: Boolean(values['fold-accents']),
    weightBits: given.weightBits ?? NB_DEFAULTS.weightBits,
    ...kindFlags(values).options,
  };
}

/** Whether YYYY-MM-DD is a day of the calendar: Date.parse takes 2023-02-31 for March 3. */
function isCalendarDay(day) {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

/** The date to store: --date, else SOURCE_DATE_EPOCH, else null (never the clock). */
function dateFlag(value, env) {
  if (value !== undefined) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && isCalendarDay(value)) return value;
    const time = /^\d{4}-\d{2}-\d{2}T/.test(value) && isCalendarDay(value.slice(0, 10)) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) throw usageError(`--date must be YYYY-MM-DD or an ISO 8601 time, got '${value}'`);
    return new Date(time).toISOString().replace('.000Z', 'Z');
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return null;
  if (!/^\d+$/.test(epoch) || !Number.isSafeInteger(Number(epoch) * 1000)) {
    throw usageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, got '${epoch}'`);
  }
  return new Date(Number(epoch) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The --meta pairs as an object, within the model's limits together with the `builtIn` keys the command sets. */
function metaFlags(pairs = [], builtIn) {
  const entries = new Map(); // a Map, then fromEntries: a key may be any string, '__proto__' included
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`--meta must be KEY=VALUE with a non-empty key, got '${pair}'`);
    const [key, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (utf8Length(key) > C.NB_MAX_META_KEY) throw usageError(`--meta keys must be at most ${C.NB_MAX_META_KEY} bytes of UTF-8, got ${utf8Length(key)}`);
    if (utf8Length(value) > C.NB_MAX_META_VALUE) {
      throw usageError(`--meta values must be at most ${C.NB_MAX_META_VALUE} bytes of UTF-8, got ${utf8Length(value)} for '${key}'`);
    }
    entries.set(key, value);
  }
  const meta = Object.fromEntries(entries);
  const count = new Set([...builtIn, ...Object.keys(meta)]).size;
  if (count > C.NB_MAX_META) {
    throw usageError(`a model holds at most ${C.NB_MAX_META} metadata entries: ${entries.size} --meta keys and `
      + `${builtIn.length} built-in ones make ${count}`);
  }
  return meta;
}

/**
 * A function of {data, documents, options} giving the model's metadata: the built-in keys, then --date and --meta.
 * `moreKeys` are those the command sets besides (calibration's), counted against the model's limit on entries.
 */
export function metadataFlags(values, env, moreKeys = []) {
  const date = dateFlag(values.date, env);
  const meta = metaFlags(values.meta, ['data', 'documents', 'options', ...(date ? ['date'] : []), ...moreKeys]);
  return ({ data, documents, options }) => ({
    data: data === '-' ? 'stdin' : path.basename(data),
    documents: String(documents),
    options: JSON.stringify(options),
    ...(date ? { date } : {}),
    ...meta,
  });
}

const UNITS = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
export const MIN_MEMORY = 2 ** 20;

/** --memory SIZE: bytes, or a number with K, M, G or T (powers of 1024; 'KiB', 'MB'... accepted). */
export function memoryFlag(value) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2].toUpperCase()]) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < MIN_MEMORY) {
    throw usageError(`--memory must be a size of at least 1M, such as 256M or 2G, got '${value}'`);
  }
  return bytes;
}

export function jobsFlag(value) {
  return value === undefined ? defaultJobs() : integerFlag(value, '--jobs', 1, 256);
}
