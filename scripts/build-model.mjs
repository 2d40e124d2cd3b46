// `make model`: builds the shipped model models/imdb-sentiment.nbm, bit for bit.
//  1. reads the 25,000 labelled reviews of ../shared/data/imdb/train.tsv.gz ($PS_DATA overrides);
//  2. trains the shipped options on the 20,000 training reviews of the seeded 80/20 split of
//     bench/split.mjs and validates them on the 5,000 others: full reviews, their first 200
//     characters and one sentence of each (accuracy, per-class precision/recall/F1, confusion
//     matrix, expected calibration error);
//  3. fits the calibration of that model on the three validation sets together (the full model
//     has seen those reviews, so it could not be calibrated on them) and measures it;
//  4. trains on all 25,000 reviews with the same options, gives it that calibration, stores the
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
import { MODEL_LIMITS as LIMITS, OPTIONS_DATE, SHIPPED_CALIBRATION, SHIPPED_OPTIONS } from './model-options.mjs';

const OUTPUT = fileURLToPath(new URL('../models/imdb-sentiment.nbm', import.meta.url));
const SOURCE = 'IMDB Large Movie Review Dataset v1.0, train split (25,000 reviews, 12,500 positive / 12,500 negative)';
const CITATION = 'Andrew L. Maas, Raymond E. Daly, Peter T. Pham, Dan Huang, Andrew Y. Ng and Christopher Potts. '
  + 'Learning Word Vectors for Sentiment Analysis. ACL 2011. https://ai.stanford.edu/~amaas/data/sentiment/';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () => `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;

async function main() {
  const file = dataPath('imdb', 'train.tsv.gz');
  if (!file) {
    console.error('build-model: ../shared/data/imdb/train.tsv.gz not found (set PS_DATA to the data directory)');
    return 1;
  }
  await init();
  const rows = await readAllRecords(file, { text: 'review', label: 'sentiment' });
  const { train: trainRows, validation } = splitRows(rows);
  const sets = { full: validation, first200: first200(validation), sentences: singleSentences(validation) };
  console.log(`data        ${path.basename(file)}: ${rows.length} reviews (sha256 ${sha256(readFileSync(file)).slice(0, 16)}…)`);
  console.log(`options     ${JSON.stringify(SHIPPED_OPTIONS)}; calibration ${JSON.stringify(SHIPPED_CALIBRATION)}`);
  console.log(`split       ${describeSplit(rows.length)}`);

  let t0 = performance.now();
  const probe = await fit(NaiveBayes, trainRows, SHIPPED_OPTIONS);
  const trainMs = performance.now() - t0;
  let metrics;
  let calibration;
  const figures = {};
  try {
    metrics = evaluate(probe, validation);
    for (const [name, set] of Object.entries(sets)) figures[name] = { accuracy: evaluate(probe, set).accuracy, before: calibrationOf(probe, set) };
    const fitRows = Object.values(sets).flat();
    calibration = probe.calibrate(fitRows.map((r) => r.text), fitRows.map((r) => r.label), SHIPPED_CALIBRATION);
    for (const [name, set] of Object.entries(sets)) figures[name].after = calibrationOf(probe, set);
  } finally {
    probe.dispose();
  }
  console.log(`\nvalidation (${validation.length} reviews; trained on ${trainRows.length} in ${seconds(trainMs)}, ${load()})\n`);
  console.log(classificationReport(metrics));
  console.log('confusion matrix (rows: true label, columns: predicted label)');
  console.log(confusionTable(metrics.confusion));
  console.log(`calibration a ${calibration.a}, b ${calibration.b}`);
  for (const [name, f] of Object.entries(figures)) {
    console.log(`  ${name.padEnd(10)} accuracy ${f.accuracy.toFixed(4)}  ECE ${f.before.ece.toFixed(4)} uncalibrated, ${f.after.ece.toFixed(4)} calibrated`);
  }

  const perClass = Object.fromEntries(Object.entries(metrics.classes).map(([label, c]) => [
    label, { precision: +c.precision.toFixed(4), recall: +c.recall.toFixed(4), f1: +c.f1.toFixed(4), support: c.support },
  ]));
  const metadata = {
    data: SOURCE,
    citation: CITATION,
    labels: JSON.stringify({ 0: 'negative', 1: 'positive' }),
    documents: String(rows.length),
    options: JSON.stringify(SHIPPED_OPTIONS),
    date: OPTIONS_DATE,
    validation_split: describeSplit(rows.length),
    validation_accuracy: metrics.accuracy.toFixed(4),
    validation_accuracy_first200: figures.first200.accuracy.toFixed(4),
    validation_accuracy_sentences: figures.sentences.accuracy.toFixed(4),
    validation_classes: JSON.stringify(perClass),
    confusion: JSON.stringify(metrics.confusion),
    ...calibrationMetadata(figures.full.before, figures.full.after),
    validation_ece_first200: figures.first200.after.ece.toFixed(4),
    validation_ece_sentences: figures.sentences.after.ece.toFixed(4),
    calibration_fit: 'on the validation reviews, their first 200 characters and one sentence of each, with the model of the 20,000 training reviews',
  };
  t0 = performance.now();
  const model = await fit(NaiveBayes, rows, SHIPPED_OPTIONS, metadata);
  let bytes;
  let vocabulary;
  try {
    model.calibration = calibration;
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
  if (process.argv.includes('--check')) {
    const same = Buffer.compare(Buffer.from(bytes), readFileSync(OUTPUT)) === 0;
    console.log(`check       ${same ? 'the same bytes as' : 'NOT the bytes of'} ${path.relative(process.cwd(), OUTPUT)}  sha256 ${sha256(bytes)}`);
    return same ? 0 : 1;
  }
  await writeFileAtomic(OUTPUT, bytes);
  console.log(`written     ${path.relative(process.cwd(), OUTPUT)}  sha256 ${sha256(bytes)}`);
  return 0;
}

process.exitCode = await main();
