// Palette benchmark: for every image in ../shared/data/images, decode ms,
// extraction ms (decode excluded, median of 3 runs) and mean ΔE76 over every
// pixel of the full image (alpha ignored) for k = 5 and 8; then medians per folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, decodeImage, extractPalette, remapImage } from '../web/index.js';
import { dataPath, median } from './data.mjs';

const KS = [5, 8];
const RUNS = 3;
const root = dataPath('images');
if (!root) {
  console.log('bench/palette: ../shared/data/images not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init();

const fmt = (x, digits = 2) => x.toFixed(digits).padStart(8);
console.log(`${'image'.padEnd(34)} ${'decode'.padStart(8)} ${KS.map((k) => `ms k=${k}`.padStart(8) + `ΔE k=${k}`.padStart(8)).join(' ')}`);
for (const folder of readdirSync(root).sort()) {
  const dir = path.join(root, folder);
  if (!statSync(dir).isDirectory()) continue;
  const rows = [];
  for (const file of readdirSync(dir).sort()) {
    const bytes = readFileSync(path.join(dir, file));
    const name = `${folder}/${file}`.padEnd(34);
    let image;
    const t0 = performance.now();
    try {
      image = decodeImage(bytes);
    } catch (error) {
      console.log(`${name} skipped: ${error.code ?? error.message}`);
      continue;
    }
    const row = { decodeMs: performance.now() - t0, ms: {}, deltaE: {} };
    for (const k of KS) {
      const options = { k, alphaThreshold: 0 };
      const times = [];
      let palette;
      for (let run = 0; run < RUNS; run++) {
        palette = extractPalette(image, options);
        times.push(palette.timing.extractMs);
      }
      row.ms[k] = median(times);
      row.deltaE[k] = remapImage(image, palette).deltaE;
    }
    rows.push(row);
    console.log(`${name} ${fmt(row.decodeMs, 1)} ${KS.map((k) => fmt(row.ms[k]) + fmt(row.deltaE[k])).join(' ')}`);
  }
  if (rows.length) {
    const med = (f) => median(rows.map(f));
    console.log(`${`median ${folder} (${rows.length} images)`.padEnd(34)} ${fmt(med((r) => r.decodeMs), 1)} ${KS.map((k) => fmt(med((r) => r.ms[k])) + fmt(med((r) => r.deltaE[k]))).join(' ')}`);
  }
}
const wasmFile = fileURLToPath(new URL('../wasm-build/palette-sentiment.wasm', import.meta.url));
const wasmBytes = readFileSync(wasmFile);
console.log(`wasm: ${wasmBytes.length} bytes, gzip -9: ${gzipSync(wasmBytes, { level: 9 }).length} bytes`);
