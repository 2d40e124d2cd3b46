// The C functions of the palette API come from palette-sentiment-palette.wasm
// (no Naive Bayes code), unless init(source) gave one module for everything.
import { library } from './wasm.js';

export const paletteLibrary = library('palette', new URL('../wasm-build/palette-sentiment-palette.wasm', import.meta.url), 'ps_palette_extract');
export const { wasm, check, fail, allocate, copyIn, copyOut, outSlot, readSlot, module: wasmModule } = paletteLibrary;
