// palette-sentiment: dominant colours and text sentiment, in WebAssembly.
export { init } from './wasm.js';
export { PaletteSentimentError } from './errors.js';
export { extractPalette, decodeImage, remapImage, PALETTE_DEFAULTS } from './palette.js';
export { extractPaletteFrom } from './palette-from.js';
export { NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS } from './naive-bayes.js';
