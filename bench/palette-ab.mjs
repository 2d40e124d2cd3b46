// Two or more builds of the .wasm side by side, extraction only: the builds
// take turns, image by image, for --runs rounds after an untimed one; each
// extraction is timed from pixels just copied into the build's memory (as
// extractPalette() copies them, untimed here); an image's time is its
// minimum over the rounds (the machine is shared and noisy: the minimum is
// what the code costs). Prints, per set and k, the sum of those minima for
// each build and its ratio to the first, and whether every build gave the
// same palettes. The alpha threshold is 0 (every pixel counts, as in
// bench/palette.mjs) unless --alpha sets it (the library's default is 128).
//
// node bench/palette-ab.mjs BEFORE.wasm AFTER.wasm [more.wasm] [--runs N] [--k 5,8] [--sets ui,photo,large] [--alpha A]
import './lib/help.mjs';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { init } from '../web/index.js';
import { dataPath } from './data.mjs';
import { loadSets } from './palette-images.mjs';
import { loadBuild } from './lib/wasm-build.mjs';

const { values: args, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '20' },
    k: { type: 'string', default: '5,8' },
    sets: { type: 'string', default: 'ui,photo,large' },
    alpha: { type: 'string', default: '0' },
  },
});
const alpha = Number(args.alpha);
if (files.length < 2 || !Number.isInteger(alpha) || alpha < 0 || alpha > 256) {
  console.log('usage: node bench/palette-ab.mjs BEFORE.wasm AFTER.wasm [more.wasm] [--runs N] [--k 5,8] [--sets ui,photo,large] [--alpha A]');
  process.exit(2);
}
const root = dataPath('images');
if (!root) {
  console.log('bench/palette-ab: ../shared/data/images not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init(readFileSync(new URL('../wasm-build/palette-sentiment.wasm', import.meta.url))); // for decoding only
const wanted = new Set(args.sets.split(','));
const sets = loadSets(root).filter(({ set, images }) => wanted.has(set) && images.length > 0);

/** One build, instantiated on its own, with room for every image of the sets in its memory. */
async function build(file) {
  const x = await loadBuild(file);
  const out = x.ps_alloc(8);
  const pixels = new Map();
  for (const { images } of sets) {
    for (const image of images) {
      pixels.set(image, x.ps_alloc(image.data.length));
    }
  }
  return { file, x, out, pixels };
}

/** The palette of an image at k, timed: {ms, rgb: the colours in order}. */
function extract(b, image, options) {
  const { x, out } = b;
  new Uint8Array(x.memory.buffer, b.pixels.get(image), image.data.length).set(image.data);
  const t0 = performance.now();
  if (x.ps_palette_extract(b.pixels.get(image), image.width, image.height, options, out) !== 0) throw new Error(`${b.file}: extraction failed`);
  const ms = performance.now() - t0;
  const pal = new Uint32Array(x.memory.buffer, out, 1)[0];
  const rgb = Array.from({ length: x.ps_palette_size(pal) }, (_, i) => x.ps_palette_rgb(pal, i) >>> 0).join(',');
  x.ps_palette_destroy(pal);
  return { ms, rgb };
}

function optionsFor(b, k) {
  const { x, out } = b;
  if (x.ps_palette_options_create(out) !== 0) throw new Error('options');
  const o = new Uint32Array(x.memory.buffer, out, 1)[0];
  if (x.ps_palette_options_set_k(o, k) !== 0 || x.ps_palette_options_set_alpha_threshold(o, alpha) !== 0) throw new Error('options');
  return o;
}

const builds = [];
for (const file of files) builds.push(await build(file));
const runs = Number(args.runs);
console.log(`${runs} rounds after one untimed; builds: ${files.join(', ')}`);
for (const k of args.k.split(',').map(Number)) {
  const options = builds.map((b) => optionsFor(b, k));
  for (const { set, images } of sets) {
    const best = builds.map(() => images.map(() => Infinity));
    let same = true;
    for (let round = 0; round <= runs; round++) {
      images.forEach((image, i) => {
        const palettes = builds.map((b, j) => {
          const { ms, rgb } = extract(b, image, options[j]);
          if (round > 0) best[j][i] = Math.min(best[j][i], ms);
          return rgb;
        });
        same &&= palettes.every((p) => p === palettes[0]);
      });
    }
    const sums = best.map((times) => times.reduce((a, b) => a + b, 0));
    const cells = sums.map((sum, j) => `${sum.toFixed(2).padStart(9)} ms${j ? ` (${(sum / sums[0]).toFixed(3)}×)` : '         '}`);
    console.log(`${`${set} (${images.length}) k${k}`.padEnd(16)}${cells.join('  ')}   same palettes: ${same}`);
  }
  builds.forEach((b, j) => b.x.ps_palette_options_destroy(options[j]));
}
