// `palette-sentiment train`: a Naive Bayes model from a labelled TSV/CSV file, streamed.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { choiceFlag, columnFlags, integerFlag, parse } from '../lib/args.js';
import { DEFAULT_COLUMNS, expectedBytes, readRecords, refuseTerminal } from '../lib/records.js';
import { NaiveBayesTrainer, NB_DEFAULTS, PaletteSentimentError } from '../../web/index.js';
import { CHAR_NGRAMS, NB_OPTIONS as SPEC, NGRAMS } from '../../web/nb-options.js';
import { limit } from '../../web/validate.js';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { CliError, dataFailure, fsReason, usageError } from '../lib/errors.js';
import { formatBytes, inputName, thousands } from '../lib/format.js';
import { Progress } from '../lib/progress.js';
import { initWasm } from '../lib/wasm.js';

const ngramsText = ([min, max]) => (min === 1 ? `${max}` : `${min}-${max}`);
const choicesText = (choices) => `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;

export const summary = 'train a Naive Bayes text classifier from a labelled TSV/CSV file';

export const usage = `Usage: palette-sentiment train <data> -o <model.nbm> [options]

Trains a multinomial Naive Bayes model on the rows of <data>, a TSV or CSV file
with a header row ('.gz' or any gzip data is decompressed; '-' reads standard
input). The file is streamed: memory grows with the vocabulary, not the file.
Prints documents, classes, vocabulary, time and model size; on a terminal, a
progress bar on standard error while reading.

Options:
  -o, --output FILE     where to write the model (required). It is written to a
                        temporary file beside FILE, then renamed over it: a
                        failed run never leaves a partial model nor harms an
                        existing one
      --text COL        the column holding the text (default '${DEFAULT_COLUMNS.text}')
      --label COL       the column holding the label (default '${DEFAULT_COLUMNS.label}');
                        at least two distinct labels are needed
      --ngrams N|MIN-MAX  word n-grams, within ${NGRAMS.min}-${NGRAMS.max}: '2' means 1-2 (default ${ngramsText(NGRAMS.default)})
      --min-df N        drop tokens found in fewer than N documents (default ${SPEC.minDf.default})
      --max-features N  keep only the N most frequent tokens (default ${SPEC.maxFeatures.default}: all)
      --char-ngrams N|MIN-MAX|off  character n-grams, within ${CHAR_NGRAMS.min}-${CHAR_NGRAMS.max}, of
                        Chinese, Japanese and Thai, which are written without
                        spaces (default ${ngramsText(CHAR_NGRAMS.default)}); off: a run of them is one word
      --no-emoji        emoji and emoticons (:-) <3) separate words instead of
                        being tokens
      --no-unicode-case lower-case only ASCII, Latin-1, Latin Extended-A, basic
                        Greek and Cyrillic (as models of version 1 do) instead of
                        full Unicode case folding
      --fold-accents    fold accented letters to their base ('Café' -> 'cafe')
      --stopwords       remove English stop words
      --negation        mark words after a negation ('not good' -> 'not !good')
      --binary          count a token once per document (presence)
      --alpha A         additive smoothing, from ${limit(SPEC.alpha.min)} to ${limit(SPEC.alpha.max)} (default ${SPEC.alpha.default})
      --weight-bits B   ${choicesText(SPEC.weightBits.choices)} bits per stored weight (default ${SPEC.weightBits.default})
      --date DATE       the date stored in the model (YYYY-MM-DD or an ISO 8601
                        time); default: SOURCE_DATE_EPOCH when set, else none,
                        so the same data and options give the same file
      --meta KEY=VALUE  store a metadata string in the model (repeatable)
  -h, --help            show this help

Metadata stored: data (the file name), documents, options (JSON), date (if
any) and every --meta pair (a --meta key replaces a built-in one).

Exit status: 0 success, 1 the data or the output could not be processed
(missing file or column, corrupt gzip, one class only...), 2 usage error.

Examples:
  palette-sentiment train reviews.tsv.gz -o reviews.nbm --ngrams 1-3 --binary --min-df 3 --alpha 0.5 --weight-bits 8
  palette-sentiment train tickets.csv --text body --label team -o teams.nbm --meta source=helpdesk
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  text: { type: 'string' },
  label: { type: 'string' },
  ngrams: { type: 'string' },
  'min-df': { type: 'string' },
  'max-features': { type: 'string' },
  stopwords: { type: 'boolean' },
  negation: { type: 'boolean' },
  'char-ngrams': { type: 'string' },
  'no-emoji': { type: 'boolean' },
  'no-unicode-case': { type: 'boolean' },
  'fold-accents': { type: 'boolean' },
  binary: { type: 'boolean' },
  alpha: { type: 'string' },
  'weight-bits': { type: 'string' },
  date: { type: 'string' },
  meta: { type: 'string', multiple: true },
};

function ngramsFlag(value, flag = '--ngrams', limits = NGRAMS) {
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

function alphaFlag(value) {
  const text = String(value).trim();
  const alpha = Number(text);
  const { min, max } = SPEC.alpha;
  if (text === '' || !Number.isFinite(alpha) || alpha < min || alpha > max) {
    throw usageError(`--alpha must be a number from ${limit(min)} to ${limit(max)}, got '${value}'`);
  }
  return alpha;
}

/** The date to store: --date, else SOURCE_DATE_EPOCH, else null (never the clock). */
function dateFlag(value, env) {
  if (value !== undefined) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
    const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
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

function metaFlags(pairs = []) {
  const meta = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`--meta must be KEY=VALUE with a non-empty key, got '${pair}'`);
    meta[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return meta;
}

function parseCommandLine(argv, env) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length === 0) throw usageError('no data file given (use - to read standard input)');
  if (positionals.length > 1) throw usageError(`one data file only, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.output === undefined) throw usageError('no output file given (-o model.nbm)');
  if (values.output === '' || values.output === '-') throw usageError('-o must name a file');
  const options = {
    ngrams: values.ngrams === undefined ? [...NB_DEFAULTS.ngrams] : ngramsFlag(values.ngrams),
    alpha: values.alpha === undefined ? NB_DEFAULTS.alpha : alphaFlag(values.alpha),
    binary: Boolean(values.binary),
    minDf: values['min-df'] === undefined ? NB_DEFAULTS.minDf : integerFlag(values['min-df'], '--min-df', SPEC.minDf.min, SPEC.minDf.max),
    maxFeatures: values['max-features'] === undefined ? NB_DEFAULTS.maxFeatures : integerFlag(values['max-features'], '--max-features', SPEC.maxFeatures.min, SPEC.maxFeatures.max),
    stopwords: Boolean(values.stopwords),
    negation: Boolean(values.negation),
    charNgrams: charNgramsFlag(values['char-ngrams']),
    emoji: !values['no-emoji'],
    unicodeCase: !values['no-unicode-case'],
    foldAccents: Boolean(values['fold-accents']),
    weightBits: values['weight-bits'] === undefined ? NB_DEFAULTS.weightBits : Number(choiceFlag(values['weight-bits'], '--weight-bits', SPEC.weightBits.choices.map(String))),
  };
  const columns = columnFlags(values);
  return {
    data: positionals[0],
    output: values.output,
    columns,
    options,
    date: dateFlag(values.date, env),
    meta: metaFlags(values.meta),
  };
}

/** Fails early (before training) when the output cannot be written where asked. */
async function checkOutput(output) {
  const dir = path.dirname(path.resolve(output));
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
  } catch (error) {
    throw new CliError(`${output}: cannot write there (${path.dirname(output)}: ${fsReason(error)})`);
  }
  try {
    if ((await stat(output)).isDirectory()) throw new CliError(`${output}: is a directory`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error.code !== 'ENOENT') throw new CliError(`${output}: ${fsReason(error)}`);
  }
}

/** Streams the data into a trainer; returns the per-label document counts. */
async function feed(trainer, data, columns, progress) {
  const counts = new Map();
  let row = 1; // the header is row 1, as in readRecords' messages
  for await (const batch of readRecords(data, { ...columns, batchSize: 1000, onBytes: (n) => progress.bytes(n) })) {
    for (const record of batch) {
      row++;
      if (record.label.trim() === '') throw new CliError(`row ${row} has an empty '${columns.label}' label`);
      counts.set(record.label, (counts.get(record.label) ?? 0) + 1);
    }
    trainer.addMany(batch);
    progress.documents(row - 1);
  }
  return counts;
}

export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv, ctx.env);
  const { data, output, columns, options } = parsed;
  const started = performance.now();
  let trainer = null;
  let model = null;
  const progress = new Progress(ctx.stderr, { total: expectedBytes(data) });
  try {
    refuseTerminal(data, ctx.stdin);
    await initWasm();
    await checkOutput(output);
    trainer = new NaiveBayesTrainer(options);
    let counts;
    try {
      counts = await feed(trainer, data, columns, progress);
    } catch (error) {
      throw dataFailure(data, error);
    } finally {
      progress.done();
    }
    const name = inputName(data);
    if (counts.size === 0) throw new CliError(`${name}: no data rows after the header`);
    if (counts.size === 1) {
      throw new CliError(`${name}: the '${columns.label}' column has one class only ('${[...counts.keys()][0]}'); at least two are needed`);
    }
    const readMs = performance.now() - started;
    const seen = trainer.vocabularySize;
    const metadata = {
      data: data === '-' ? 'stdin' : path.basename(data),
      documents: String(trainer.documents),
      options: JSON.stringify(options),
      ...(parsed.date ? { date: parsed.date } : {}),
      ...parsed.meta,
    };
    model = trainer.finish({ metadata });
    trainer.dispose();
    trainer = null;
    const bytes = model.save();
    const info = model.info();
    await writeFileAtomic(output, bytes);
    const totalMs = performance.now() - started;
    const classes = info.classes.map((c) => `${c.label} (${thousands(c.documents)})`).join(', ');
    const gz = gzipSync(bytes, { level: 9 }).length;
    ctx.stdout.write([
      `documents   ${thousands(info.classes.reduce((n, c) => n + c.documents, 0))}`,
      `classes     ${info.classes.length}: ${classes}`,
      `vocabulary  ${thousands(info.vocabularySize)} tokens kept of ${thousands(seen)} seen`,
      `time        ${(totalMs / 1000).toFixed(2)} s (reading and counting ${(readMs / 1000).toFixed(2)} s)`,
      `model       ${output}: ${thousands(bytes.length)} bytes (${formatBytes(bytes.length)}; gzip -9 ${formatBytes(gz)})`,
      '',
    ].join('\n'));
    return 0;
  } catch (error) {
    throw error instanceof PaletteSentimentError ? new CliError(error.message) : error;
  } finally {
    trainer?.dispose();
    model?.dispose();
  }
}
