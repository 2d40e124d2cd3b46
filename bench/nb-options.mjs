// Naive Bayes options table: for each setting, validation accuracy on the seeded
// 80/20 split of ../shared/data/imdb/train.tsv.gz (bench/split.mjs), train time
// on the 20,000 training reviews, vocabulary and model size (raw, gzip -9).
// `--full` also trains each setting on all 25,000 reviews and prints that model's
// size (what `make model` would ship). A script that prints figures, not a test.
import { gzipSync } from 'node:zlib';
import { init, NaiveBayesTrainer } from '../web/index.js';
import { dataPath } from './data.mjs';
import { evaluate, readAllRecords, splitRows, trainOn } from './split.mjs';
import { SHIPPED_TRAINING } from '../scripts/model-options.mjs';

const B = { binary: true };
const TRI = { ngrams: [1, 3], binary: true, alpha: 0.5 };
export const SETTINGS = [
  ['classic: unigrams, stop words removed, counts, α 1', { ngrams: [1, 1], stopwords: true, alpha: 1 }],
  ['unigrams, counts, α 1', { ngrams: [1, 1] }],
  ['unigrams, binary, α 1', { ngrams: [1, 1], ...B }],
  ['uni+bi, counts, α 1', { ngrams: [1, 2] }],
  ['uni+bi, binary, α 1', { ngrams: [1, 2], ...B }],
  ['uni+bi, binary, α 0.5', { ngrams: [1, 2], ...B, alpha: 0.5 }],
  ['uni+bi, binary, α 0.5, stop words removed', { ngrams: [1, 2], ...B, alpha: 0.5, stopwords: true }],
  ['uni+bi, binary, α 0.5, negation', { ngrams: [1, 2], ...B, alpha: 0.5, negation: true }],
  ['1-3, binary, α 0.5, no pruning, 32-bit', { ...TRI, weightBits: 32 }],
  ['1-3, binary, α 0.5, min_df 3, 32-bit', { ...TRI, minDf: 3, weightBits: 32 }],
  ['1-3, binary, α 0.5, min_df 3, 16-bit', { ...TRI, minDf: 3, weightBits: 16 }],
  ['1-3, binary, α 0.5, min_df 3, 8-bit', { ...TRI, minDf: 3, weightBits: 8 }],
  ['1-3, binary, α 0.5, min_df 3, 8-bit, negation', { ...TRI, minDf: 3, weightBits: 8, negation: true }],
  ['1-3, binary, α 0.5, min_df 3, 8-bit, stop words', { ...TRI, minDf: 3, weightBits: 8, stopwords: true }],
  ['1-3, binary, α 0.5, min_df 2, max 450k, 8-bit', { ...SHIPPED_TRAINING, maxFeatures: 450_000 }],
  ['1-3, binary, α 0.5, min_df 2, max 350k, 32-bit', { ...SHIPPED_TRAINING, weightBits: 32 }],
  ['shipped: 1-3, binary, α 0.5, min_df 2, max 350k, 8-bit', SHIPPED_TRAINING],
];

const full = process.argv.includes('--full');
const file = dataPath('imdb', 'train.tsv.gz');
if (!file) {
  console.log('bench/nb-options: ../shared/data/imdb/train.tsv.gz not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init();
const rows = await readAllRecords(file);
const { train, validation } = splitRows(rows);
console.log(`IMDB train.tsv.gz: ${rows.length} reviews; trained on ${train.length}, validated on ${validation.length} (seed 42)`);
console.log(`sizes are of the model trained on the ${train.length} reviews${full ? `; "full" columns: trained on all ${rows.length}` : ' (add --full for the 25,000-review models)'}\n`);

const kb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const head = ['setting'.padEnd(56), 'accuracy', 'train s', 'vocabulary', 'raw', 'gzip', ...(full ? ['full raw', 'full gzip'] : [])];
const widths = [56, 8, 7, 10, 8, 8, 8, 9];
const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]) : String(c).padStart(widths[i]))).join('  ');
console.log(line(head));
console.log(line(head.map((_, i) => '-'.repeat(widths[i]))));
for (const [name, options] of SETTINGS) {
  const t0 = performance.now();
  const model = trainOn(NaiveBayesTrainer, train, options);
  const trainS = (performance.now() - t0) / 1000;
  let cells;
  try {
    const { accuracy } = evaluate(model, validation);
    const bytes = model.save();
    cells = [name, accuracy.toFixed(4), trainS.toFixed(2), model.info().vocabularySize.toLocaleString('en-US'), kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length)];
  } finally {
    model.dispose();
  }
  if (full) {
    const all = trainOn(NaiveBayesTrainer, rows, options);
    try {
      const bytes = all.save();
      cells.push(kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length));
    } finally {
      all.dispose();
    }
  }
  console.log(line(cells));
}
