// Where a trainer with a memory limit writes its counts when it is full. In
// Node (web/node.js), temporary files; elsewhere nowhere: a trainer that fills
// its memory limit in a browser fails with NB_TOO_LARGE naming the limit.
// A store is {create() → {write(chunk), close()}, readers() → [{name, read()}] in the order created, count,
// drop(n) (removes the first n), bytes (written so far), dispose()}; write(chunk) is lent the chunk for the call.

const MIB = 1 << 20;
let factory = null;
let parallel = null;

/** Installs how stores are made (web/node.js does, for Node). */
export function setSpillStoreFactory(make) { factory = make; }

/** A new store, or null where counts cannot be written out. */
export function createSpillStore() { return factory ? factory() : null; }

/**
 * The most one trainer uses, whatever its memoryLimit: 1.5 GiB, what fits the 2 GB WebAssembly memory with room
 * to build the model. A larger limit would let the table grow until the memory cannot, and training fail with
 * NO_MEMORY where it could have written its counts out.
 */
export const TRAINER_MEMORY_CEILING = 1536 * MIB;

/**
 * The memory limit of a trainer given none: 256 MiB where counts can be written out (they are, beyond it),
 * else TRAINER_MEMORY_CEILING.
 */
export function defaultMemoryLimit() { return factory ? 256 * MIB : TRAINER_MEMORY_CEILING; }

/**
 * Installs parallel training (web/node.js does: worker_threads): train(batches, options, jobs) resolves to the model,
 * and jobsWithin(jobs, memoryLimit) says how many threads it would run (1: train on this thread instead).
 */
export function setParallelTrainer(train, jobsWithin) { parallel = { train, jobsWithin }; }

/** The parallel trainer {train, jobsWithin}, or null. */
export function parallelTrainer() { return parallel; }
