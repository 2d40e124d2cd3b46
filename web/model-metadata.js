// Reading the free-form validation figures a model's metadata may hold: the
// accuracy and the confusion matrix, in the few shapes people write them.
// No DOM here, so the CLI can share it.
import { C } from './c-constants.js';

/** The metadata key that matches best, or undefined. */
export function metaKey(metadata, ...patterns) {
  const keys = Object.keys(metadata);
  for (const pattern of patterns) {
    const key = keys.find((k) => pattern.test(k));
    if (key !== undefined) return key;
  }
  return undefined;
}

/** A number in [0, 1] from "0.885", "88.5", "88.5%"; NaN otherwise. */
export function parseAccuracy(value) {
  const match = /^\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/.exec(String(value));
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] || n > 1 ? n / 100 : n;
}

/**
 * {labels, matrix} from confusion-matrix metadata (rows: the true class,
 * columns: the predicted one), or null if unreadable. The JSON may be
 *   {"labels": ["0", "1"], "matrix": [[50, 3], [4, 40]]}  (labels optional),
 *   [[50, 3], [4, 40]]                                     (model label order),
 *   {"0": {"0": 50, "1": 3}, "1": {"0": 4, "1": 40}}       (missing cells are 0).
 * The matrix must be square, of finite counts >= 0, and of at most as many labels
 * as a model has classes (metadata comes with a model file, which may be hostile:
 * a few KB of keys would otherwise make a matrix of millions of cells). Without
 * modelLabels, the shapes that need them give null.
 */
export function parseConfusion(value, modelLabels) {
  let data;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  let labels;
  let matrix;
  if (Array.isArray(data)) {
    labels = modelLabels;
    matrix = data;
  } else if (data && typeof data === 'object' && Array.isArray(data.matrix)) {
    labels = Array.isArray(data.labels) ? data.labels.map(String) : modelLabels;
    matrix = data.matrix;
  } else if (data && typeof data === 'object') {
    labels = Object.keys(data);
    if (labels.length > C.NB_MAX_CLASSES) return null;
    matrix = labels.map((actual) => labels.map((predicted) => data[actual]?.[predicted] ?? 0));
  } else {
    return null;
  }
  if (!Array.isArray(labels) || labels.length > C.NB_MAX_CLASSES) return null;
  const square = matrix.length === labels.length && matrix.every((row) => Array.isArray(row) && row.length === labels.length
    && row.every((n) => Number.isFinite(n) && n >= 0));
  return square && labels.length > 0 ? { labels, matrix } : null;
}

/** A JSON object (not an array) from text, or null. */
export function parseJsonObject(text) {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const ACCURACY_KEYS = [/valid.*acc|acc.*valid/i, /(test|holdout|held).*acc/i, /accuracy/i];
const PER_CLASS_KEYS = [/^(validation_)?(per_?)?classes$/i, /per.?class/i];

/**
 * The validation figures of a model's metadata: {accuracy (in [0, 1]; from
 * the confusion matrix when none is recorded; NaN if neither), confusion
 * (parseConfusion's, or null), validationN (the reviews the matrix counts),
 * perClass ({label: {precision, recall}}, or null), keys (the metadata keys
 * these came from)}.
 */
export function validationFigures(metadata, modelLabels) {
  const confusionKey = metaKey(metadata, /confusion/i);
  const accuracyKey = metaKey(metadata, ...ACCURACY_KEYS);
  const perClassKey = metaKey(metadata, ...PER_CLASS_KEYS);
  const confusion = confusionKey ? parseConfusion(metadata[confusionKey], modelLabels) : null;
  const validationN = confusion ? confusion.matrix.flat().reduce((a, b) => a + b, 0) : 0;
  let accuracy = accuracyKey ? parseAccuracy(metadata[accuracyKey]) : NaN;
  if (!Number.isFinite(accuracy) && validationN) {
    accuracy = confusion.labels.reduce((sum, _, i) => sum + confusion.matrix[i][i], 0) / validationN;
  }
  return {
    accuracy,
    confusion,
    validationN,
    perClass: perClassKey ? parseJsonObject(metadata[perClassKey]) : null,
    keys: [confusionKey, accuracyKey, perClassKey].filter((key) => key !== undefined),
  };
}

/**
 * The reliability bins of metadata (calibrateOn's `reliability`): [[mean predicted, observed, count]] with
 * predicted and observed in [0, 1] (null in an empty bin) and count >= 0; null if unreadable.
 */
export function parseReliability(value) {
  let bins;
  try {
    bins = JSON.parse(value);
  } catch {
    return null;
  }
  const unit = (x) => Number.isFinite(x) && x >= 0 && x <= 1;
  const ok = Array.isArray(bins) && bins.length > 0 && bins.every((b) => Array.isArray(b) && b.length === 3
    && Number.isInteger(b[2]) && b[2] >= 0 && (b[2] === 0 ? b[0] === null && b[1] === null : unit(b[0]) && unit(b[1])));
  return ok ? bins : null;
}
