// `palette-sentiment finish`: a model from count files (train --partial, merge).
import { columnFlags, outputFlag, parse } from '../lib/args.js';
import { NaiveBayes, PaletteSentimentError } from '../../web/node.js';
import { finishCounts } from '../../web/nb-counts.js';
import { createOptions, readOptions } from '../../web/nb-options.js';
import { modelOf } from '../../web/naive-bayes.js';
import { checkOutput, summaryStream, writeFileAtomic } from '../lib/atomic-write.js';
import { checkCountFiles, countReaders } from '../lib/count-files.js';
import { CliError, dataFailure, usageError } from '../lib/errors.js';
import { batchesAgain, classesText, labelledBatches } from '../lib/labelled.js';
import { inputName, oneLine } from '../lib/format.js';
import { fmtInt } from '../../web/format.js';
import { modelSummary } from '../lib/model-summary.js';
import { Progress } from '../lib/progress.js';
import {
  KIND_FLAGS, KIND_USAGE, METADATA_FLAGS, METADATA_USAGE, PRUNING_FLAGS, PRUNING_USAGE, kindFlags, metadataFlags, pruningFlags,
} from '../lib/nb-flags.js';
import { initWasm } from '../lib/wasm.js';

export const summary = 'make a Naive Bayes model of count files (train --partial, merge)';

export const usage = `Usage: palette-sentiment finish <counts.nbc>... -o <model.nbm> [options]

Makes a model of count files written by 'palette-sentiment train --partial' or
'palette-sentiment merge': several files are merged first. It prunes and
weights the counts with the options they were trained with, or with those
given here. The model is the one 'palette-sentiment train' makes of the same
documents with the same options, byte for byte (given the same metadata).

Options:
  -o, --output FILE     where to write the model (required), through a temporary
                        file beside it: a failed run leaves no partial model and
                        an existing FILE untouched
${PRUNING_USAGE.replaceAll('(default', '(default: as trained; train\'s default')}
${KIND_USAGE.split('\n      --calibrate')[0]}
      --data FILE       --kind nblr: the labelled TSV/CSV file the counts were
                        made of (with --binary), read once per epoch; a file of
                        other labels or numbers of documents is refused
      --text COL        --data's text column (default 'review')
      --label COL       --data's label column (default 'sentiment')
${METADATA_USAGE}
  -h, --help            show this help

Metadata stored: data (the name of the count file, or of the first and how
many more), documents, options (JSON), date (if any) and every --meta pair (a
--meta key replaces a built-in one, e.g. --meta data=reviews.tsv.gz).

Exit status: 0 success, 1 a file could not be read or written, or the files do
not go together, 2 usage error.

Example:
  palette-sentiment finish all.nbc -o model.nbm --min-df 3 --max-features 200000 --weight-bits 8
`;

const OPTIONS = {
  output: { type: 'string', short: 'o' }, ...PRUNING_FLAGS, ...KIND_FLAGS, data: { type: 'string' }, text: { type: 'string' },
  label: { type: 'string' }, ...METADATA_FLAGS,
};

function dataName(files) {
  return files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more`;
}

const total = (counts) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * The batches of labelledBatches' source for file, checked on the way to be the documents `counts` (label →
 * documents) were made of: each label as it comes, the documents of each (the source's own tally) at the end.
 */
async function* sameDocuments(source, counts, file) {
  const notThem = '--data must be the file the counts were made of';
  let row = 1; // the header, as labelledBatches counts rows
  for await (const batch of source.batches) {
    for (const { label } of batch) {
      row++;
      if (!counts.has(label)) {
        throw new CliError(`${inputName(file)}: row ${row} has the label '${oneLine(label)}', which the counts do not have (${[...counts.keys()].map(oneLine).join(', ')}): ${notThem}`);
      }
    }
    yield batch;
  }
  const seen = source.counts;
  if ([...counts].some(([label, documents]) => seen.get(label) !== documents)) {
    throw new CliError(`${inputName(file)}: holds ${fmtInt(total(seen))} documents, ${classesText(seen)}; the counts `
      + `${fmtInt(total(counts))}, ${classesText(counts)}: ${notThem}`);
  }
}

/** The --data file's batches, once per epoch of the regression; the first pass checks them against the counts. */
function dataEpochs(file, columns, counts) {
  let first = true;
  return () => {
    if (!first) return batchesAgain(file, columns);
    first = false;
    return sameDocuments(labelledBatches(file, columns, new Progress(null)), counts, file);
  };
}

export async function run(argv, ctx) {
  const { values, positionals } = parse(argv, OPTIONS);
  checkCountFiles(positionals);
  const output = outputFlag(values.output, 'model.nbm');
  const overrides = pruningFlags(values);
  const { options: kind, calibrate } = kindFlags(values);
  if (calibrate) throw usageError('--calibrate is train\'s: it holds rows out of the counts');
  if ((kind.kind === 'nblr') !== (values.data !== undefined)) throw usageError('--kind nblr and --data FILE go together');
  if (values.data === '-') throw usageError('--data must be a file: it is read once per epoch');
  const columns = columnFlags(values);
  const metadataOf = metadataFlags(values, ctx.env);
  const started = performance.now();
  await initWasm();
  checkOutput(output, [...positionals, ...(values.data === undefined ? [] : [values.data])]);
  let options = null;
  let model = null;
  try {
    const { model: handle, tokens } = finishCounts(countReaders(positionals), (trained) => {
      options = { ...readOptions(trained), ...overrides, ...kind };
      if (kind.kind === 'nblr' && !options.binary) {
        throw new CliError(`${dataName(positionals)}: counted without --binary, but --kind nblr learns from presences, `
          + 'as train --kind nblr does: count with \'palette-sentiment train --partial --binary\'');
      }
      return createOptions(kind.kind === 'nblr' ? { ...options, ...NaiveBayes.RATIOS } : options);
    });
    model = modelOf(handle);
    if (kind.kind === 'nblr') {
      const ratios = model;
      model = null;
      try {
        const counts = new Map(ratios.info().classes.map(({ label, documents }) => [label, documents]));
        model = await NaiveBayes.trainLinear(ratios, dataEpochs(values.data, columns, counts), options);
      } catch (error) {
        throw error instanceof PaletteSentimentError ? dataFailure(values.data, error) : error; // read errors name it already
      } finally {
        ratios.dispose();
      }
    }
    const readMs = performance.now() - started;
    const documents = model.info().classes.reduce((n, c) => n + c.documents, 0);
    for (const [key, value] of Object.entries(metadataOf({ data: dataName(positionals), documents, options }))) {
      model.setMetadata(key, value);
    }
    const bytes = model.save();
    await writeFileAtomic(output, bytes);
    summaryStream(output, ctx).write(modelSummary({
      info: model.info(), bytes, output, seen: tokens, totalMs: performance.now() - started, readMs, readWhat: 'merging and pruning',
    }));
    return 0;
  } catch (error) {
    // an error about one count file names it already; NB_NO_DATA and the like are about them all
    if (error instanceof PaletteSentimentError) throw new CliError(error.input ? error.message : `${dataName(positionals)}: ${error.message}`);
    throw error;
  } finally {
    model?.dispose();
  }
}
