// What train and finish print about the model they wrote.
import { formatBytes, oneLine } from './format.js';
import { fmtInt } from '../../web/format.js';

/** The summary lines of a written model (info: its info()): its documents, classes, vocabulary, the time taken and its size. */
export function modelSummary({ info, bytes, output, seen, totalMs, readMs, readWhat }) {
  const classes = info.classes.map((c) => `${oneLine(c.label)} (${fmtInt(c.documents)})`).join(', ');
  return [
    `documents   ${fmtInt(info.classes.reduce((n, c) => n + c.documents, 0))}`,
    `classes     ${info.classes.length}: ${classes}`,
    `vocabulary  ${fmtInt(info.vocabularySize)} tokens kept of ${fmtInt(seen)} seen`,
    `time        ${(totalMs / 1000).toFixed(2)} s (${readWhat} ${(readMs / 1000).toFixed(2)} s)`,
    `model       ${oneLine(output)}: ${fmtInt(bytes.length)} bytes (${formatBytes(bytes.length)})`,
    '',
  ].join('\n');
}

/** The summary lines of a written count file. */
export function countsSummary({ documents, classes, tokens, output, size, totalMs, readMs, readWhat }) {
  return [
    `documents   ${fmtInt(documents)}`,
    ...(classes ? [`classes     ${classes}`] : []),
    `tokens      ${fmtInt(tokens)} distinct, before pruning`,
    `time        ${(totalMs / 1000).toFixed(2)} s${readWhat ? ` (${readWhat} ${(readMs / 1000).toFixed(2)} s)` : ''}`,
    `counts      ${output}: ${fmtInt(size)} bytes (${formatBytes(size)})`,
    '',
  ].join('\n');
}
