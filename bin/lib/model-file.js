// Reading a .nbm model file for the Naive Bayes subcommands (predict, eval, info).
import { readFile, stat } from 'node:fs/promises';
import { NaiveBayes, PaletteSentimentError } from '../../web/index.js';
import { C } from '../../web/c-constants.js';
import { CliError, fsReason } from './errors.js';
import { fileName } from './format.js';
import { initWasm } from './wasm.js';

/** Runs body(model) with the model file loaded, and disposes of the model afterwards. */
export async function withModel(file, body) {
  let model = null;
  try {
    await initWasm();
    model = await loadModelFile(file);
    return await body(model);
  } finally {
    model?.dispose();
  }
}

const COUNTS_MAGIC = Buffer.from(C.COUNTS_MAGIC, 'latin1');

/** Reads and loads a .nbm model file; throws CliError('<file>: <reason>'). */
export async function loadModelFile(file) {
  let bytes;
  try {
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`${fileName(file)}: ${fsReason(error)}`);
  }
  try {
    return NaiveBayes.load(bytes);
  } catch (error) {
    if (error?.code === 'MODEL_MAGIC' && bytes.subarray(0, COUNTS_MAGIC.length).equals(COUNTS_MAGIC)) {
      throw new CliError(`${file}: a count file (train --partial, merge), not a model: make its model with `
        + `'palette-sentiment finish ${file} -o MODEL.nbm'`);
    }
    if (error instanceof PaletteSentimentError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}
