// Naive Bayes options for Chinese: for each setting, validation accuracy on the
// seeded 80/20 split of ../shared/data/zh/waimai_10k.tsv.gz (bench/split.mjs),
// vocabulary and model size. Character n-grams (the tokenizer's charNgrams)
// against the word rules of format 1, counts against presence, smoothing and
// pruning; the setting `make model-zh` ships is marked. A script that prints
// figures, not a test. The last rows: the NB-weighted logistic regression (kind
// 'nblr') on the shipped features.
import './lib/help.mjs';
import { gzipSync } from 'node:zlib';
import { init, NaiveBayes, NaiveBayesTrainer } from '../web/index.js';
import { dataPath } from './data.mjs';
import { evaluate, fit, readAllRecords, splitRows, trainOn } from './split.mjs';
import { ZH_TRAINING } from '../scripts/model-options.mjs';

const WORDS_1 = { charNgrams: false, emoji: false, unicodeCase: false };
export const SETTINGS = [
  ['format 1 words, uni+bi, binary (the issue\'s "today")', { ...WORDS_1, ngrams: [1, 2], binary: true }],
];
for (const charNgrams of [[1, 1], [1, 2], [1, 3], [2, 3]]) {
  for (const binary of [false, true]) {
    for (const alpha of [1, 0.5, 0.25, 0.1]) {
      for (const minDf of [1, 2, 3]) {
        SETTINGS.push([`char ${charNgrams.join('-')}, ${binary ? 'binary' : 'counts'}, α ${alpha}, min_df ${minDf}`, { charNgrams, binary, alpha, minDf }]);
      }
    }
  }
}

const file = dataPath('zh', 'waimai_10k.tsv.gz');
if (!file) {
  console.log('bench/zh-options: ../shared/data/zh/waimai_10k.tsv.gz not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init();
const rows = await readAllRecords(file, { text: 'review', label: 'sentiment' });
const { train, validation } = splitRows(rows);
console.log(`waimai_10k.tsv.gz: ${rows.length} reviews; trained on ${train.length}, validated on ${validation.length} (seed 42)`);
console.log(`shipped by make model-zh: ${JSON.stringify(ZH_TRAINING)}\n`);

for (const charNgrams of [[1, 2], [1, 3]]) {
  for (const [weightBits, maxFeatures] of [[8, 0], [8, 50_000], [8, 20_000]]) {
    SETTINGS.push([`char ${charNgrams.join('-')}, binary, α 1, ${weightBits}-bit${maxFeatures ? `, max ${maxFeatures / 1000}k` : ''}`,
      { charNgrams, binary: true, weightBits, maxFeatures }]);
  }
}
SETTINGS.push(['shipped by make model-zh', ZH_TRAINING]);
// The NB-weighted logistic regression on the shipped model's features (NaiveBayes.train: one pass per epoch).
for (const l2 of [10, 5, 2]) {
  for (const nbMix of [0, 0.05]) SETTINGS.push([`nblr on those features, λ ${l2}, NB mix ${nbMix}`, { ...ZH_TRAINING, kind: 'nblr', l2, nbMix }]);
}

const kb = (n) => `${(n / 1e3).toFixed(0)} kB`;
const head = ['setting'.padEnd(52), 'accuracy', 'train s', 'vocabulary', 'raw', 'gzip'];
const widths = [52, 8, 7, 10, 8, 8];
const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]) : String(c).padStart(widths[i]))).join('  ');
const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
console.log(line(head));
console.log(line(head.map((_, i) => '-'.repeat(widths[i]))));
let best = null;
for (const [name, options] of SETTINGS) {
  const t0 = performance.now();
  const model = options.kind === 'nblr' ? await fit(NaiveBayes, train, options) : trainOn(NaiveBayesTrainer, train, options);
  const trainS = (performance.now() - t0) / 1000;
  try {
    const { accuracy } = evaluate(model, validation);
    const bytes = model.save();
    const shipped = model.info().kind === (ZH_TRAINING.kind ?? 'nb') && same(model.info().options, { ...model.info().options, ...ZH_TRAINING });
    console.log(line([`${shipped ? '* ' : ''}${name}`, accuracy.toFixed(4), trainS.toFixed(2), model.info().vocabularySize.toLocaleString('en-US'),
      kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length)]));
    if (!best || accuracy > best.accuracy) best = { name, accuracy };
  } finally {
    model.dispose();
  }
}
console.log(`\nbest: ${best.name} (${best.accuracy.toFixed(4)}); * = the options make model-zh ships`);
