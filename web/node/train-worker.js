// One worker of parallel training (parallel-train.js): for each training it is
// given, a trainer fed every document, counting only its part of the token
// space; at the end it writes its counts (all of them, or only those a model
// could keep) to a file in the shared directory. The first worker may then
// finish every part into a model. Between trainings it waits, idle, with the
// WebAssembly memory its counting touched, for the next one.
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { init } from '../wasm.js';
import { wasm } from '../text-wasm.js';
import { ADD_ENCODED, NaiveBayesTrainer, PART, WRITE_LENT } from '../nb-trainer.js';
import { finishCounts, kindOverride } from '../nb-counts.js';
import { modelOf } from '../naive-bayes.js';
import { setSpillStoreFactory } from '../nb-spill.js';
import { fileReader, fileSpillStore, fileWriter } from './file-store.js';
import { errorMessage } from './worker-messages.js';

await init(workerData.module);
let training = null; // {trainer, dir, part}

function start({ options, dir, part, parts }) {
  setSpillStoreFactory(() => fileSpillStore({ dir, prefix: `part${part}-run` }));
  const trainer = new NaiveBayesTrainer(options);
  training = { trainer, dir, part };
  trainer[PART](part, parts);
}

function end(pruned) {
  const { trainer, dir, part } = training;
  const file = path.join(dir, `part${part}.nbc`);
  const out = fileWriter(file);
  try {
    return { file, tokens: trainer[WRITE_LENT]((chunk) => out.write(chunk), { pruned }) };
  } finally {
    out.close();
  }
}

/** The model of the part files with the metadata entries, saved, and its info(). */
function finish(files, kind, metadata) {
  const model = modelOf(finishCounts(files.map((file) => fileReader(file)), kindOverride(kind)).model, metadata);
  try {
    return { bytes: model.save(), info: model.info() };
  } finally {
    model.dispose();
  }
}

parentPort.on('message', (message) => {
  try {
    if (message.type === 'start') {
      start(message);
    } else if (message.type === 'add') {
      training.trainer[ADD_ENCODED](new Uint8Array(message.buffer, 0, message.length), message.ends);
      parentPort.postMessage({ type: 'ack' });
    } else if (message.type === 'end') {
      const { file, tokens } = end(message.pruned);
      const documents = training.trainer.documents;
      training.trainer.dispose();
      training = null;
      parentPort.postMessage({ type: 'reply', file, tokens, documents, memory: wasm().memory.buffer.byteLength });
    } else {
      const { bytes, info } = finish(message.files, message.kind, message.metadata);
      parentPort.postMessage({ type: 'reply', bytes, info, memory: wasm().memory.buffer.byteLength }, [bytes.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', error: errorMessage(error) });
  }
});
