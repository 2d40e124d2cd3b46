// What train and finish print about the model they wrote.
import { gzipSync } from 'node:zlib';
import { formatBytes, thousands } from './format.js';

/** The summary lines of a written model: its documents, classes, vocabulary, the time taken and its size. */
export function modelSummary({ model, bytes, output, seen, totalMs, readMs, readWhat }) {
  const info = model.info();
  const classes = info.classes.map((c) => `${c.label} (${thousands(c.documents)})`).join(', ');
  const gz = gzipSync(bytes, { level: 9 }).length;
  return [
    `documents   ${thousands(info.classes.reduce((n, c) => n + c.documents, 0))}`,
    `classes     ${info.classes.length}: ${classes}`,
    `vocabulary  ${thousands(info.vocabularySize)} tokens kept of ${thousands(seen)} seen`,
    `time        ${(totalMs / 1000).toFixed(2)} s (${readWhat} ${(readMs / 1000).toFixed(2)} s)`,
    `model       ${output}: ${thousands(bytes.length)} bytes (${formatBytes(bytes.length)}; gzip -9 ${formatBytes(gz)})`,
    '',
  ].join('\n');
}

/** The summary lines of a written count file. */
export function countsSummary({ documents, classes, tokens, output, size, totalMs, readMs, readWhat }) {
  return [
    `documents   ${thousands(documents)}`,
    ...(classes ? [`classes     ${classes}`] : []),
    `tokens      ${thousands(tokens)} distinct, before pruning`,
    `time        ${(totalMs / 1000).toFixed(2)} s${readWhat ? ` (${readWhat} ${(readMs / 1000).toFixed(2)} s)` : ''}`,
    `counts      ${output}: ${thousands(size)} bytes (${formatBytes(size)})`,
    '',
  ].join('\n');
}
