// Preloaded into a CLI run by bench/nb-scale.mjs (node --import): at exit,
// writes the process's peak RSS and WebAssembly memories to $PEAK_FILE.
import { writeFileSync } from 'node:fs';
import { loadedLibraries } from '../../web/wasm.js';
import { lastWorkerMemory } from '../../web/node/parallel-train.js';

process.on('exit', () => {
  const main = loadedLibraries().reduce((n, lib) => n + lib.wasm().memory.buffer.byteLength, 0);
  writeFileSync(process.env.PEAK_FILE, JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, wasm: main, workers: lastWorkerMemory() }));
});
