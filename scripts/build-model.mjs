// `make model`: builds the shipped model models/imdb-sentiment.nbm, bit for bit;
// `make model-zh` (`node scripts/build-model.mjs zh`) the Chinese example
// models/zh-waimai-sentiment.nbm from ../shared/data/zh/waimai_10k.tsv.gz the same way.
//  1. reads the 25,000 labelled reviews of ../shared/data/imdb/train.tsv.gz ($PS_DATA overrides);
//  2. validates the shipped options on the seeded 80/20 split of bench/split.mjs
//     (accuracy, per-class precision/recall/F1, confusion matrix), and refuses to
//     write a model below the accuracy floor or above the size limits;
//  3. trains on all 25,000 reviews with the same options, stores the validation
//     figures in the metadata with a fixed date, and writes the file atomically.
// Nothing depends on the clock or the machine: run it twice, get the same sha256.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { init, NaiveBayesTrainer } from '../web/index.js';
import { classificationReport, confusionTable } from '../bin/lib/metrics.js';
import { writeFileAtomic } from '../bin/lib/atomic-write.js';
import { dataPath } from '../bench/data.mjs';
import { describeSplit, evaluate, readAllRecords, splitRows, trainOn } from '../bench/split.mjs';
import {
  MODEL_LIMITS, OPTIONS_DATE, SHIPPED_OPTIONS, SHIPPED_TRAINING, ZH_LIMITS, ZH_OPTIONS_DATE, ZH_TRAINING,
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
    date: ZH_OPTIONS_DATE,
    limits: ZH_LIMITS,
  },
};
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function main(name = 'imdb') {
  const spec = MODELS[name];
  if (!spec) {
    console.error(`build-model: no model '${name}' (${Object.keys(MODELS).join(' or ')})`);
    return 2;
  }
  const { training: options, limits: LIMITS } = spec;
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
  console.log(`options     ${JSON.stringify(options)}`);
  console.log(`split       ${describeSplit(rows.length)}`);

  let t0 = performance.now();
  const probe = trainOn(NaiveBayesTrainer, trainRows, options);
  const trainMs = performance.now() - t0;
  let metrics;
  try {
    metrics = evaluate(probe, validation);
  } finally {
    probe.dispose();
  }
  console.log(`\nvalidation (${validation.length} reviews; trained on ${trainRows.length} in ${seconds(trainMs)})\n`);
  console.log(classificationReport(metrics));
  console.log('confusion matrix (rows: true label, columns: predicted label)');
  console.log(confusionTable(metrics.confusion));

  const perClass = Object.fromEntries(Object.entries(metrics.classes).map(([label, c]) => [
    label, { precision: +c.precision.toFixed(4), recall: +c.recall.toFixed(4), f1: +c.f1.toFixed(4), support: c.support },
  ]));
  const metadata = {
    data: spec.source,
    citation: spec.citation,
    labels: JSON.stringify({ 0: 'negative', 1: 'positive' }),
    documents: String(rows.length),
    options: JSON.stringify(spec.stored),
    date: spec.date,
    validation_split: describeSplit(rows.length),
    validation_accuracy: metrics.accuracy.toFixed(4),
    validation_classes: JSON.stringify(perClass),
    confusion: JSON.stringify(metrics.confusion),
  };
  t0 = performance.now();
  const model = trainOn(NaiveBayesTrainer, rows, options, metadata);
  let bytes;
  let vocabulary;
  try {
    bytes = model.save();
    vocabulary = model.info().vocabularySize;
  } finally {
    model.dispose();
  }
  const fullMs = performance.now() - t0;
  const gzip = gzipSync(bytes, { level: 9 }).length;

  console.log(`full model  ${rows.length} reviews in ${seconds(fullMs)}, vocabulary ${vocabulary.toLocaleString('en-US')} tokens`);
  console.log(`size        ${bytes.length.toLocaleString('en-US')} bytes raw, ${gzip.toLocaleString('en-US')} bytes gzip -9`);
  const failures = [];
  if (metrics.accuracy < LIMITS.accuracy) failures.push(`validation accuracy ${metrics.accuracy.toFixed(4)} < ${LIMITS.accuracy}`);
  if (bytes.length > LIMITS.rawBytes) failures.push(`${bytes.length} bytes > ${LIMITS.rawBytes}`);
  if (gzip > LIMITS.gzipBytes) failures.push(`${gzip} gzip bytes > ${LIMITS.gzipBytes}`);
  if (failures.length) {
    console.error(`build-model: not written, over the limits: ${failures.join('; ')}`);
    return 1;
  }
  await writeFileAtomic(OUTPUT, bytes);
  console.log(`written     ${path.relative(process.cwd(), OUTPUT)}  sha256 ${sha256(bytes)}`);
  return 0;
}

process.exitCode = await main(process.argv[2]);
