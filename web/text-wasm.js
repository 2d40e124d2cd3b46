// The C functions of the Naive Bayes API come from palette-sentiment-text.wasm
// (no image code), unless init(source) gave one module for everything.
import { library } from './wasm.js';

export const textLibrary = library('text', new URL('../wasm-build/palette-sentiment-text.wasm', import.meta.url), 'ps_nb_model_load');
export const { wasm, check, fail, allocate, copyIn, copyOut, outSlot, readSlot, module: wasmModule } = textLibrary;
