// What this machine's cores can do at once: one fixed CPU-bound loop, timed on
// each of `threads` worker threads alone, then on all of them started together.
// On a virtual machine whose cores are shared with other guests, two threads may
// do much less than twice the work of one; that caps any --jobs ratio, so the
// benches print it beside theirs.
import { Worker } from 'node:worker_threads';

const SPIN = new URL('./cores-worker.mjs', import.meta.url);

/** Runs the loop on the given workers at once (released together); each one's ms. */
async function together(workers, n) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const done = workers.map((worker) => new Promise((resolve) => { worker.once('message', resolve); }));
  for (const worker of workers) worker.postMessage({ flag, n });
  await new Promise((resolve) => { setTimeout(resolve, 20); }); // every worker is waiting on the flag
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  return (await Promise.all(done)).map(({ ms }) => ms);
}

/**
 * The best of `rounds` rounds: each worker's loop alone, and all of them at once.
 * @returns {{alone: number[], together: number[], ratio: number, text: string}} ratio: the work all threads
 *   did at once against one thread, i.e. (sum of alone) / (slowest together), at most `threads`.
 */
export async function coreThroughput({ threads = 2, n = 1.5e8, rounds = 3 } = {}) {
  const workers = Array.from({ length: threads }, () => new Worker(SPIN));
  try {
    const alone = workers.map(() => Infinity);
    let both = null;
    for (let round = 0; round < rounds; round++) {
      for (const [i, worker] of workers.entries()) alone[i] = Math.min(alone[i], (await together([worker], n))[0]);
      const ms = await together(workers, n);
      if (!both || Math.max(...ms) < Math.max(...both)) both = ms;
    }
    const ratio = alone.reduce((a, b) => a + b, 0) / Math.max(...both);
    const ms = (list) => list.map((x) => x.toFixed(0)).join(' / ');
    return {
      alone, together: both, ratio,
      text: `this machine, a CPU-bound loop on ${threads} threads: ${ms(alone)} ms each alone, ${ms(both)} ms all at once, `
        + `so ${threads} threads do ${ratio.toFixed(2)}× the work of one (best of ${rounds} rounds)`,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
