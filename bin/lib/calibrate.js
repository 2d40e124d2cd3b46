// Calibrating a model's probabilities on held-out labelled texts, and the
// figures it stores: the expected calibration error (ECE) before and after,
// and the reliability diagram's bins.
import { CalibrationCounter } from './metrics.js';
import { first200, singleSentences } from './short-text.js';

/** {ece, bins} of a model's top-class probabilities on rows [{text, label}]. */
export function calibrationOf(model, rows) {
  const counter = new CalibrationCounter();
  for (const { text, label } of rows) {
    const p = model.predict(text, { explain: 0 });
    counter.add(p.probabilities[p.label], p.label === String(label));
  }
  return counter.report();
}

/**
 * Fits the model's calibration on rows (lengthAware, else a temperature) and returns the metadata that
 * describes it: validation_ece (after), validation_ece_uncalibrated and reliability (JSON bins, after), on rows.
 * A length-aware fit also sees each row's first 200 characters and one of its sentences, as the shipped model's
 * did: fitted on whole texts alone, its scale grows without bound toward no evidence, and an empty line or one
 * word came out 100 % sure.
 */
export function calibrateOn(model, rows, { lengthAware = true } = {}) {
  model.calibration = null;
  const before = calibrationOf(model, rows);
  const fitRows = lengthAware ? [...rows, ...first200(rows), ...singleSentences(rows)] : rows;
  model.calibrate(fitRows.map((r) => r.text), fitRows.map((r) => r.label), { lengthAware });
  const after = calibrationOf(model, rows);
  return calibrationMetadata(before, after);
}

/** The metadata keys calibrationMetadata gives. */
export const CALIBRATION_KEYS = Object.freeze(['validation_ece', 'validation_ece_uncalibrated', 'reliability']);

/** The metadata entries of calibration figures measured before and after. */
export function calibrationMetadata(before, after) {
  const round = (x) => (x === null ? null : +x.toFixed(4));
  return {
    validation_ece: after.ece.toFixed(4),
    validation_ece_uncalibrated: before.ece.toFixed(4),
    reliability: JSON.stringify(after.bins.map(([p, o, n]) => [round(p), round(o), n])),
  };
}

// --calibrate holds out every 10th row (the last of each group of 10), up to 10,000 rows.
const HOLD_EVERY = 10;
const HOLD_CAP = 10_000;

/** Whether the row at this index (from 0, in file order) is one held out for calibration. */
export function isHeldOut(row) {
  return row % HOLD_EVERY === HOLD_EVERY - 1 && row < HOLD_EVERY * HOLD_CAP;
}

/**
 * Splits a stream of {text, label} batches: the rows isHeldOut picks are kept in memory, the rest pass
 * through. heldOut is complete once batches has been read.
 */
export function holdOut(batches) {
  const heldOut = [];
  let row = 0;
  async function* train() {
    for await (const batch of batches) {
      const kept = [];
      for (const record of batch) {
        if (isHeldOut(row++)) heldOut.push(record);
        else kept.push(record);
      }
      if (kept.length) yield kept;
    }
  }
  return { batches: train(), heldOut };
}
