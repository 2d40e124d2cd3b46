// palette-sentiment in Node: everything web/index.js offers, plus what needs
// Node: trainers that write their counts to temporary files beyond their
// memory limit, and training on every core (NaiveBayes.train's `jobs`).
import { setParallelTrainer, setSpillStoreFactory } from './nb-spill.js';
import { fileSpillStore } from './node/file-store.js';
import { trainParallel } from './node/parallel-train.js';

setSpillStoreFactory(() => fileSpillStore());
setParallelTrainer(trainParallel);

export * from './index.js';
export { trainParallel, countParallel } from './node/parallel-train.js';
