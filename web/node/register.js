// What the Node entries add to the portable API: trainers that write their
// counts to temporary files beyond their memory limit, and training on every
// core (NaiveBayes.train's `jobs`). Importing it is the registration.
import { setParallelTrainer, setSpillStoreFactory } from '../nb-spill.js';
import { fileSpillStore } from './file-store.js';
import { jobsWithin, trainParallel } from './parallel-train.js';

setSpillStoreFactory(() => fileSpillStore());
setParallelTrainer(trainParallel, jobsWithin);
