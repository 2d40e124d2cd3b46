// The first palette in a fresh process, for bench/palette.mjs: run as
//   node bench/palette-cold.mjs RAW WIDTH HEIGHT K [WASM]
// with RAW a file of RGBA pixels. Prints one JSON line: the time of each
// step of loading (read, compile, then init(): instantiate and _initialize),
// the first extraction (extractMs
// and the whole call), the second, and a warm one (median of 5 after 3 untimed).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, extractPalette } from '../web/index.js';
import { wasm } from '../web/palette-wasm.js';
import { median } from './data.mjs';

const [raw, width, height, k, wasmFile] = process.argv.slice(2);
const t = [performance.now()];
const lap = () => { t.push(performance.now()); return t.at(-1) - t.at(-2); };
const bytes = readFileSync(wasmFile ?? fileURLToPath(new URL('../wasm-build/palette-sentiment.wasm', import.meta.url)));
const readMs = lap();
const module = await WebAssembly.compile(bytes);
const compileMs = lap();
await init(module);
const instantiateMs = lap();
const image = { data: new Uint8Array(readFileSync(raw)), width: Number(width), height: Number(height) };
lap();
const options = { k: Number(k), alphaThreshold: 0 };
const memoryBefore = wasm().memory.buffer.byteLength;
const first = extractPalette(image, options);
const firstCallMs = lap();
const second = extractPalette(image, options);
const secondCallMs = lap();
for (let i = 0; i < 3; i++) extractPalette(image, options);
const warm = [];
for (let i = 0; i < 5; i++) warm.push(extractPalette(image, options).timing.extractMs);
console.log(JSON.stringify({
  readMs, compileMs, instantiateMs, firstMs: first.timing.extractMs, firstCallMs,
  secondMs: second.timing.extractMs, secondCallMs, warmMs: median(warm),
  memoryBefore, memoryAfter: wasm().memory.buffer.byteLength,
}));
