// How this package starts its worker threads in Node.
//
// They run only this package's modules, which need none of the process's Node
// options, and many of those options stop a worker from starting: V8's and the
// process's own (--max-old-space-size, --expose-gc, --title) make new Worker
// throw ERR_WORKER_INVALID_EXEC_ARGV, and --input-type (`node --input-type=module
// -e …`), only for the code given there, fails it with ERR_INPUT_TYPE_NOT_ALLOWED.
// V8's options still apply to the worker: they are the process's.
//
// Under Node's permission model (--permission, or --experimental-permission in
// Node 20) without --allow-worker, new Worker throws; the work then runs on
// this thread, with the same results (more threads only make it faster).

/** A worker thread of ours running the module at url, given the compiled WebAssembly module, with no Node options. */
export function newWorker(url, module) {
  // process.getBuiltinModule, not import('node:…'): palette-pool.js, which bundlers see, imports this module
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  return new Worker(url, { workerData: { module }, execArgv: [] });
}

/** Whether this process may start worker threads. */
export function workersAllowed() {
  return globalThis.process?.permission?.has('worker') ?? true;
}
