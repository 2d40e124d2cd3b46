// One worker thread of extractPalettes (palette-pool.js): instantiates the
// module its parent compiled, then extracts palettes one message at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { init, extractPalette } from './palette-index.js';
import { errorMessage } from './node/worker-messages.js';

await init(workerData.module);
parentPort.on('message', ({ id, input, options }) => {
  try {
    parentPort.postMessage({ id, value: extractPalette(input, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: errorMessage(error) });
  }
});
