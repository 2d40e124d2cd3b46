// palette-sentiment/palette: the palette functions only. Without a bundler that
// drops unused code, this entry loads palette-sentiment-palette.wasm alone.
export { init } from './wasm.js';
export { PaletteSentimentError } from './errors.js';
export { extractPalette, decodeImage, remapImage, PALETTE_DEFAULTS } from './palette.js';
export { extractPaletteFrom } from './palette-from.js';
export { extractPalettes } from './palette-pool.js';
