// `make model`: builds the shipped model models/imdb-sentiment.nbm, bit for bit;
// `make model-zh` (`node scripts/build-model.mjs zh`) the Chinese example
// models/zh-waimai-sentiment.nbm from ../shared/data/zh/waimai_10k.tsv.gz the same way.
//  1. reads the labelled reviews of the model's data file ($PS_DATA overrides ../shared/data);
//  2. trains its options on the training rows of the seeded 80/20 split of bench/split.mjs and
//     validates them on the others (accuracy, per-class precision/recall/F1, confusion matrix);
//     for a calibrated model also on their first 200 characters and one sentence of each, with
//     the expected calibration error (ECE), and fits the calibration on those three validation
//     sets (the full model has seen those reviews, so it could not be calibrated on them);
//  3. trains on every row with the same options, gives it that calibration, stores the
//     validation figures in the metadata with a fixed date, refuses to write a model below the
//     accuracy floor or above the size limits, and writes the file atomically.
// Nothing depends on the clock or the machine: run it twice, get the same sha256.
// `--check` writes nothing: it exits 1 unless the build gives the committed file's bytes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { init, NaiveBayes } from '../web/index.js';
import { classificationReport, confusionTable } from '../bin/lib/metrics.js';
import { calibrationMetadata, calibrationOf } from '../bin/lib/calibrate.js';
import { writeFileAtomic } from '../bin/lib/atomic-write.js';
import { dataPath } from '../bench/data.mjs';
import { describeSplit, evaluate, first200, fit, readAllRecords, singleSentences, splitRows } from '../bench/split.mjs';
import {
  MODEL_LIMITS, OPTIONS_DATE, SHIPPED_CALIBRATION, SHIPPED_OPTIONS, SHIPPED_TRAINING, ZH_LIMITS, ZH_OPTIONS_DATE, ZH_TRAINING,
} from './model-options.mjs';

/** What each model is built from and with; `stored` is the options JSON its metadata keeps. */
const MODELS = {
  imdb: {
    data: ['imdb', 'train.tsv.gz'],
    output: 'imdb-sentiment.nbm',
    source: 'IMDB Large Movie Review Dataset v1.0, train split (25,000 reviews, 12,500 positive / 12,500 negative)',
    citation: 'Andrew L. Maas, Raymond E. Daly, Peter T. Pham, Dan Huang, Andrew Y. Ng and Christopher Potts. '
      + 'Learning Word Vectors for Sentiment Analysis. ACL 2011. https://ai.stanford.edu/~amaas/data/sentiment/',
    training: SHIPPED_TRAINING,
    stored: SHIPPED_OPTIONS,
    calibration: SHIPPED_CALIBRATION,
    date: OPTIONS_DATE,
    limits: MODEL_LIMITS,
  },
  zh: {
    data: ['zh', 'waimai_10k.tsv.gz'],
    output: 'zh-waimai-sentiment.nbm',
    source: 'waimai_10k: 11,987 Chinese food-delivery reviews (4,000 positive / 7,987 negative)',
    citation: 'waimai_10k of the public collection SophonPlus/ChineseNlpCorpus',
    training: ZH_TRAINING,
    stored: ZH_TRAINING,
    calibration: null,
    date: ZH_OPTIONS_DATE,
    limits: ZH_LIMITS,
  },
};
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () => `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;

/**
 * The validation figures of the model of the training rows, and its calibration when spec asks for one:
 * {metrics, calibration ({a, b} or null), metadata (what the model's metadata adds to the plain figures)}.
 */
async function validate(spec, trainRows, validation) {
  const t0 = performance.now();
  const probe = await fit(NaiveBayes, trainRows, spec.training);
  const trainMs = performance.now() - t0;
  try {
    const metrics = evaluate(probe, validation);
    console.log(`\nvalidation (${validation.length} reviews; trained on ${trainRows.length} in ${seconds(trainMs)}, ${load()})\n`);
    console.log(classificationReport(metrics));
    console.log('confusion matrix (rows: true label, columns: predicted label)');
    console.log(confusionTable(metrics.confusion));
    if (!spec.calibration) return { metrics, calibration: null, metadata: {} };
    const sets = { full: validation, first200: first200(validation), sentences: singleSentences(validation) };
    const figures = {};
    for (const [name, set] of Object.entries(sets)) figures[name] = { accuracy: evaluate(probe, set).accuracy, before: calibrationOf(probe, set) };
    const fitRows = Object.values(sets).flat();
    const calibration = probe.calibrate(fitRows.map((r) => r.text), fitRows.map((r) => r.label), spec.calibration);
    for (const [name, set] of Object.entries(sets)) figures[name].after = calibrationOf(probe, set);
    console.log(`calibration a ${calibration.a}, b ${calibration.b}`);
    for (const [name, f] of Object.entries(figures)) {
      console.log(`  ${name.padEnd(10)} accuracy ${f.accuracy.toFixed(4)}  ECE ${f.before.ece.toFixed(4)} uncalibrated, ${f.after.ece.toFixed(4)} calibrated`);
    }
    return {
      metrics,
      calibration,
      metadata: {
        validation_accuracy_first200: figures.first200.accuracy.toFixed(4),
        validation_accuracy_sentences: figures.sentences.accuracy.toFixed(4),
        ...calibrationMetadata(figures.full.before, figures.full.after),
        validation_ece_first200: figures.first200.after.ece.toFixed(4),
        validation_ece_sentences: figures.sentences.after.ece.toFixed(4),
        calibration_fit: `on the validation reviews, their first 200 characters and one sentence of each, with the model of the ${trainRows.length.toLocaleString('en-US')} training reviews`,
      },
    };
  } finally {
    probe.dispose();
  }
}

async function main(name = 'imdb', check = false) {
  const spec = MODELS[name];
  if (!spec) {
    console.error(`build-model: no model '${name}' (${Object.keys(MODELS).join(' or ')})`);
    return 2;
  }
  const LIMITS = spec.limits;
  const OUTPUT = fileURLToPath(new URL(`../models/${spec.output}`, import.meta.url));
  const file = dataPath(...spec.data);
  if (!file) {
    console.error(`build-model: ../shared/data/${spec.data.join('/')} not found (set PS_DATA to the data directory)`);
    return 1;
  }
  await init();
  const rows = await readAllRecords(file, { text: 'review', label: 'sentiment' });
  const { train: trainRows, validation } = splitRows(rows);
  console.log(`data        ${path.basename(file)}: ${rows.length} reviews (sha256 ${sha256(readFileSync(file)).slice(0, 16)}…)`);
  console.log(`options     ${JSON.stringify(spec.training)}${spec.calibration ? `; calibration ${JSON.stringify(spec.calibration)}` : ''}`);
  console.log(`split       ${describeSplit(rows.length)}`);
  const { metrics, calibration, metadata: figures } = await validate(spec, trainRows, validation);

  const perClass = Object.fromEntries(Object.entries(metrics.classes).map(([label, c]) => [
    label, { precision: +c.precision.toFixed(4), recall: +c.recall.toFixed(4), f1: +c.f1.toFixed(4), support: c.support },
  ]));
  const { validation_accuracy_first200: first, validation_accuracy_sentences: sentences, ...calibrationFigures } = figures;
  const metadata = {
    data: spec.source,
    citation: spec.citation,
    labels: JSON.stringify({ 0: 'negative', 1: 'positive' }),
    documents: String(rows.length),
    options: JSON.stringify(spec.stored),
    date: spec.date,
    validation_split: describeSplit(rows.length),
    validation_accuracy: metrics.accuracy.toFixed(4),
    ...(first ? { validation_accuracy_first200: first, validation_accuracy_sentences: sentences } : {}),
    validation_classes: JSON.stringify(perClass),
    confusion: JSON.stringify(metrics.confusion),
    ...calibrationFigures,
  };
  const t0 = performance.now();
  const model = await fit(NaiveBayes, rows, spec.training, metadata);
  let bytes;
  let vocabulary;
  try {
    if (calibration) model.calibration = calibration;
    bytes = model.save();
    vocabulary = model.info().vocabularySize;
  } finally {
    model.dispose();
  }
  const fullMs = performance.now() - t0;
  const gzip = gzipSync(bytes, { level: 9 }).length;

  console.log(`full model  ${rows.length} reviews in ${seconds(fullMs)} (${load()}), vocabulary ${vocabulary.toLocaleString('en-US')} tokens`);
  console.log(`size        ${bytes.length.toLocaleString('en-US')} bytes raw, ${gzip.toLocaleString('en-US')} bytes gzip -9`);
  const failures = [];
  if (metrics.accuracy < LIMITS.accuracy) failures.push(`validation accuracy ${metrics.accuracy.toFixed(4)} < ${LIMITS.accuracy}`);
  if (bytes.length > LIMITS.rawBytes) failures.push(`${bytes.length} bytes > ${LIMITS.rawBytes}`);
  if (gzip > LIMITS.gzipBytes) failures.push(`${gzip} gzip bytes > ${LIMITS.gzipBytes}`);
  if (failures.length) {
    console.error(`build-model: not written, over the limits: ${failures.join('; ')}`);
    return 1;
  }
  if (check) {
    const same = Buffer.compare(Buffer.from(bytes), readFileSync(OUTPUT)) === 0;
    console.log(`check       ${same ? 'the same bytes as' : 'NOT the bytes of'} ${path.relative(process.cwd(), OUTPUT)}  sha256 ${sha256(bytes)}`);
    return same ? 0 : 1;
  }
  await writeFileAtomic(OUTPUT, bytes);
  console.log(`written     ${path.relative(process.cwd(), OUTPUT)}  sha256 ${sha256(bytes)}`);
  return 0;
}

const args = process.argv.slice(2);
process.exitCode = await main(args.find((a) => !a.startsWith('--')), args.includes('--check'));
