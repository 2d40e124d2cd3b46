// `palette-sentiment info`: what a model file holds (classes, vocabulary, options, metadata).
import { stat } from 'node:fs/promises';
import { integerFlag, parse } from '../lib/args.js';
import { usageError } from '../lib/errors.js';
import { confusionTable } from '../lib/metrics.js';
import { parseConfusion, parseJsonObject } from '../../web/model-metadata.js';
import { formatBytes, thousands } from '../lib/format.js';
import { withModel } from '../lib/model-file.js';
import { tokenizerSummary } from '../../web/nb-options.js';

export const summary = 'describe a model file: classes, vocabulary, options, metadata';

export const usage = `Usage: palette-sentiment info <model.nbm> [--json] [--top N]

Prints the model's classes (training documents and prior), vocabulary size,
training options and metadata (training data, date, validation figures).
A metadata value holding a confusion matrix as JSON ({"labels","matrix"}) is
shown as a table.

Options:
      --json       one JSON object: {"file","bytes","classes":[{"label","documents",
                   "prior"}],"vocabularySize","options","metadata"}
      --top N      also list the N tokens that favour each class most (1-1000)
  -h, --help       show this help

Exit status: 0 success, 1 the model could not be read, 2 usage error.
`;

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
      `file        ${parsed.model} (${thousands(bytes)} bytes, ${formatBytes(bytes)})`,
      `classes     ${info.classes.length}`,
      ...info.classes.map((c) => `  ${c.label}  ${thousands(c.documents)} documents, prior ${c.prior.toFixed(4)}`),
      `vocabulary  ${thousands(info.vocabularySize)} tokens`,
      `options     n-grams ${o.ngrams.join('-')}, ${o.binary ? 'binary' : 'counts'}, alpha ${o.alpha}, min-df ${o.minDf}, `
        + `max-features ${o.maxFeatures || 'all'}, stop words ${o.stopwords ? 'removed' : 'kept'}, `
        + `negation ${o.negation ? 'on' : 'off'}, ${o.weightBits}-bit weights`,
      `tokenizer   ${tokenizerSummary(o)}`,
    ];
    const entries = Object.entries(info.metadata);
    if (entries.length) lines.push('metadata');
    const width = Math.max(0, ...entries.map(([key]) => key.length));
    for (const [key, value] of entries) {
      const confusion = confusionOf(value);
      if (confusion) {
        lines.push(`  ${key.padEnd(width)}  (rows: true label, columns: predicted label)`);
        lines.push(...confusionTable(confusion).trimEnd().split('\n').map((line) => `    ${line}`));
      } else {
        lines.push(`  ${key.padEnd(width)}  ${value}`);
      }
    }
    if (top) {
      for (const [label, tokens] of Object.entries(top)) {
        lines.push(`top tokens for ${label}: ${tokens.map((t) => `${t.token} (${t.weight.toFixed(2)})`).join(', ')}`);
      }
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
