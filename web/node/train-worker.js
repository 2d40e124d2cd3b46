// One worker of parallel training (parallel-train.js): a trainer fed every
// document, counting only its part of the token space; at the end it writes
// its counts (all of them, or only those a model could keep) to a file in the
// shared directory.
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { init } from '../wasm.js';
import { wasm } from '../text-wasm.js';
import { NaiveBayesTrainer, PART } from '../nb-trainer.js';
import { setSpillStoreFactory } from '../nb-spill.js';
import { fileSpillStore, fileWriter } from './file-store.js';
import { errorMessage } from './worker-messages.js';

const { module, options, dir, part, parts } = workerData;
setSpillStoreFactory(() => fileSpillStore({ dir, prefix: `part${part}-run` }));
await init(module);
const trainer = new NaiveBayesTrainer(options);
trainer[PART](part, parts);

function end(pruned) {
  const file = path.join(dir, `part${part}.nbc`);
  const out = fileWriter(file);
  try {
    return { file, tokens: trainer.writeCounts((chunk) => out.write(chunk), { pruned }) };
  } finally {
    out.close();
  }
}

parentPort.on('message', (message) => {
  try {
    if (message.type === 'add') {
      trainer.addMany(message.texts, message.labels);
      parentPort.postMessage({ type: 'ack' });
    } else {
      const { file, tokens } = end(message.pruned);
      parentPort.postMessage({ type: 'done', file, tokens, documents: trainer.documents, memory: wasm().memory.buffer.byteLength });
      trainer.dispose();
      parentPort.close();
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', error: errorMessage(error) });
  }
});
