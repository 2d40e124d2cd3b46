// Stopping a Node process cleanly on a signal: what must end before the
// 'exit' handlers remove temporary files (worker threads still writing into
// them) registers here, and the CLI's signal handlers call shutdown().
const stoppers = new Set();

/** Registers stop() (may return a promise) to run at shutdown; returns a function that unregisters it. */
export function onShutdown(stop) {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** Runs every registered stop (for at most a second), then exits with `code`. */
export async function shutdown(code) {
  const stops = [...stoppers].map((stop) => Promise.resolve().then(stop).catch(() => {}));
  await Promise.race([Promise.all(stops), new Promise((resolve) => { setTimeout(resolve, 1000).unref(); })]);
  process.exit(code);
}
