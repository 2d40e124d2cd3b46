// One .wasm build instantiated on its own, outside the library's memoised init(),
// for the benchmarks that put builds side by side: its exports, initialised.
import { readFileSync } from 'node:fs';

/** The exports of the build in file (a path or file URL); its one import, the memory-growth notice, is a no-op. */
export async function loadBuild(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { emscripten_notify_memory_growth() {} } });
  instance.exports._initialize?.();
  return instance.exports;
}
