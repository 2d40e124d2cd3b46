// extractPalettes: many images at once in Node, on this thread and a pool of
// worker_threads that share one compiled WebAssembly module. Results come back in the order
// of the inputs, shaped like Promise.allSettled's. Node only: the browser
// page has its own worker (palette-worker.js).
import { init } from './wasm.js';
import { wasmModule } from './palette-wasm.js';
import { extractPalette, paletteOptions } from './palette.js';
import { reviveError } from './node/worker-messages.js';
import { newWorker, workersAllowed } from './node/worker-options.js';
import { workerShelf } from './node/worker-shelf.js';
import { integerIn, isBytes, optionsObject } from './validate.js';
import { readFileReused } from './read-file.js';

const WORKER = new URL('./palette-pool-worker.js', import.meta.url);

// process.getBuiltinModule, not import('node:…'), so that bundlers building
// index.js for the browser find no node: import.

/** The number of cores Node reports (at least 1). */
export async function defaultJobs() {
  const os = process.getBuiltinModule('node:os');
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** The pool's {jobs} checked (default: the cores), once this thread's module is loaded: 1 where workers may not start. */
async function poolJobs(pool) {
  const { jobs = await defaultJobs() } = optionsObject(pool, ['jobs'], 'pool');
  integerIn(jobs, 'pool.jobs', 1, 1024);
  await init();
  return workersAllowed() ? jobs : 1;
}

function settle(result) {
  return 'error' in result ? { status: 'rejected', reason: reviveError(result.error) } : { status: 'fulfilled', value: result.value };
}

// Inputs sent ahead to each worker, so that it never waits for this thread,
// which is busy with images of its own between messages.
const SENT_AHEAD = 2;

/**
 * An input as a worker receives it: pixels as a plain {data, width, height}, since a copy keeps only own data
 * properties and an image class's getters would arrive as {}. Reading a getter may throw: the caller settles
 * the input here then.
 */
function cloneable(input) {
  if (input && typeof input === 'object' && !isBytes(input) && 'data' in input) {
    return { data: input.data, width: input.width, height: input.height };
  }
  return input;
}

function settleHere(image, options) {
  try {
    return { status: 'fulfilled', value: extractPalette(image, options) };
  } catch (error) {
    return { status: 'rejected', reason: error };
  }
}

const shelf = workerShelf();

/** The threadIds of the workers waiting for a call; for tests. */
export const waitingWorkers = () => shelf.threadIds();

/** count workers of module: waiting ones first, then new ones. */
function takeWorkers(count, module) {
  return Array.from({ length: count }, () => shelf.take(module)?.worker ?? newWorker(WORKER, module));
}

/** Workers whose call ended well wait on the shelf for the next one; the others stop. */
function giveBack(workers, ok, module) {
  for (const worker of workers) {
    worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
    if (ok) shelf.keep({ worker }, module);
    else worker.terminate();
  }
}

/**
 * Runs the inputs on `jobs` threads: this one and jobs - 1 workers, each
 * taking the next input when it is free. This thread starts at once, so the
 * tens of milliseconds a worker takes to start are not lost.
 */
async function runPool(inputs, options, jobs) {
  const results = new Array(inputs.length);
  let next = 0;
  const module = wasmModule();
  const workers = takeWorkers(Math.min(jobs - 1, inputs.length - 1), module);
  const finished = workers.map((worker) => new Promise((resolve, reject) => {
    let sent = 0;
    const feed = () => {
      while (sent < SENT_AHEAD && next < inputs.length) {
        const id = next++;
        try {
          worker.postMessage({ id, input: cloneable(inputs[id]), options });
          sent++;
        } catch { // an input that cannot be cloned (it holds a function, say), or whose getter throws, is settled here, as with jobs 1
          results[id] = settleHere(inputs[id], options);
        }
      }
      if (sent === 0) resolve();
    };
    worker.on('message', ({ id, ...result }) => { sent--; results[id] = settle(result); feed(); });
    worker.on('error', reject);
    worker.on('exit', (code) => { if (sent > 0) reject(new Error(`palette-sentiment: a palette worker exited (code ${code})`)); });
    feed();
  }));
  // handled from now on: a worker failing while this thread extracts must not end the process
  const allFinished = Promise.all(finished);
  allFinished.catch(() => {});
  let ok = false;
  try {
    while (next < inputs.length) {
      const id = next++;
      results[id] = settleHere(inputs[id], options);
      await new Promise((resolve) => { setImmediate(resolve); }); // the workers' results come in here
    }
    await allFinished;
    ok = true;
  } finally {
    giveBack(workers, ok, module);
  }
  return results;
}

/** The palette of one source of extractPaletteFiles (a path, read here, or encoded bytes), settled, with its size in bytes. */
export function settleSource(source, options) {
  let bytes;
  try {
    bytes = typeof source === 'string' ? readFileReused(source) : source;
  } catch (error) {
    return { status: 'rejected', reason: error };
  }
  return { ...settleHere(bytes, options), size: bytes.byteLength };
}

/**
 * Runs the sources on this thread and jobs - 1 workers. Each thread claims the
 * next source from a shared counter and reads the file itself, so no thread
 * waits for another: this one starts at once, a worker joins when it has
 * started, and whichever is faster takes more.
 */
async function runFilePool(sources, options, jobs) {
  const results = new Array(sources.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const module = wasmModule();
  const workers = takeWorkers(Math.min(jobs - 1, sources.length - 1), module);
  let missing = sources.length;
  let allIn;
  const finishedWorkers = new Set();
  const working = new Set(); // workers that gave a result
  const done = new Promise((resolve, reject) => {
    allIn = () => { if (missing === 0) resolve(); };
    for (const worker of workers) {
      worker.on('message', ({ id, size, done: last, ...result }) => {
        if (last) {
          finishedWorkers.add(worker);
          return;
        }
        results[id] = { ...settle(result), ...(size === undefined ? {} : { size }) };
        working.add(worker);
        missing--;
        allIn();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => { if (!finishedWorkers.has(worker)) reject(new Error(`palette-sentiment: a palette worker exited (code ${code})`)); });
      worker.postMessage({ files: { sources, options, counter } });
    }
  });
  try {
    for (let id; (id = Atomics.add(counter, 0, 1)) < sources.length; missing--) results[id] = settleSource(sources[id], options);
    allIn(); // a worker that has not claimed a source yet is not waited for
    await done;
  } catch (error) {
    giveBack(workers, false, module);
    throw error;
  }
  // every claimed source has its result: what is left is a worker about to say it
  // is done, which then waits for the next call, or one still starting, which
  // would claim nothing and is stopped (not waited for: a few ms)
  for (const worker of workers) {
    if (finishedWorkers.has(worker)) giveBack([worker], true, module);
    else if (working.has(worker)) worker.on('message', ({ done: last }) => { if (last) giveBack([worker], true, module); });
    else giveBack([worker], false, module);
  }
  return results;
}

/**
 * The palettes of image files (Node only), on `jobs` threads (default: the
 * number of cores): this one and jobs - 1 workers, each reading the files it takes.
 * @param sources file paths, or encoded bytes (e.g. standard input, read by the caller)
 * @param options extractPalette's options, the same for every image
 * @param {{jobs?: number}} [pool]
 * @returns {Promise<Array<{status: 'fulfilled', value: object, size: number} | {status: 'rejected', reason: Error, size?: number}>>}
 *   in the order of sources; size is the file's length in bytes once read. A file that
 *   cannot be read is rejected with the fs error (its .code, e.g. 'ENOENT', kept), one of 2 GiB or more with IMAGE_TOO_LARGE.
 */
export async function extractPaletteFiles(sources, options, pool = {}) {
  if (!Array.isArray(sources)) throw new TypeError('sources must be an array of file paths or encoded images');
  const checked = paletteOptions(options);
  const jobs = await poolJobs(pool);
  if (jobs === 1 || sources.length < 2) return sources.map((source) => settleSource(source, checked));
  return runFilePool(sources, checked, jobs);
}

/**
 * The palettes of many images, on `jobs` threads (default: the number of cores): this one and jobs - 1 workers.
 * @param images an array of what extractPalette takes: encoded bytes or {data, width, height}
 * @param options extractPalette's options, the same for every image
 * @param {{jobs?: number}} [pool]
 * @returns {Promise<Array<{status: 'fulfilled', value: object} | {status: 'rejected', reason: Error}>>}
 *   in the order of images; one image failing does not stop the others.
 */
export async function extractPalettes(images, options, pool = {}) {
  if (!Array.isArray(images)) throw new TypeError('images must be an array of encoded images or {data, width, height}');
  const checked = paletteOptions(options);
  const jobs = await poolJobs(pool);
  if (jobs === 1 || images.length < 2) return images.map((image) => settleHere(image, checked));
  return runPool(images, checked, jobs);
}
