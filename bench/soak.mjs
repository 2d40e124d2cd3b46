// Soak test (a bench, not a test): many palette extractions and predictions in
// one process; prints the WebAssembly memory size at start and end and the
// wall time. A leak shows as growth between the two. Counts are overridable:
//   SOAK_PALETTES=1000 SOAK_PREDICTIONS=1000000 node bench/soak.mjs
// Images: ../shared/data/images/ui/*.png (or $PS_DATA/images/ui), else synthetic.
import './lib/help.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, extractPalette, NaiveBayes } from '../web/index.js';
import { loadedLibraries } from '../web/wasm.js';

const PALETTES = Number(process.env.SOAK_PALETTES ?? 1000);
const PREDICTIONS = Number(process.env.SOAK_PREDICTIONS ?? 1_000_000);
const MODEL = fileURLToPath(new URL('../models/imdb-sentiment.nbm', import.meta.url));
const UI = process.env.PS_DATA
  ? join(process.env.PS_DATA, 'images', 'ui')
  : fileURLToPath(new URL('../../shared/data/images/ui', import.meta.url));

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
// The palette and the text functions each have their own module and memory.
const memory = () => loadedLibraries().reduce((sum, lib) => sum + lib.wasm().memory.buffer.byteLength, 0);
/** where a fresh 4 KB block lands in each module: moves if something leaked, even without growth */
function probe() {
  return loadedLibraries().map(({ wasm }) => {
    const ptr = wasm().ps_alloc(4096);
    wasm().ps_free(ptr);
    return ptr;
  }).join('/');
}

function syntheticImages() {
  return [[64, 48], [200, 150], [31, 17]].map(([width, height], n) => {
    const data = new Uint8ClampedArray(width * height * 4);
    let s = 12345 + n;
    for (let i = 0; i < data.length; i += 4) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data.set([(i / 4) % width * 4, (s >>> 24) & 0xF0, (i / 4 / width) * 3, 255], i);
    }
    return { name: `synthetic ${width}x${height}`, image: { data, width, height } };
  });
}

function images() {
  if (!existsSync(UI)) return syntheticImages();
  const files = readdirSync(UI).filter((name) => name.endsWith('.png')).sort();
  if (!files.length) return syntheticImages();
  return files.map((name) => ({ name, image: readFileSync(join(UI, name)) }));
}

const REVIEWS = [
  'A moving, beautifully acted film with a wonderful score.',
  'The worst movie I have ever seen: boring, stupid and far too long.',
  'Not bad at all, though the ending was rushed and the dialogue was weak in places.',
  '', '!!!', 'the and of a',
  'I really wanted to like this one, but the plot makes no sense and the acting is wooden. '.repeat(5),
  'Brilliant. 10/10 would watch again, my kids loved it and so did I.',
];

await init();
const startMemory = memory();
const startProbe = probe();
console.log(`WebAssembly memory at start: ${mb(startMemory)} (${startMemory} bytes)`);

const set = images();
console.log(`palettes: ${PALETTES} extractions over ${set.length} images (${existsSync(UI) ? UI : 'synthetic'})`);
let t0 = performance.now();
let checksum = 0;
for (let i = 0; i < PALETTES; i++) {
  const { image } = set[i % set.length];
  checksum += extractPalette(image, { k: 2 + (i % 7), seed: i }).colors.length;
}
const paletteSeconds = (performance.now() - t0) / 1000;
const afterPalettes = memory();
console.log(`  ${paletteSeconds.toFixed(2)} s (${((paletteSeconds * 1000) / Math.max(PALETTES, 1)).toFixed(2)} ms each), ${checksum} colours; memory ${mb(afterPalettes)}`);

if (!existsSync(MODEL)) {
  console.log(`${MODEL} is absent (make model): predictions skipped`);
} else {
  const model = NaiveBayes.load(readFileSync(MODEL));
  const afterLoad = memory();
  console.log(`predictions: ${PREDICTIONS} with the shipped model (memory after loading it: ${mb(afterLoad)})`);
  t0 = performance.now();
  let positives = 0;
  for (let i = 0; i < PREDICTIONS; i++) {
    if (model.predict(REVIEWS[i % REVIEWS.length], { explain: i % 3 === 0 ? 5 : 0 }).label === '1') positives++;
  }
  const predictSeconds = (performance.now() - t0) / 1000;
  console.log(`  ${predictSeconds.toFixed(2)} s (${((predictSeconds * 1e6) / Math.max(PREDICTIONS, 1)).toFixed(1)} µs each), ${positives} positive; memory ${mb(memory())}`);
  const beforeDispose = memory();
  model.dispose();
  if (memory() !== beforeDispose) console.log('  (memory changed on dispose?)');
}

const endMemory = memory();
const endProbe = probe();
console.log(`WebAssembly memory at end:   ${mb(endMemory)} (${endMemory} bytes); the next 4 KB block lands ${endProbe === startProbe ? 'where it did at start (nothing kept)' : `at ${endProbe}, at start ${startProbe}`}`);
console.log(`wall time: ${process.uptime().toFixed(1)} s in all`);
