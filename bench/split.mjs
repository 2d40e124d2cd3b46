// The seeded 80/20 split every Naive Bayes figure is measured on (model build,
// benchmarks, tests): a splitmix64-driven Fisher–Yates shuffle of the row
// indices, then the first 80 % of the shuffled rows train and the rest validate.
// Pure and deterministic: the same rows and seed give the same split anywhere.
import { readRecords } from '../bin/lib/records.js';
import { ConfusionCounter } from '../bin/lib/metrics.js';
import { splitmix64 } from '../bin/lib/splitmix64.js';

export const SPLIT_SEED = 42;
export { splitmix64 } from '../bin/lib/splitmix64.js';
export { first200, sentencesOf, singleSentences } from '../bin/lib/short-text.js';
export const VALIDATION_FRACTION = 0.2;

/**
 * The row indices 0..n-1 shuffled by Fisher–Yates from the end: for i = n-1 down to 1,
 * swap i with j = next() mod (i + 1).
 */
export function shuffledIndices(n, seed = SPLIT_SEED) {
  const next = splitmix64(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Number(next() % BigInt(i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Splits rows into {train, validation}: shuffled with the seed, the first
 * n − round(n × fraction) rows train, the last round(n × fraction) validate.
 */
export function splitRows(rows, { seed = SPLIT_SEED, validationFraction = VALIDATION_FRACTION } = {}) {
  const order = shuffledIndices(rows.length, seed);
  const cut = rows.length - Math.round(rows.length * validationFraction);
  return {
    train: order.slice(0, cut).map((i) => rows[i]),
    validation: order.slice(cut).map((i) => rows[i]),
  };
}

/** A one-line description of the split, as stored in the shipped model's metadata. */
export function describeSplit(n, { seed = SPLIT_SEED, validationFraction = VALIDATION_FRACTION } = {}) {
  const validation = Math.round(n * validationFraction);
  return `${n - validation} train / ${validation} validation rows: splitmix64(seed ${seed}) Fisher-Yates shuffle of the row indices, first ${Math.round((1 - validationFraction) * 100)} % train (bench/split.mjs)`;
}

/** Reads every {text, label} row of a TSV/CSV(.gz) file into memory. */
export async function readAllRecords(file, columns = {}) {
  const rows = [];
  for await (const batch of readRecords(file, { ...columns, batchSize: 5000 })) {
    for (const row of batch) rows.push(row);
  }
  return rows;
}

/** Trains a model on rows, 1,000 at a time through a NaiveBayesTrainer (as a stream would). */
export function trainOn(NaiveBayesTrainer, rows, options, metadata = {}) {
  const trainer = new NaiveBayesTrainer(options);
  try {
    for (let i = 0; i < rows.length; i += 1000) trainer.addMany(rows.slice(i, i + 1000));
    return trainer.finish({ metadata });
  } finally {
    trainer.dispose();
  }
}

/** A model of any kind trained on rows (NaiveBayes.train: kind 'nblr' passes over them once per epoch). */
export function fit(NaiveBayes, rows, options, metadata = {}) {
  return NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ...options, metadata });
}

/** Validation metrics of a model on rows (bin/lib/metrics.js report: accuracy, classes, confusion...). */
export function evaluate(model, rows) {
  const counter = new ConfusionCounter(model.labels);
  for (const { text, label } of rows) counter.add(label, model.predict(text, { explain: 0 }).label);
  return counter.report();
}

