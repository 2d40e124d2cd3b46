// Worker threads kept between calls of a process: the workers of a call that
// ended wait a while, idle, for the next call, which then starts on them at
// once, their code optimised and their memory touched (a first write to a page
// of fresh memory is a page fault). A waiting worker does not keep the process
// alive. Training and palette pools each have a shelf.
const IDLE_MS = 5000;

/**
 * A shelf of waiting items, each {worker, ...} (what its pool keeps of a worker), for the WebAssembly module
 * the worker instantiated: take(module) gives back one of that module (or null), keep(item, module) puts one.
 */
export function workerShelf() {
  const waiting = []; // {item, module, timer, onExit}
  const ignore = () => {}; // a waiting worker's error: 'exit' follows, and it leaves the shelf
  return {
    take(module) {
      const at = waiting.findIndex((entry) => entry.module === module);
      if (at < 0) return null;
      const [{ item, timer, onExit }] = waiting.splice(at, 1);
      clearTimeout(timer);
      item.worker.off('exit', onExit).off('error', ignore).ref();
      return item;
    },
    keep(item, module) {
      const entry = { item, module, timer: setTimeout(() => { item.worker.terminate(); }, IDLE_MS).unref(), onExit: null };
      entry.onExit = () => { const at = waiting.indexOf(entry); if (at >= 0) waiting.splice(at, 1); };
      item.worker.on('exit', entry.onExit).on('error', ignore).unref();
      waiting.push(entry);
    },
    /** The threadIds of the waiting workers; for tests. */
    threadIds: () => waiting.map(({ item }) => item.worker.threadId),
  };
}
