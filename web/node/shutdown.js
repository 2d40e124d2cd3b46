// Stopping a Node process cleanly on a signal: what must end before the
// 'exit' handlers remove temporary files (worker threads still writing into
// them) registers here, and the CLI's signal handlers call shutdown().
const stoppers = new Set();
let exiting = null;

/** Registers stop() (may return a promise) to run at shutdown; returns a function that unregisters it. */
export function onShutdown(stop) {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** The shutdown under way (a promise that never resolves: the process exits), or null. */
export const shutdownUnderWay = () => exiting;

/** Runs every registered stop (for at most a second), then exits with `code`. */
export function shutdown(code) {
  exiting = stopAndExit(code);
  return exiting;
}

async function stopAndExit(code) {
  const stops = [...stoppers].map((stop) => Promise.resolve().then(stop).catch(() => {}));
  await Promise.race([Promise.all(stops), new Promise((resolve) => { setTimeout(resolve, 1000).unref(); })]);
  process.exit(code);
}
