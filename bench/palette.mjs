// Palette benchmark, side by side with color-thief 3.5 (a pinned dev
// dependency) in one process: for the UI screenshots, 0.4-megapixel photos (the
// large images scaled down) and the 4096² images of ../shared/data/images, and
// k = 5 and 8, the median time of each image (after untimed warm-up rounds over the set, the
// three extractors taking turns, then ours and color-thief RGB each back to
// back) and the mean ΔE76 over every pixel of the full image (alpha ignored);
// then per set the medians, the first call in a fresh process and the CLI on
// one image (medians of 5 processes), `palette --jobs 2` against `--jobs 1` on
// 100 photos, and the ratio lines of issue #11's targets.
//
// Color-thief reads pixels through a canvas or sharp, neither of which is here,
// so it gets the same decoded RGBA through its own pipeline function
// (colorthief/internals: extractPalette with validateOptions and its MMCQ
// quantizer), in RGB mode and in its default (OKLCH) mode, with its defaults
// otherwise (quality 10: every tenth pixel; white ignored).
// Ours: `ms` is timing.extractMs, the extraction from JS pixels (copying
// them into WebAssembly memory included: over 2^15 pixels that is done part
// by part, interleaved with counting), `call` the whole extractPalette() call,
// which also checks the options and reads the palette out.
//
// node bench/palette.mjs [--runs N] [--sets ui,photo,large] [--wasm FILE]
//   [--no-cold] [--no-jobs] [--verbose] [--save FILE] [--compare FILE]
// --save writes the set medians as JSON; --compare puts a saved run beside this one.
import './lib/help.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MmcqQuantizer, extractPalette as colorThief, validateOptions } from 'colorthief/internals';
import { init, extractPalette, remapImage } from '../web/index.js';
import { dataPath, median } from './data.mjs';
import { loadSets } from './palette-images.mjs';
import { coldRows, jobsRows } from './palette-fresh.mjs';

const KS = [5, 8];
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sets: { type: 'string', default: 'ui,photo,large' },
    wasm: { type: 'string' },
    'no-cold': { type: 'boolean' },
    'no-jobs': { type: 'boolean' },
    verbose: { type: 'boolean' },
    save: { type: 'string' },
    compare: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const root = dataPath('images');
if (!root) {
  console.log('bench/palette: ../shared/data/images not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
const wasmFile = args.wasm ?? fileURLToPath(new URL('../wasm-build/palette-sentiment.wasm', import.meta.url));
await init(readFileSync(wasmFile));

const quantizer = new MmcqQuantizer();
const EXTRACTORS = {
  ours: (image, k) => {
    const t0 = performance.now();
    const result = extractPalette(image, { k, alphaThreshold: 0 });
    return { colors: result.colors.map((c) => c.rgb), call: performance.now() - t0, ms: result.timing.extractMs };
  },
  'ct-rgb': colorThiefIn('rgb'),
  'ct-oklch': colorThiefIn('oklch'),
};
const NAMES = Object.keys(EXTRACTORS);

function colorThiefIn(colorSpace) {
  const options = Object.fromEntries(KS.map((k) => [k, validateOptions({ colorCount: k, colorSpace })]));
  return (image, k) => {
    const t0 = performance.now();
    const palette = colorThief(image.data, image.width, image.height, options[k], quantizer);
    const call = performance.now() - t0;
    return { colors: palette.map((c) => c.array()), call, ms: call };
  };
}

/**
 * Untimed rounds over a whole set, every extractor and k, until WARM_UP_MS have passed (at least one).
 * color-thief is JS, which V8 optimises only after many calls, and so is our wrapper: measured image
 * by image from a cold start, color-thief's UI times halved over the first rounds, which flattered
 * whichever extractor the set's first images found warmer.
 */
const WARM_UP_MS = 1000;
function warmUp(images) {
  const start = performance.now();
  do {
    for (const k of KS) for (const image of images) for (const name of NAMES) EXTRACTORS[name](image, k);
  } while (performance.now() - start < WARM_UP_MS);
}

/**
 * Median times and ΔE of each extractor on one image and k. First the
 * extractors take turns, call by call, so each call finds the cache holding
 * the last library's data; then ours and color-thief RGB each run RUNS calls
 * back to back (after an untimed one), their own data still in the cache
 * (`b2b`; which of the two goes first alternates from image to image). The
 * target's figure is the first: a page or batch does other work between two
 * palettes.
 */
const B2B = ['ours', 'ct-rgb'];
let b2bTurn = 0;
function measure(image, k) {
  const times = Object.fromEntries(NAMES.map((name) => [name, { call: [], ms: [], b2b: [] }]));
  const last = {};
  for (const name of NAMES) last[name] = EXTRACTORS[name](image, k); // untimed warm-up
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < NAMES.length; i++) {
      const name = NAMES[(run + i) % NAMES.length];
      last[name] = EXTRACTORS[name](image, k);
      times[name].call.push(last[name].call);
      times[name].ms.push(last[name].ms);
    }
  }
  b2bTurn++;
  for (let i = 0; i < B2B.length; i++) {
    const name = B2B[(b2bTurn + i) % B2B.length];
    EXTRACTORS[name](image, k);
    for (let run = 0; run < RUNS; run++) times[name].b2b.push(EXTRACTORS[name](image, k).call);
  }
  return Object.fromEntries(NAMES.map((name) => [name, {
    call: median(times[name].call),
    ms: median(times[name].ms),
    b2b: times[name].b2b.length ? median(times[name].b2b) : undefined,
    deltaE: remapImage(image, last[name].colors).deltaE,
  }]));
}

const f = (x, digits = 2) => (x === undefined ? '-' : x.toFixed(digits)).padStart(8);
const header = (first) => `${first.padEnd(36)} ${'k'.padStart(2)} ${'ms'.padStart(8)} ${'call'.padStart(8)} ${'ΔE'.padStart(8)}`
  + `${'rgb ms'.padStart(9)} ${'ΔE'.padStart(8)}${'oklch ms'.padStart(9)} ${'ΔE'.padStart(8)} ${'call/rgb'.padStart(8)}`;
const line = (label, k, m) => `${label.padEnd(36)} ${String(k).padStart(2)} ${f(m.ours.ms)} ${f(m.ours.call)} ${f(m.ours.deltaE)} `
  + `${f(m['ct-rgb'].call)} ${f(m['ct-rgb'].deltaE)} ${f(m['ct-oklch'].call)} ${f(m['ct-oklch'].deltaE)} ${f(m.ours.call / m['ct-rgb'].call)}`;

const wanted = new Set(args.sets.split(','));
const sets = loadSets(root).filter(({ set }) => wanted.has(set));
console.log(`ours: ${wasmFile}; color-thief ${JSON.parse(readFileSync(new URL('../node_modules/colorthief/package.json', import.meta.url))).version}; ${RUNS} timed runs each`);
console.log(header('image'));
const summary = {};
for (const { set, images } of sets) {
  if (images.length === 0) continue;
  const perK = {};
  warmUp(images);
  for (const k of KS) {
    const rows = images.map((image) => ({ image, m: measure(image, k) }));
    if (args.verbose) for (const { image, m } of rows) console.log(line(image.name, k, m));
    const med = Object.fromEntries(NAMES.map((name) => [name, Object.fromEntries(['call', 'ms', 'deltaE', ...(B2B.includes(name) ? ['b2b'] : [])]
      .map((key) => [key, median(rows.map(({ m }) => m[name][key]))]))]));
    // the image of median time, for the fresh-process measurements
    const byTime = [...rows].sort((a, b) => a.m.ours.ms - b.m.ours.ms);
    perK[k] = { ...med, typical: byTime[byTime.length >> 1].image.name };
    console.log(line(`median ${set} (${images.length} images)`, k, med));
    console.log(`${'  back to back: ours call, color-thief RGB'.padEnd(48)} ${f(med.ours.b2b)} ${f(med['ct-rgb'].b2b)}   ${f(med.ours.b2b / med['ct-rgb'].b2b)}`);
  }
  summary[set] = perK;
}

const fresh = args['no-cold'] ? [] : coldRows(sets, summary, KS, args.wasm);
const jobs = args['no-jobs'] ? [] : await jobsRows(sets);
for (const row of [...fresh, ...jobs]) if (row.text) console.log(row.text);

console.log('\ntargets (issue #11), ratios from this run:');
const ratio = (set, k, key = 'call') => summary[set]?.[k] && summary[set][k].ours[key] / summary[set][k]['ct-rgb'][key];
const target = (label, value, goal) => console.log(`  ${label.padEnd(58)} ${value}   target ${goal}`);
for (const [set, label] of [['ui', 'UI screenshots, warm, vs color-thief RGB'], ['photo', '0.4-megapixel photos, warm, vs color-thief RGB']]) {
  if (!summary[set]) continue;
  target(label, KS.map((k) => `k${k} ${ratio(set, k).toFixed(2)}×`).join(' '), '≤ 0.5×');
  console.log(`  ${'  the same, each library back to back (cache warm)'.padEnd(58)} ${KS.map((k) => `k${k} ${ratio(set, k, 'b2b').toFixed(2)}×`).join(' ')}   not the target's figure`);
}
if (summary.large) {
  target('4096², every pixel, k 8 (ms inside / whole call)', `${summary.large[8].ours.ms.toFixed(1)} / ${summary.large[8].ours.call.toFixed(1)} ms`, '≤ 45 ms');
  target('4096², k 8, vs color-thief RGB', `${ratio('large', 8).toFixed(3)}×`, '≤ 0.12×');
}
for (const row of fresh) if (row.target) target(row.target, row.value, '≤ 2×');
for (const row of jobs) if (row.target) target(row.target, row.value, '≥ 1.8×');
const wasmBytes = readFileSync(wasmFile);
target('.wasm', `${wasmBytes.length.toLocaleString('en-US')} bytes (gzip -9 ${gzipSync(wasmBytes, { level: 9 }).length.toLocaleString('en-US')})`, '≤ 150 KB (150,000 bytes)');
if (args.compare) {
  const before = JSON.parse(readFileSync(args.compare, 'utf8'));
  for (const set of Object.keys(summary)) {
    for (const k of KS) {
      const was = before[set]?.[k]?.ours;
      if (!was) continue;
      const now = summary[set][k].ours;
      target(`median ΔE ${set} k${k}: ${was.deltaE.toFixed(3)} → ${now.deltaE.toFixed(3)}; ms ${was.ms.toFixed(2)} → ${now.ms.toFixed(2)}`,
        `${(now.deltaE / was.deltaE).toFixed(4)}×`, '≤ 1.01×');
    }
  }
}
if (args.save) writeFileSync(args.save, `${JSON.stringify(summary, null, 1)}\n`);
