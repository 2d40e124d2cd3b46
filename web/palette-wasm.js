// The C functions of the palette API come from palette-sentiment-palette.wasm
// (no Naive Bayes code), unless init(source) gave one module for everything.
import { library } from './wasm.js';

// A fresh engine compiles each WebAssembly function when it is first called,
// so the first palette used to pay for compiling the extraction as well
// (3-5x a warm one in Node and Chromium). One small extraction at load, on an
// image big enough for the grid histogram and k-means, moves that to init().
const WARM_UP_SIDE = 72; // 5184 pixels: past the exact-colour path

function warmUp({ exports: w, scratch }) {
  const bytes = WARM_UP_SIDE * WARM_UP_SIDE * 4;
  const pixels = w.ps_alloc(bytes);
  if (!pixels || w.ps_palette_options_create(scratch) !== 0) { w.ps_free(pixels); return; }
  const options = new DataView(w.memory.buffer).getUint32(scratch, true);
  try {
    const view = new Uint8Array(w.memory.buffer, pixels, bytes);
    for (let i = 0; i < bytes; i += 4) {
      const p = i >> 2;
      view[i] = p * 7; view[i + 1] = p * 13; view[i + 2] = p * 29; view[i + 3] = 255;
    }
    // the same functions run whatever the options: as little of them as will do
    w.ps_palette_options_set_restarts(options, 1);
    w.ps_palette_options_set_max_iter(options, 1);
    if (w.ps_palette_extract(pixels, WARM_UP_SIDE, WARM_UP_SIDE, options, scratch) === 0) {
      w.ps_palette_destroy(new DataView(w.memory.buffer).getUint32(scratch, true));
    }
  } finally {
    w.ps_free(pixels);
    w.ps_palette_options_destroy(options);
  }
}

export const paletteLibrary = library('palette', new URL('../wasm-build/palette-sentiment-palette.wasm', import.meta.url), 'ps_palette_extract', warmUp);
export const { wasm, check, fail, allocate, copyIn, copyOut, outSlot, readSlot, module: wasmModule } = paletteLibrary;
