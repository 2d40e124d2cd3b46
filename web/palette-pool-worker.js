// One worker thread of extractPalettes or extractPaletteFiles (palette-pool.js):
// instantiates the module its parent compiled, then extracts palettes one
// message at a time, or, for a message of files, claims sources from its shared
// counter until none is left. It serves call after call while the pool keeps it.
import { parentPort, workerData } from 'node:worker_threads';
import { init } from './wasm.js';
import { extractPalette } from './palette.js';
import { settleSource } from './palette-pool.js';
import { errorMessage } from './node/worker-messages.js';

function claimFiles({ sources, options, counter }) {
  for (let id; (id = Atomics.add(counter, 0, 1)) < sources.length;) {
    const { status, value, reason, size } = settleSource(sources[id], options);
    parentPort.postMessage(status === 'fulfilled' ? { id, value, size } : { id, error: errorMessage(reason), size });
  }
  parentPort.postMessage({ done: true });
}

await init(workerData.module);
parentPort.on('message', ({ files, id, input, options }) => {
  if (files) {
    claimFiles(files);
    return;
  }
  try {
    parentPort.postMessage({ id, value: extractPalette(input, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: errorMessage(error) });
  }
});
