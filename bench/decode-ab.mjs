// Two or more builds of the .wasm side by side, image decoding only (what the
// CLI and extractPalette(bytes) do before the palette): the builds take turns,
// file by file, for --runs rounds after an untimed one; a file's time is its
// minimum over the rounds. Prints each file's minimum for each build and its
// ratio to the first, and whether every build decoded the same pixels.
// Files: the 4096² JPEGs and the UI screenshots (PNG) of ../shared/data/images,
// or those given with --files.
//
// node bench/decode-ab.mjs BEFORE.wasm AFTER.wasm [more.wasm] [--runs N] [--files a.jpg,b.png]
import './lib/help.mjs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dataPath } from './data.mjs';
import { loadBuild } from './lib/wasm-build.mjs';

const { values: args, positionals: wasmFiles } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, files: { type: 'string' } },
});
if (wasmFiles.length < 2) {
  console.log('usage: node bench/decode-ab.mjs BEFORE.wasm AFTER.wasm [more.wasm] [--runs N] [--files a.jpg,b.png]');
  process.exit(2);
}

function sharedImages() {
  const root = dataPath('images');
  if (!root) return [];
  const list = (dir, ext) => readdirSync(join(root, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => join(root, dir, f));
  return [...list('large', '.jpg'), ...list('ui', '.png')];
}
const files = args.files ? args.files.split(',') : sharedImages();
if (files.length === 0) {
  console.log('bench/decode-ab: ../shared/data/images not found (set PS_DATA) and no --files; nothing to measure');
  process.exit(0);
}

async function build(file) {
  const x = await loadBuild(file);
  return { file, x, out: x.ps_alloc(12) };
}

/** The file's pixels decoded by build b, timed: {ms, hash of the pixels}. */
function decode(b, bytes) {
  const { x, out } = b;
  const input = x.ps_alloc(bytes.length);
  new Uint8Array(x.memory.buffer, input, bytes.length).set(bytes);
  const t0 = performance.now();
  const status = x.ps_image_decode(input, bytes.length, 0, out, out + 4, out + 8);
  const ms = performance.now() - t0;
  x.ps_free(input);
  if (status !== 0) throw new Error(`${b.file}: decoding failed (status ${status})`);
  const [pixels, width, height] = new Uint32Array(x.memory.buffer, out, 3);
  const hash = createHash('sha1').update(new Uint8Array(x.memory.buffer, pixels, width * height * 4)).digest('hex');
  x.ps_free(pixels);
  return { ms, hash };
}

/** A line: the label, the first build's ms, then each other build's ms and its ratio to the first. */
function row(label, ms) {
  const others = ms.slice(1).map((m) => `${m.toFixed(2).padStart(8)} (${(m / ms[0]).toFixed(3)}×)`).join('  ');
  return `${label.padEnd(36)} ${ms[0].toFixed(2).padStart(8)}  ${others}`;
}

const builds = [];
for (const file of wasmFiles) builds.push(await build(file));
const runs = Number(args.runs);
console.log(`${runs} rounds after one untimed; builds: ${wasmFiles.join(', ')}; minimum ms per file`);
let same = true;
const totals = builds.map(() => 0);
for (const file of files) {
  const bytes = readFileSync(file);
  const best = builds.map(() => Infinity);
  for (let round = 0; round <= runs; round++) {
    const hashes = builds.map((b, j) => {
      const { ms, hash } = decode(b, bytes);
      if (round > 0) best[j] = Math.min(best[j], ms);
      return hash;
    });
    same &&= hashes.every((h) => h === hashes[0]);
  }
  best.forEach((ms, j) => { totals[j] += ms; });
  console.log(row(file.split('/').slice(-2).join('/'), best));
}
console.log(`${row('all files', totals)}   same pixels: ${same}`);
