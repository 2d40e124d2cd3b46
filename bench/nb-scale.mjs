// Training at scale: a seeded synthetic corpus (bench/lib/markov-corpus.mjs,
// fitted on ../shared/data/imdb/train.tsv.gz) of 25,000, 100,000 and
// 1,000,000 reviews, trained by the CLI with the NB options of issue #9
// (1-3-grams, binary, min-df 2, 350,000 features, 8-bit; `shipped` as the
// second argument: the shipped model's counting options, 500,000 features)
// and its default memory budget, with --jobs 1 and --jobs 2. Prints, for each: wall
// time, documents/s, MB/s of text, peak RSS, peak WebAssembly memory (the
// main thread's and each worker's), the most temporary disk used, and the
// speed-up of 2 jobs over 1; and checks both give the same model bytes.
// The corpus goes to a temporary directory, removed at the end. A script that
// prints figures, not a test. Usage: node bench/nb-scale.mjs [sizes, e.g. 25000,100000] [nb|shipped]
import './lib/help.mjs';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPath } from './data.mjs';
import { readAllRecords } from './split.mjs';
import { fitChain, writeCorpus } from './lib/markov-corpus.mjs';
import { NB_OPTIONS, SHIPPED_OPTIONS } from '../scripts/model-options.mjs';

const CLI = fileURLToPath(new URL('../bin/palette-sentiment.js', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./lib/report-peak.mjs', import.meta.url));
const SIZES = (process.argv[2] ?? '25000,100000,1000000').split(',').map(Number);
const source = dataPath('imdb', 'train.tsv.gz');
if (!source) {
  console.log('bench/nb-scale: ../shared/data/imdb/train.tsv.gz not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
const { ngrams, binary, minDf, maxFeatures, alpha, weightBits } = process.argv[3] === 'shipped' ? SHIPPED_OPTIONS : NB_OPTIONS;
const OPTIONS = ['--ngrams', ngrams.join('-'), ...(binary ? ['--binary'] : []), '--min-df', minDf, '--max-features', maxFeatures,
  '--alpha', alpha, '--weight-bits', weightBits].map(String);
const MB = (n) => `${(n / 1e6).toFixed(0)} MB`;
const work = mkdtempSync(path.join(tmpdir(), 'nb-scale-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** Bytes of every file under dir. */
function diskUse(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    try {
      total += entry.isDirectory() ? diskUse(full) : statSync(full).size;
    } catch { /* removed while we looked */ }
  }
  return total;
}

/** The first n reviews of file into a new file (the corpus is generated once, at the largest size). */
async function prefix(file, n, into) {
  const out = createWriteStream(into);
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (lines++ > n) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(into).size;
}

/** One CLI run: wall seconds, peak RSS, WebAssembly memories, the most temporary disk used, the model's bytes. */
async function train(corpus, jobs) {
  const temp = mkdtempSync(path.join(work, 'tmp-'));
  const peakFile = path.join(work, 'peak.json');
  const model = path.join(work, `model-${jobs}.nbm`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PRELOAD, CLI, 'train', corpus, '-o', model, ...OPTIONS, '--jobs', String(jobs)],
    { env: { ...process.env, TMPDIR: temp, PEAK_FILE: peakFile, SOURCE_DATE_EPOCH: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  let disk = 0;
  const poll = setInterval(() => { disk = Math.max(disk, diskUse(temp)); }, 50);
  const [code] = await once(child, 'close');
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`train --jobs ${jobs} exited with ${code}`);
  const peak = JSON.parse(readFileSync(peakFile, 'utf8'));
  rmSync(temp, { recursive: true, force: true });
  return { seconds, ...peak, disk, bytes: readFileSync(model) };
}

let started = performance.now();
const chain = fitChain(await readAllRecords(source));
const largest = Math.max(...SIZES);
const full = path.join(work, `corpus-${largest}.tsv`);
const { bytes: fullBytes } = await writeCorpus(chain, largest, full);
console.log(`corpus: ${largest.toLocaleString('en-US')} reviews, ${MB(fullBytes)}, generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`options: ${OPTIONS.join(' ')}, default --memory (256M)`);
console.log('reviews    jobs  wall s   docs/s  text MB/s  peak RSS  wasm main / workers     temp disk  same bytes');
for (const size of SIZES) {
  const corpus = size === largest ? full : path.join(work, `corpus-${size}.tsv`);
  const textBytes = size === largest ? fullBytes : await prefix(full, size, corpus);
  const runs = [];
  for (const jobs of [1, 2]) {
    const r = await train(corpus, jobs);
    runs.push(r);
    console.log([
      size.toLocaleString('en-US').padStart(9), String(jobs).padStart(4), r.seconds.toFixed(1).padStart(7),
      Math.round(size / r.seconds).toLocaleString('en-US').padStart(8), (textBytes / 1e6 / r.seconds).toFixed(2).padStart(10),
      MB(r.maxRss).padStart(9), `${MB(r.wasm)} / ${r.workers.map(MB).join(', ') || '-'}`.padStart(24), MB(r.disk).padStart(10),
      jobs === 2 ? String(Buffer.compare(r.bytes, runs[0].bytes) === 0).padStart(11) : '',
    ].join(' '));
  }
  console.log(`${size.toLocaleString('en-US').padStart(9)}  --jobs 2 speed-up over --jobs 1: ${(runs[0].seconds / runs[1].seconds).toFixed(2)}x`);
  if (size !== largest) rmSync(corpus);
}
