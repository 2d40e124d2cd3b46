// extractPalettes: many images at once in Node, on a pool of worker_threads
// that share one compiled WebAssembly module. Results come back in the order
// of the inputs, shaped like Promise.allSettled's. Node only: the browser
// page has its own worker (palette-worker.js).
import { init } from './wasm.js';
import { wasmModule } from './palette-wasm.js';
import { extractPalette } from './palette.js';
import { reviveError } from './node/worker-messages.js';
import { integerIn, optionsObject } from './validate.js';

const WORKER = new URL('./palette-pool-worker.js', import.meta.url);

// process.getBuiltinModule, not import('node:…'), so that bundlers building
// index.js for the browser find no node: import.

/** The number of cores Node reports (at least 1). */
export async function defaultJobs() {
  const os = process.getBuiltinModule('node:os');
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

function settle(result) {
  return 'error' in result ? { status: 'rejected', reason: reviveError(result.error) } : { status: 'fulfilled', value: result.value };
}

/** Runs tasks on `jobs` workers, each taking the next input when it is free. */
async function runPool(inputs, options, jobs) {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const results = new Array(inputs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, inputs.length) }, () => new Worker(WORKER, { workerData: { module: wasmModule() } }));
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve, reject) => {
      const feed = () => {
        if (next >= inputs.length) { resolve(); return; }
        const id = next++;
        worker.postMessage({ id, input: inputs[id], options });
      };
      worker.on('message', ({ id, ...result }) => { results[id] = settle(result); feed(); });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (next < inputs.length || code !== 0) reject(new Error(`palette-sentiment: a palette worker exited (code ${code})`)); });
      feed();
    })));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * The palettes of many images, on `jobs` worker threads (default: the number of cores).
 * @param images an array of what extractPalette takes: encoded bytes or {data, width, height}
 * @param options extractPalette's options, the same for every image
 * @param {{jobs?: number}} [pool]
 * @returns {Promise<Array<{status: 'fulfilled', value: object} | {status: 'rejected', reason: Error}>>}
 *   in the order of images; one image failing does not stop the others.
 */
export async function extractPalettes(images, options, pool = {}) {
  if (!Array.isArray(images)) throw new TypeError('images must be an array of encoded images or {data, width, height}');
  const { jobs = await defaultJobs() } = optionsObject(pool, ['jobs'], 'pool');
  integerIn(jobs, 'pool.jobs', 1, 1024);
  await init();
  if (jobs === 1 || images.length < 2) {
    return images.map((image) => {
      try {
        return { status: 'fulfilled', value: extractPalette(image, options) };
      } catch (error) {
        return { status: 'rejected', reason: error };
      }
    });
  }
  return runPool(images, options, jobs);
}
