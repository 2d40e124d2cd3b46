// Classification metrics, pure and dependency-free: accuracy, per-class
// precision/recall/F1/support, macro and weighted averages, the confusion
// matrix, and a text report laid out like scikit-learn's classification_report.
// Used by `palette-sentiment eval`, scripts/build-model.mjs and the benchmarks.
import { columns, oneLine, padEndColumns, padStartColumns } from './format.js';

/**
 * Counts predictions against true labels.
 * @param {Iterable<[string, string]>|undefined} pairs optional [trueLabel, predictedLabel] pairs to add
 * @param {string[]} [labels] labels known in advance (the model's), in the order to report them;
 *   any other label met later (a true label the model does not know) is appended in order of
 *   first appearance. Such a row can never be predicted right: it counts as an error, with
 *   recall 0 and precision 0.
 */
export class ConfusionCounter {
  #labels = [];
  #index = new Map();
  #rows = [];
  n = 0;
  correct = 0;

  constructor(labels = []) {
    for (const label of labels) this.#indexOf(label);
  }

  #indexOf(label) {
    let i = this.#index.get(label);
    if (i === undefined) {
      i = this.#labels.length;
      this.#index.set(label, i);
      this.#labels.push(label);
      for (const row of this.#rows) row.push(0);
      this.#rows.push(new Array(this.#labels.length).fill(0));
    }
    return i;
  }

  /** Records one prediction. */
  add(trueLabel, predictedLabel) {
    const t = this.#indexOf(String(trueLabel));
    const p = this.#indexOf(String(predictedLabel));
    this.#rows[t][p]++;
    this.n++;
    if (t === p) this.correct++;
    return this;
  }

  /** {labels, matrix}: matrix[i][j] = documents of true label i predicted as label j. */
  get confusion() {
    return { labels: [...this.#labels], matrix: this.#rows.map((row) => [...row]) };
  }

  /** The full report object (see metricsFromConfusion). */
  report() {
    return metricsFromConfusion(this.confusion);
  }
}

const ratio = (a, b) => (b === 0 ? 0 : a / b);

/**
 * Metrics from a confusion matrix (rows: true labels, columns: predicted).
 * A class never predicted has precision 0, a class absent from the data recall 0
 * (scikit-learn's zero_division=0); F1 is 0 when precision + recall is 0. The macro
 * average leaves out the classes neither in the data nor predicted.
 * @returns {{n: number, accuracy: number,
 *   classes: Record<string, {precision: number, recall: number, f1: number, support: number}>,
 *   macro: {precision: number, recall: number, f1: number, support: number},
 *   weighted: {precision: number, recall: number, f1: number, support: number},
 *   confusion: {labels: string[], matrix: number[][]}}}
 */
export function metricsFromConfusion({ labels, matrix }) {
  const k = labels.length;
  let n = 0;
  let correct = 0;
  const predicted = new Array(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      n += matrix[i][j];
      predicted[j] += matrix[i][j];
    }
    correct += matrix[i][i];
  }
  const macro = { precision: 0, recall: 0, f1: 0, support: n };
  const weighted = { precision: 0, recall: 0, f1: 0, support: n };
  // the macro average is over the classes in the data or the predictions, as scikit-learn's is: a model's class
  // that is in neither would only add zeros
  const seen = labels.filter((_, i) => predicted[i] > 0 || matrix[i].some((count) => count > 0)).length;
  // fromEntries, not assignment: a label may be any string, '__proto__' included
  const classes = Object.fromEntries(labels.map((label, i) => {
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const precision = ratio(matrix[i][i], predicted[i]);
    const recall = ratio(matrix[i][i], support);
    const scores = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
    for (const key of ['precision', 'recall', 'f1']) {
      macro[key] += ratio(scores[key], seen);
      weighted[key] += ratio(scores[key] * support, n);
    }
    return [label, scores];
  }));
  return { n, accuracy: ratio(correct, n), classes, macro, weighted, confusion: { labels: [...labels], matrix: matrix.map((row) => [...row]) } };
}

/** The JSON shape `eval --json` prints: {n, accuracy, classes, confusion}. */
export function metricsJson(metrics) {
  const { n, accuracy, classes, confusion } = metrics;
  return { n, accuracy, classes, confusion };
}

/**
 * scikit-learn's classification_report layout: a row per class, then accuracy,
 * macro avg and weighted avg, right-aligned in 9-character columns.
 */
export function classificationReport(metrics, digits = 4) {
  const names = metrics.confusion.labels; // in the model's order: an object's keys put integer-like labels first
  const width = Math.max('weighted avg'.length, digits, ...names.map((name) => columns(oneLine(name))));
  const cell = (value) => String(value).padStart(9);
  const num = (value) => cell(value.toFixed(digits));
  const lines = [`${''.padStart(width)}  ${['precision', 'recall', 'f1-score', 'support'].map(cell).join(' ')}`, ''];
  for (const name of names) {
    const c = metrics.classes[name];
    lines.push(`${padStartColumns(oneLine(name), width)}  ${[num(c.precision), num(c.recall), num(c.f1), cell(c.support)].join(' ')}`);
  }
  lines.push('');
  lines.push(`${'accuracy'.padStart(width)}  ${[cell(''), cell(''), num(metrics.accuracy), cell(metrics.n)].join(' ')}`);
  for (const [name, avg] of [['macro avg', metrics.macro], ['weighted avg', metrics.weighted]]) {
    lines.push(`${name.padStart(width)}  ${[num(avg.precision), num(avg.recall), num(avg.f1), cell(avg.support)].join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The confusion matrix as a labelled text table (rows: true label, columns: predicted). */
export function confusionTable({ labels: raw, matrix }) {
  const labels = raw.map(oneLine);
  const counts = matrix.flat().map(String);
  const widest = (values, least) => values.reduce((a, b) => Math.max(a, b), least); // not Math.max(...): k² cells overflow the stack
  const colWidth = widest([...labels.map(columns), ...counts.map((c) => c.length)], 4);
  const rowWidth = widest(labels.map(columns), 'true \\ predicted'.length);
  const lines = [`${'true \\ predicted'.padEnd(rowWidth)}  ${labels.map((l) => padStartColumns(l, colWidth)).join('  ')}`];
  labels.forEach((label, i) => {
    lines.push(`${padEndColumns(label, rowWidth)}  ${matrix[i].map((v) => String(v).padStart(colWidth)).join('  ')}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Expected calibration error of top-class probabilities: 10 equal bins from 0.5 to 1 (a probability below
 * 0.5, possible with three classes or more, falls in the first), ECE = Σ (count/n) × |mean predicted −
 * observed accuracy|. add(probability of the predicted class, whether it was right); report() gives
 * {n, ece, bins: [[mean predicted, observed accuracy, count] per bin]} (empty bins [null, null, 0]).
 */
export class CalibrationCounter {
  static BINS = 10;

  #count = new Array(CalibrationCounter.BINS).fill(0);
  #confidence = new Array(CalibrationCounter.BINS).fill(0);
  #correct = new Array(CalibrationCounter.BINS).fill(0);

  add(probability, right) {
    const bin = Math.min(CalibrationCounter.BINS - 1, Math.max(0, Math.floor((probability - 0.5) * 2 * CalibrationCounter.BINS)));
    this.#count[bin]++;
    this.#confidence[bin] += probability;
    this.#correct[bin] += right ? 1 : 0;
  }

  report() {
    const n = this.#count.reduce((a, b) => a + b, 0);
    let ece = 0;
    const bins = this.#count.map((count, i) => {
      if (!count) return [null, null, 0];
      const predicted = this.#confidence[i] / count;
      const observed = this.#correct[i] / count;
      ece += (count / n) * Math.abs(predicted - observed);
      return [predicted, observed, count];
    });
    return { n, ece, bins };
  }
}
