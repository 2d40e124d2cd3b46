// One thread of bench/lib/cores.mjs: waits on the flag it is sent, then times the loop.
import { parentPort } from 'node:worker_threads';

function spin(n) {
  let x = 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }
  return x;
}

spin(1e6); // optimised before the first timed loop
parentPort.on('message', ({ flag, n }) => {
  Atomics.wait(flag, 0, 0);
  const t0 = performance.now();
  const x = spin(n);
  parentPort.postMessage({ ms: performance.now() - t0, x });
});
