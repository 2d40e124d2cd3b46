// `palette-sentiment train`: a Naive Bayes model, or with --partial its counts,
// from a labelled TSV/CSV file, streamed, within a memory budget, on every core.
import { columnFlags, DEFAULT_COLUMNS, outputFlag, parse } from '../lib/args.js';
import { expectedBytes, refuseTerminal } from '../lib/records.js';
import { NaiveBayes, NaiveBayesTrainer, PaletteSentimentError } from '../../web/node.js';
import { MEMORY_NEEDED, WRITE_LENT } from '../../web/nb-trainer.js';
import { countParallel, jobsWithin, trainParallel, trainParallelSaved } from '../../web/node/parallel-train.js';
import { NGRAMS } from '../../web/nb-options.js';
import { checkOutput, summaryStream, createFileAtomic } from '../lib/atomic-write.js';
import { CliError, dataFailure, temporaryFailure, usageError } from '../lib/errors.js';
import { batchesAgain, checkClasses, classesText, labelledBatches } from '../lib/labelled.js';
import { countsSummary, modelSummary } from '../lib/model-summary.js';
import {
  KIND_FLAGS, KIND_USAGE, METADATA_FLAGS, METADATA_USAGE, PRUNING_FLAGS, PRUNING_USAGE, TOKENIZER_FLAGS, TOKENIZER_USAGE, jobsFlag, kindFlags,
  memoryFlag, metadataFlags, ngramsText, trainingFlags,
} from '../lib/nb-flags.js';
import { CALIBRATION_KEYS, calibrateOn, holdOut, isHeldOut } from '../lib/calibrate.js';
import { Progress } from '../lib/progress.js';
import { formatBytes, inputName } from '../lib/format.js';
import { initWasm } from '../lib/wasm.js';

const DEFAULT_MEMORY = '256M';
const ONE_JOB_BELOW = 4 << 20; // bytes of text: starting workers costs more than it saves

export const summary = 'train a Naive Bayes (or NB-weighted logistic regression) text classifier from a labelled TSV/CSV file';

export const usage = `Usage: palette-sentiment train <data> -o <model.nbm> [options]
       palette-sentiment train <data> --partial -o <counts.nbc> [options]

Trains a model (multinomial Naive Bayes unless --kind says otherwise) on the
rows of <data>, a TSV or CSV file with a header row ('.gz' or any gzip data is decompressed; '-' reads standard
input). The file is streamed, and the counts stay within --memory: beyond it
they are written to temporary files (in TMPDIR, removed at the end, on failure
and on Ctrl-C) and merged at the end, into the same model. Prints documents,
classes, vocabulary, time and model size; on a terminal, a progress bar on
standard error while reading.

Options:
  -o, --output FILE     where to write the model (required). It is written to a
                        temporary file beside FILE, then renamed over it: a
                        failed run never leaves a partial model nor harms an
                        existing one
      --text COL        the column holding the text (default '${DEFAULT_COLUMNS.text}')
      --label COL       the column holding the label (default '${DEFAULT_COLUMNS.label}');
                        at least two distinct labels are needed
      --ngrams N|MIN-MAX  word n-grams, within ${NGRAMS.min}-${NGRAMS.max}: '2' means 1-2 (default ${ngramsText(NGRAMS.default)})
${PRUNING_USAGE}
${TOKENIZER_USAGE}
      --stopwords       remove English stop words
      --negation        mark words after a negation ('not good' -> 'not !good')
      --binary          count a token once per document (presence; kind nblr
                        always counts presences)
${KIND_USAGE}
${METADATA_USAGE}
      --memory SIZE     the counts' memory budget, such as 256M or 2G (default
                        ${DEFAULT_MEMORY}; at least 1M). Shared by the --jobs workers,
                        each taking 1.5G at most (one WebAssembly memory)
  -j, --jobs N          worker threads counting in parallel, 1 to 256 (default:
                        the number of cores; one for inputs under 4 MiB; at
                        most one per MiB of --memory). The model is the same
                        for every N
      --partial         write the counts (a count file, FORMAT.md) instead of a
                        model: shards trained apart are combined with
                        'palette-sentiment merge' and made into a model with
                        'palette-sentiment finish', the same model as training
                        on all the data at once
  -h, --help            show this help

Metadata stored: data (the file name), documents, options (JSON), date (if
any) and every --meta pair (a --meta key replaces a built-in one).

Exit status: 0 success, 1 the data or the output could not be processed
(missing file or column, corrupt gzip, one class only, a full disk...), 2
usage error.

Examples:
  palette-sentiment train reviews.tsv.gz -o reviews.nbm --ngrams 1-3 --binary --min-df 3 --alpha 0.5 --weight-bits 8
  palette-sentiment train tickets.csv --text body --label team -o teams.nbm --meta source=helpdesk
  palette-sentiment train huge.tsv.gz -o huge.nbm --memory 1G --jobs 8
  palette-sentiment train reviews.tsv.gz -o lr.nbm --kind nblr --ngrams 1-3 --min-df 2 --l2 5 --nb-mix 0.05 --pieces 1 --calibrate length
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  text: { type: 'string' },
  label: { type: 'string' },
  ngrams: { type: 'string' },
  ...PRUNING_FLAGS,
  ...TOKENIZER_FLAGS,
  stopwords: { type: 'boolean' },
  negation: { type: 'boolean' },
  binary: { type: 'boolean' },
  ...KIND_FLAGS,
  ...METADATA_FLAGS,
  memory: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  partial: { type: 'boolean' },
};

function parseCommandLine(argv, env) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length === 0) throw usageError('no data file given (use - to read standard input)');
  if (positionals.length > 1) throw usageError(`one data file only, got ${positionals.length}: ${positionals.join(' ')}`);
  const partial = Boolean(values.partial);
  const { calibrate } = kindFlags(values);
  const options = trainingFlags(values);
  if (options.kind === 'nblr') options.binary = true;
  if (options.kind === 'nblr' && positionals[0] === '-') throw usageError('--kind nblr reads the data once per epoch: give a file, not standard input');
  if (partial && options.kind && options.kind !== 'nb') throw usageError(`--partial writes counts, which every kind shares: give --kind ${options.kind} to finish${options.kind === 'nblr' ? ' (and count with --binary)' : ''}`);
  if (partial && calibrate) throw usageError('--calibrate holds rows out of training, so it cannot take --partial: train without it, or calibrate the finished model with model.calibrate() in JS');
  return {
    data: positionals[0],
    output: outputFlag(values.output, partial ? 'counts.nbc' : 'model.nbm'),
    columns: columnFlags(values),
    options,
    calibrate,
    metadataOf: metadataFlags(values, env, calibrate ? CALIBRATION_KEYS : []),
    memoryLimit: memoryFlag(values.memory ?? DEFAULT_MEMORY),
    jobs: jobsFlag(values.jobs),
    partial,
  };
}

/** The counts of every document, on one trainer or on `jobs` workers; returns the documents and distinct tokens. */
async function countInto(sink, batches, options, jobs) {
  if (jobs > 1) return countParallel(batches, options, jobs, sink, { keepWorkers: false }); // one training a process
  const trainer = new NaiveBayesTrainer(options);
  try {
    for await (const batch of batches) trainer.addMany(batch);
    return { documents: trainer.documents, distinctTokens: trainer[WRITE_LENT](sink) }; // sink writes to the file at once
  } finally {
    trainer.dispose();
  }
}

/** The model of every document, on one trainer or on `jobs` workers; stats.distinctTokens gets the tokens seen. */
async function trainModel(batches, options, jobs, metadataFor, stats) {
  if (jobs > 1) return trainParallel(batches, options, jobs, { stats, metadataFor, keepWorkers: false }); // one training a process
  const trainer = new NaiveBayesTrainer(options);
  try {
    for await (const batch of batches) trainer.addMany(batch);
    const model = trainer.finish({ metadata: metadataFor({ documents: trainer.documents }) });
    stats.distinctTokens = trainer.distinctTokens;
    return model;
  } finally {
    trainer.dispose();
  }
}

/** calibrateOn's metadata; held-out rows that cannot calibrate the model are the input's failure, in one line. */
function calibrated(model, heldOut, calibrate, data) {
  try {
    return calibrateOn(model, heldOut, { lengthAware: calibrate === 'length' });
  } catch (error) {
    if (!(error instanceof RangeError && error.message.startsWith('calibrate: '))) throw error;
    throw new CliError(`${inputName(data)}: --calibrate, on the rows held out: ${error.message.slice('calibrate: '.length)}`);
  }
}

/** metadataFor({documents}), as the trainings take it: checks the classes read, then gives the model's metadata. */
function metadataFor(parsed, source) {
  const { data, options, columns } = parsed;
  return ({ documents }) => {
    checkClasses(data, source.counts, columns.label, { model: true });
    return parsed.metadataOf({ data, documents, options });
  };
}

/** The model of the flags: counts (of kind nblr: its ratios, then its epochs), then the calibration. */
async function fitModel(parsed, source, jobs, stats) {
  const { data, options, columns, calibrate } = parsed;
  const split = calibrate ? holdOut(source.batches) : { batches: source.batches, heldOut: null };
  let documents = 0;
  const metadataOf = metadataFor(parsed, source);
  const counted = (counts) => {
    documents = counts.documents;
    return metadataOf(counts);
  };
  const linear = options.kind === 'nblr';
  const counts = linear ? { ...options, ...NaiveBayes.RATIOS } : options;
  let model = await trainModel(split.batches, { ...counts, memoryLimit: parsed.memoryLimit }, jobs, counted, stats);
  try {
    if (calibrate && split.heldOut.length === 0) {
      throw new CliError(`${inputName(data)}: --calibrate holds out every 10th row, and ${documents} rows give none; at least 10 are needed`);
    }
    if (linear) {
      const ratios = model;
      model = null;
      try {
        const pass = () => batchesAgain(data, columns, calibrate ? isHeldOut : null);
        model = await NaiveBayes.trainLinear(ratios, pass, { ...options, metadata: metadataOf({ documents }) });
      } finally {
        ratios.dispose();
      }
    }
    if (calibrate) {
      for (const [key, value] of Object.entries(calibrated(model, split.heldOut, calibrate, data))) model.setMetadata(key, value);
    }
    return model;
  } catch (error) {
    model?.dispose();
    throw error;
  }
}

/**
 * The model of the flags as saved, and its info(). A model of counts alone (NB, not calibrated) on workers
 * comes as the first worker saved it: loading it here would cost 80-100 ms for nothing.
 */
async function savedModel(parsed, source, jobs, stats) {
  if (jobs > 1 && !parsed.calibrate && parsed.options.kind !== 'nblr') {
    const options = { ...parsed.options, memoryLimit: parsed.memoryLimit };
    return trainParallelSaved(source.batches, options, jobs, { stats, metadataFor: metadataFor(parsed, source), keepWorkers: false });
  }
  const model = await fitModel(parsed, source, jobs, stats);
  try {
    return { bytes: model.save(), info: model.info() };
  } finally {
    model.dispose();
  }
}

async function writeModel(parsed, source, jobs, started) {
  const { output } = parsed;
  const stats = {};
  const { bytes, info } = await savedModel(parsed, source, jobs, stats);
  const readMs = source.readAt() - started;
  const out = createFileAtomic(output, 'the model');
  out.write(bytes);
  await out.commit();
  return modelSummary({
    info, bytes, output, seen: stats.distinctTokens, totalMs: performance.now() - started, readMs, readWhat: 'reading and counting',
  });
}

async function writeCounts(parsed, source, jobs, started) {
  const { data, output, options, columns } = parsed;
  const out = createFileAtomic(output, 'the counts');
  let size = 0;
  try {
    const sink = (chunk) => { out.write(chunk); size += chunk.length; };
    const { documents, distinctTokens } = await countInto(sink, source.batches, { ...options, memoryLimit: parsed.memoryLimit }, jobs);
    checkClasses(data, source.counts, columns.label, { model: false });
    const readMs = source.readAt() - started;
    await out.commit();
    return countsSummary({
      documents, classes: `${source.counts.size}: ${classesText(source.counts)}`, tokens: distinctTokens, output, size,
      totalMs: performance.now() - started, readMs, readWhat: 'reading and counting',
    });
  } catch (error) {
    out.abort();
    throw error;
  }
}

/**
 * What the longest document of the input needs on its own, in a trainer of all its labels: the input is read to
 * its end (what training did not reach; standard input too); 0 when it does not read to its end.
 */
async function longestNeed({ options }, source) {
  const all = await source.longestOfAll();
  if (!all) return 0;
  const trainer = new NaiveBayesTrainer({ ...options, kind: undefined });
  try {
    for (const label of all.labels) trainer.add('', label);
    return trainer[MEMORY_NEEDED](all.longest, false);
  } finally {
    trainer.dispose();
  }
}

/**
 * The error of a --memory too small for a document (needed: what it needs in all the jobs that ran): it names the
 * --memory that takes the longest document of the input, read to its end, in each of the jobs asked for (fewer
 * may have run in the --memory given), so that the next run stops neither at it nor at a later one.
 */
async function tooLittleMemory(parsed, source, needed) {
  const { data, askedJobs: jobs } = parsed;
  const longest = await longestNeed(parsed, source);
  const perJob = Math.max(needed / parsed.jobs, longest);
  const which = longest > needed / parsed.jobs ? 'the longest document' : 'a document';
  const each = jobs > 1 ? ` in each of ${jobs} jobs` : '';
  const fit = Math.min(jobs - 1, Math.floor(parsed.memoryLimit / perJob), jobsWithin(jobs, parsed.memoryLimit)); // fewer jobs that fit in it
  return new CliError(`${inputName(data)}: ${which} needs up to ${formatBytes(perJob)} of training memory${each}, more than --memory `
    + `${formatBytes(parsed.memoryLimit)}${jobs > 1 ? ` shared by ${jobs} jobs` : ''}: give at least --memory ${Math.ceil((perJob * jobs) / 2 ** 20)}M`
    + `${fit >= 1 ? `, or --jobs ${fit}` : ''}`);
}

export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv, ctx.env);
  const { data, output } = parsed;
  const started = performance.now();
  const total = expectedBytes(data);
  if (total !== null && total < ONE_JOB_BELOW) parsed.jobs = 1;
  parsed.askedJobs = parsed.jobs;
  parsed.jobs = jobsWithin(parsed.jobs, parsed.memoryLimit);
  const progress = new Progress(ctx.stderr, { total });
  let source = null;
  try {
    refuseTerminal(data, ctx.stdin);
    await initWasm();
    checkOutput(output, [data]);
    source = labelledBatches(data, parsed.columns, progress);
    const write = parsed.partial ? writeCounts : writeModel;
    const summary = await write(parsed, source, parsed.jobs, started);
    summaryStream(output, ctx).write(summary);
    return 0;
  } catch (error) {
    if (error?.temporary) throw temporaryFailure(error, parsed.jobs);
    if (error?.memoryNeeded) throw await tooLittleMemory(parsed, source, error.memoryNeeded);
    if (error instanceof CliError) throw error;
    if (error instanceof PaletteSentimentError) throw dataFailure(data, error);
    throw error;
  } finally {
    await source?.close();
  }
}
