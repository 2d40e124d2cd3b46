// Naive Bayes benchmark, WebAssembly under Node, on ../shared/data/imdb/train.tsv.gz:
// train time on all 25,000 reviews (uni+bi counts; NB's options and the shipped
// NB-weighted logistic regression, each on 1 and 2 threads for the counts);
// prediction µs per review (median over the 5,000 validation reviews of the
// seeded 80/20 split, explain 10 and explain 0, with the 80 % models of NB and of
// the shipped options side by side, and with the shipped model file loaded);
// shipped model bytes (raw, gzip),
// load ms (median of 10 loads of models/imdb-sentiment.nbm); peak memory; and the
// 80/20 validation accuracy. A script that prints figures, not a test.
import './lib/help.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { init, NaiveBayes } from '../web/node.js';
import { wasm } from '../web/text-wasm.js';
import { dataPath, median } from './data.mjs';
import { evaluate, fit, readAllRecords, splitRows } from './split.mjs';
import { NB_TRAINING, SHIPPED_TRAINING } from '../scripts/model-options.mjs';
import { coreThroughput } from './lib/cores.mjs';

const MODEL = fileURLToPath(new URL('../models/imdb-sentiment.nbm', import.meta.url));
const file = dataPath('imdb', 'train.tsv.gz');
if (!file) {
  console.log('bench/nb: ../shared/data/imdb/train.tsv.gz not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init();
const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;
const row = (name, value) => console.log(`${name.padEnd(46)} ${value}`);

let t0 = performance.now();
const rows = await readAllRecords(file);
row(`read + parse train.tsv.gz (${rows.length} rows)`, `${((performance.now() - t0) / 1000).toFixed(2)} s`);

const { train, validation } = splitRows(rows);

function timePredictions(name, predictor) {
  for (const explain of [10, 0]) {
    const times = new Array(validation.length);
    for (let i = 0; i < validation.length; i++) {
      const start = performance.now();
      predictor.predict(validation[i].text, { explain });
      times[i] = performance.now() - start;
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    row(`predict µs/review, ${name}, explain ${explain}`, `median ${(median(times) * 1000).toFixed(1)}, mean ${(mean * 1000).toFixed(1)} (${validation.length} reviews)`);
  }
}

// The shipped file first, while the WebAssembly memory is as small as in a page
// that only loads the model: training grows it to ~800 MB, which slows lookups.
if (existsSync(MODEL)) {
  const bytes = readFileSync(MODEL);
  row('models/imdb-sentiment.nbm', `${bytes.length.toLocaleString('en-US')} bytes raw (${MB(bytes.length)}), ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en-US')} gzip -9`);
  const loads = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    const loaded = NaiveBayes.load(bytes);
    loads.push(performance.now() - start);
    loaded.dispose();
  }
  row('load ms (median of 10)', `${median(loads).toFixed(1)} (first ${loads[0].toFixed(1)}, min ${Math.min(...loads).toFixed(1)})`);
  const shipped = NaiveBayes.load(bytes);
  // V8 first runs WebAssembly with its baseline compiler and tiers hot code up
  // in the background: time one cold pass, then the steady state.
  timePredictions('shipped file, cold pass', shipped);
  timePredictions('shipped file, warm', shipped);
  shipped.dispose();
} else {
  row('models/imdb-sentiment.nbm', "missing: build it with 'make model'");
}

// Training: in memory (a 1.5 GiB limit, what the browser has), then within the CLI's default 256 MiB
// (the counts spill to temporary files), then on 2 worker threads; the same model every time. NB's options
// beside the shipped NB-weighted logistic regression, whose counts are the part that spills and runs on jobs.
const UNBOUNDED = 1536 * 2 ** 20;
// The first training with jobs starts the worker threads, which then wait for the next one (warm: their
// memory touched): it is timed on its own line, and the trainings with jobs follow one another.
const trainings = [
  ['uni+bi, counts', { ngrams: [1, 2], memoryLimit: UNBOUNDED }],
  ['NB options, in memory', { ...NB_TRAINING, memoryLimit: UNBOUNDED }],
  ['shipped options, in memory', { ...SHIPPED_TRAINING, memoryLimit: UNBOUNDED }],
  ['shipped options, 256 MiB limit', { ...SHIPPED_TRAINING, memoryLimit: 256 * 2 ** 20 }],
  ['NB options, 2 jobs, 256 MiB limit, the first with jobs (new workers)', { ...NB_TRAINING, memoryLimit: 256 * 2 ** 20, jobs: 2 }],
  ['NB options, 2 jobs, in memory', { ...NB_TRAINING, memoryLimit: UNBOUNDED, jobs: 2 }],
  ['NB options, 2 jobs, 256 MiB limit', { ...NB_TRAINING, memoryLimit: 256 * 2 ** 20, jobs: 2 }],
  ['shipped options, 2 jobs, in memory', { ...SHIPPED_TRAINING, memoryLimit: UNBOUNDED, jobs: 2 }],
  ['shipped options, 2 jobs, 256 MiB limit', { ...SHIPPED_TRAINING, memoryLimit: 256 * 2 ** 20, jobs: 2 }],
];
const texts = rows.map((r) => r.text);
const labels = rows.map((r) => r.label);
const trained = new Map();
row('cores, for the jobs lines', (await coreThroughput()).text);
for (const [name, options] of trainings) {
  t0 = performance.now();
  const cpu = process.cpuUsage();
  const model = await NaiveBayes.train(texts, labels, options);
  const ms = performance.now() - t0;
  const { user, system } = process.cpuUsage(cpu);
  const bytes = model.save();
  const kind = ['shipped', 'NB options'].find((prefix) => name.startsWith(prefix));
  const same = kind ? `, same bytes: ${Buffer.compare(bytes, trained.get(kind) ?? bytes) === 0}` : '';
  if (kind) trained.set(kind, trained.get(kind) ?? bytes);
  row(`train ${rows.length} reviews, ${name}`, `${(ms / 1000).toFixed(2)} s (this thread's CPU ${((user + system) / 1e6).toFixed(2)} s; `
    + `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; vocabulary ${model.info().vocabularySize.toLocaleString('en-US')}${same})`);
  model.dispose();
}

// NB and the shipped kind side by side, each warmed up by a pass before the timed ones.
const models = [['NB 80 % model', await fit(NaiveBayes, train, NB_TRAINING)], ['shipped-options 80 % model', await fit(NaiveBayes, train, SHIPPED_TRAINING)]];
for (const [name, model] of models) timePredictions(`${name}, warm-up`, model);
for (const [name, model] of models) timePredictions(`${name}, warm`, model);
for (const [name, model] of models) {
  row(`validation accuracy (80/20, seed 42), ${name}`, evaluate(model, validation).accuracy.toFixed(4));
  model.dispose();
}

row('peak memory', `RSS ${MB(process.resourceUsage().maxRSS * 1024)}, WebAssembly memory ${MB(wasm().memory.buffer.byteLength)}`);
