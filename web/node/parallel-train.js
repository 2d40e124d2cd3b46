// Parallel training in Node: `jobs` worker_threads are each fed every batch
// and each count one part of the token space (a range of token hashes), so
// the counting — the costly part — is shared and no token is counted twice.
// Each writes its part out (only the tokens a model could keep, when the goal
// is a model). The first worker then finishes the parts into the model, with
// its metadata, and saves it (the CLI writes those bytes out as they are), in the
// memory its counting took (fresh memory costs a page fault per 4 KiB the first
// time it is written), or the main thread merges them into one count stream:
// the bytes of one trainer fed every document. For the same reason the workers
// of a training that ended wait a while for the next one.
import { wasmModule } from '../text-wasm.js';
import { mergeCounts, noDataError } from '../nb-counts.js';
import { NaiveBayes } from '../naive-bayes.js';
import { defaultMemoryLimit } from '../nb-spill.js';
import { fileReader, removeDirectory, temporaryDirectory } from './file-store.js';
import { reviveError } from './worker-messages.js';
import { newWorker, workersAllowed } from './worker-options.js';
import { workerShelf } from './worker-shelf.js';
import { batchEncoder } from './batch-bytes.js';
import { PaletteSentimentError } from '../errors.js';
import { fmtMiB, fmtMiBUp } from '../format.js';
import { STATUS_NAMES } from '../c-constants.js';
import { onShutdown } from './shutdown.js';

const WORKER = new URL('./train-worker.js', import.meta.url);
const IN_FLIGHT = 3; // batches queued per worker: enough to keep it busy while the next one is read
const MIN_SHARE = 1 << 20; // the least a trainer takes

let workerMemory = [];
let workerThreads = [];

/** The WebAssembly memory of each worker of the last parallel run, in bytes (its peak: it only grows); for benchmarks. */
export const lastWorkerMemory = () => [...workerMemory];
/** The threadId of each worker of the last parallel run; for tests. */
export const lastWorkerThreads = () => [...workerThreads];

const shelf = workerShelf();

function startWorker(module) {
  const worker = newWorker(WORKER, module);
  // taken: what to do on each ack, in order; reply: the promise of the request in hand ('end' or 'finish')
  const state = { worker, busy: 0, taken: [], waiters: [], failure: null, reply: null };
  const wake = () => { for (const resolve of state.waiters.splice(0)) resolve(); };
  worker.on('message', (message) => {
    if (message.type === 'ack') { state.busy--; state.taken.shift()(); }
    else if (message.type === 'reply') state.reply?.resolve(message);
    else state.failure = reviveError(message.error);
    if (state.failure) state.reply?.reject(state.failure);
    wake();
  });
  worker.on('error', (error) => { state.failure ??= error; state.reply?.reject(error); wake(); });
  worker.on('exit', () => {
    state.failure ??= new Error('palette-sentiment: a training worker stopped');
    state.reply?.reject(state.failure);
    wake();
  });
  return state;
}

/** A worker for part `part` of a training: a waiting one of the same module, or a new one. */
function takeWorker(module, message) {
  const state = shelf.take(module) ?? startWorker(module);
  state.worker.postMessage({ type: 'start', ...message });
  return state;
}

/** A worker whose training ended: it waits on the shelf for the next one. */
function giveBack(state, module) {
  if (state.failure || state.busy > 0) {
    state.worker.terminate();
    return;
  }
  state.reply = null;
  shelf.keep(state, module);
}

/** Waits until every worker has room for one more batch (they all take every batch). */
async function room(pool) {
  for (;;) {
    const failed = pool.find((s) => s.failure);
    if (failed) throw failed.failure;
    if (pool.every((s) => s.busy < IN_FLIGHT)) return;
    await new Promise((resolve) => { for (const s of pool) s.waiters.push(resolve); });
  }
}

/** A worker's NB_TOO_LARGE in terms of the whole memoryLimit, which the workers share; and the fewer jobs that fit in it. */
function tooLargeForShare(perJob, share, jobs, limit) {
  const needed = perJob * jobs;
  const fit = Math.min(jobs - 1, Math.floor(limit / perJob), Math.floor(limit / MIN_SHARE));
  return new PaletteSentimentError('NB_TOO_LARGE', `a document needs up to ${fmtMiB(perJob)} of training memory in each `
    + `of the ${jobs} jobs, which share memoryLimit (${fmtMiB(share)} each): raise memoryLimit to at least ${fmtMiBUp(needed)}`
    + `${fit >= 1 ? `, or use ${fit === 1 ? 'one job' : `${fit} jobs`}` : ''}`,
  STATUS_NAMES.indexOf('NB_TOO_LARGE'), { memoryNeeded: needed });
}

/** Sends a worker a request ({type: 'end'} or {type: 'finish'}); resolves to its reply. */
function request(state, message) {
  if (state.failure) return Promise.reject(state.failure);
  return new Promise((resolve, reject) => {
    state.reply = { resolve, reject };
    state.worker.postMessage(message);
  });
}

/**
 * The jobs that memoryLimit holds: they share it, and each takes MIN_SHARE at least (the model is the same for any
 * number); 1 where workers may not start.
 */
export function jobsWithin(jobs, memoryLimit) {
  if (!workersAllowed()) return 1;
  return Math.max(1, Math.min(jobs, Math.floor((memoryLimit ?? defaultMemoryLimit()) / MIN_SHARE)));
}

/**
 * Trains `jobs` parts on batches ([{text, label}] arrays), then returns what then({files, documents, tokens}, workers)
 * does with the part files, the documents and the distinct tokens, while the workers are still there.
 */
async function trainParts(batches, options, asked, dir, { pruned, onBatch, keepWorkers }, then) {
  const limit = options.memoryLimit ?? defaultMemoryLimit();
  const jobs = jobsWithin(asked, limit);
  const share = Math.max(MIN_SHARE, Math.floor(limit / jobs));
  const trainerOptions = { ...options, memoryLimit: share, metadata: {} };
  const module = wasmModule();
  const pool = Array.from({ length: jobs }, (_, part) => takeWorker(module, { options: trainerOptions, dir, part, parts: jobs }));
  const encoder = batchEncoder(options);
  const stopAll = () => Promise.all(pool.map((s) => s.worker.terminate()));
  const unregister = onShutdown(stopAll);
  let ended = false;
  try {
    for await (const batch of batches) {
      await room(pool);
      const message = { type: 'add', ...encoder.encode(batch) };
      let readers = pool.length;
      const taken = () => { if (--readers === 0) encoder.release(message.buffer); };
      for (const s of pool) { s.busy++; s.taken.push(taken); s.worker.postMessage(message); }
      onBatch?.(batch);
    }
    const results = await Promise.all(pool.map((s) => request(s, { type: 'end', pruned })));
    workerMemory = results.map((r) => r.memory);
    workerThreads = pool.map((s) => s.worker.threadId);
    const parts = { files: results.map((r) => r.file), documents: results[0].documents, tokens: results.reduce((n, r) => n + r.tokens, 0) };
    const result = await then(parts, pool);
    ended = true;
    return result;
  } catch (error) {
    throw error?.code === 'NB_TOO_LARGE' && error.memoryNeeded ? tooLargeForShare(error.memoryNeeded, share, jobs, limit) : error;
  } finally {
    unregister();
    if (ended && keepWorkers) for (const s of pool) giveBack(s, module);
    else await stopAll(); // a training that failed part way: its workers hold counts
  }
}

/**
 * Trains a model on batches of {text, label} records with jobs worker threads; options as NaiveBayesTrainer's
 * (memoryLimit is shared by the workers). The model is the one a single trainer makes, byte for byte.
 * stats.distinctTokens gets the distinct tokens of every document, before pruning; metadataFor({documents}),
 * when given, makes the metadata once every batch is read (instead of options.metadata). keepWorkers: false
 * for the last training of the process (the CLI's), whose other workers then stop before the first finishes.
 */
export async function trainParallel(batches, options, jobs, more) {
  return NaiveBayes.load((await trainParallelSaved(batches, options, jobs, more)).bytes);
}

/**
 * Like trainParallel, but resolves to the model as the first worker saved it, {bytes, info} (its info()),
 * without loading it on this thread: for a caller that only writes it out (the CLI's train).
 */
export async function trainParallelSaved(batches, options, jobs, { onBatch, stats = {}, metadataFor, keepWorkers = true } = {}) {
  const { metadata = {}, ...rest } = options ?? {};
  const dir = temporaryDirectory();
  try {
    return await trainParts(batches, rest, jobs, dir, { pruned: true, onBatch, keepWorkers }, async ({ files, tokens, documents }, [first, ...others]) => {
      if (documents === 0) throw noDataError(0); // as one trainer says it (the parts of no class are no count files)
      stats.distinctTokens = tokens;
      const entries = Object.entries(metadataFor ? metadataFor({ documents }) : metadata);
      if (!keepWorkers) await Promise.all(others.map((s) => s.worker.terminate())); // their memory, before the first worker takes more
      const { bytes, info, memory } = await request(first, { type: 'finish', files, kind: rest.kind, metadata: entries });
      workerMemory[0] = memory;
      return { bytes, info };
    });
  } finally {
    removeDirectory(dir);
  }
}

/** Like trainParallel, but writes every count as one count stream to sink(chunk) (a count file). */
export async function countParallel(batches, options, jobs, sink, { onBatch, keepWorkers = true } = {}) {
  const dir = temporaryDirectory();
  try {
    return await trainParts(batches, options ?? {}, jobs, dir, { pruned: false, onBatch, keepWorkers }, ({ files, documents, tokens }) => {
      mergeCounts(files.map((f) => fileReader(f)), sink);
      return { documents, distinctTokens: tokens };
    });
  } finally {
    removeDirectory(dir);
  }
}
