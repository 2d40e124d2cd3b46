// `palette-sentiment info`: what a model file holds (classes, vocabulary, options, metadata).
import { stat } from 'node:fs/promises';
import { integerFlag, parse } from '../lib/args.js';
import { usageError } from '../lib/errors.js';
import { confusionTable } from '../lib/metrics.js';
import { parseConfusion, parseJsonObject } from '../../web/model-metadata.js';
import { columns, formatBytes, oneLine, padEndColumns } from '../lib/format.js';
import { fmtInt } from '../../web/format.js';
import { withModel } from '../lib/model-file.js';
import { tokenizerSummary } from '../../web/nb-options.js';

export const summary = 'describe a model file: kind, classes, vocabulary, options, calibration, metadata';

export const usage = `Usage: palette-sentiment info <model.nbm> [--json] [--top N]

Prints the model's kind (multinomial Naive Bayes, NB-weighted logistic
regression with its regularisation, or Complement Naive Bayes), classes
(training documents and prior), vocabulary size, training options, calibration
(with its expected calibration error, ECE, when stored) and metadata (training
data, date, validation figures).
A metadata value holding a confusion matrix as JSON ({"labels","matrix"}) is
shown as a table.

Options:
      --json       one JSON object: {"file","bytes","kind","classes":[{"label",
                   "documents","prior","base"}],"vocabularySize","options",
                   "calibration":{"a","b"}|null,"metadata"}, with --top N
                   also "topTokens":{label:[{"token","weight"}]}
      --top N      also list the N tokens that favour each class most (1-1000)
  -h, --help       show this help

Exit status: 0 success, 1 the model could not be read, 2 usage error.
`;

// The most classes a confusion matrix is drawn as a table for; a wider one would wrap in any terminal, and is
// shown as stored.
const TABLE_CLASSES = 24;

const OPTIONS = {
  json: { type: 'boolean' },
  top: { type: 'string' },
};

function parseCommandLine(argv) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length !== 1) throw usageError(positionals.length ? 'one model file only' : 'no model given');
  const top = values.top === undefined ? 0 : integerFlag(values.top, '--top', 1, 1000);
  return { model: positionals[0], json: Boolean(values.json), top };
}

/** A {"labels", "matrix"} confusion matrix in a metadata value, shown as a table; null for other values. */
function confusionOf(value) {
  return Array.isArray(parseJsonObject(value)?.labels) ? parseConfusion(value) : null;
}

const KIND_NAMES = { nb: 'multinomial Naive Bayes', nblr: 'NB-weighted logistic regression', complement: 'Complement Naive Bayes' };

/** kind: info().kind (a plain NB model's options carry none); o: its options, for the regression's figures. */
function kindText(kind, o) {
  if (kind !== 'nblr') return KIND_NAMES[kind];
  return `${KIND_NAMES.nblr}: L2 ${o.l2} (C ${+(1 / o.l2).toPrecision(4)}), ${o.epochs} epochs, NB mix ${o.nbMix}, `
    + `${o.pieces} sentence piece${o.pieces === 1 ? '' : 's'} per document, seed ${o.seed}`;
}

function calibrationText({ calibration, metadata }) {
  const ece = metadata.validation_ece === undefined ? ''
    : `; ECE ${metadata.validation_ece}${metadata.validation_ece_uncalibrated ? ` (uncalibrated ${metadata.validation_ece_uncalibrated})` : ''}`;
  if (!calibration) return `none${ece}`;
  const { a, b } = calibration;
  const scale = b === 0 ? `temperature ${+Math.exp(-a).toPrecision(4)}` : `scale exp(${+a.toPrecision(4)}) × (1 + evidence)^${+b.toPrecision(4)}`;
  return `${scale}${ece}`;
}

export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv);
  return withModel(parsed.model, async (model) => {
    const info = model.info();
    const bytes = (await stat(parsed.model)).size;
    const top = parsed.top ? Object.fromEntries(model.labels.map((label) => [label, model.topTokens(label, parsed.top)])) : null;
    if (parsed.json) {
      ctx.stdout.write(`${JSON.stringify({ file: parsed.model, bytes, ...info, ...(top ? { topTokens: top } : {}) })}\n`);
      return 0;
    }
    const o = info.options;
    const lines = [
      `file        ${oneLine(parsed.model)} (${fmtInt(bytes)} bytes, ${formatBytes(bytes)})`,
      `kind        ${kindText(info.kind, o)}`,
      `classes     ${info.classes.length}`,
      ...info.classes.map((c) => `  ${oneLine(c.label)}  ${fmtInt(c.documents)} documents, prior ${c.prior.toFixed(4)}`),
      `vocabulary  ${fmtInt(info.vocabularySize)} tokens`,
      `options     n-grams ${o.ngrams.join('-')}, ${o.binary ? 'binary' : 'counts'}, alpha ${o.alpha}, min-df ${o.minDf}, `
        + `max-features ${o.maxFeatures || 'all'}, stop words ${o.stopwords ? 'removed' : 'kept'}, `
        + `negation ${o.negation ? 'on' : 'off'}, ${o.weightBits}-bit weights`,
      `tokenizer   ${tokenizerSummary(o)}`,
      `calibration ${calibrationText(info)}`,
    ];
    const entries = Object.entries(info.metadata);
    if (entries.length) lines.push('metadata');
    const width = entries.reduce((widest, [key]) => Math.max(widest, columns(oneLine(key))), 0);
    for (const [key, value] of entries) {
      const confusion = confusionOf(value);
      if (confusion && confusion.labels.length <= TABLE_CLASSES) {
        lines.push(`  ${padEndColumns(oneLine(key), width)}  (rows: true label, columns: predicted label)`);
        lines.push(...confusionTable(confusion).trimEnd().split('\n').map((line) => `    ${line}`));
      } else {
        lines.push(`  ${padEndColumns(oneLine(key), width)}  ${oneLine(value)}`);
      }
    }
    if (top) {
      for (const label of model.labels) { // not Object.entries(top), which puts integer-like labels first
        const tokens = top[label];
        lines.push(`top tokens for ${oneLine(label)}: ${tokens.map((t) => `${oneLine(t.token)} (${t.weight.toFixed(2)})`).join(', ')}`);
      }
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
