// palette-sentiment: dominant colours and text sentiment, in WebAssembly.
export { init } from './wasm.js';
export { PaletteSentimentError } from './errors.js';
export { extractPalette, decodeImage, remapImage, PALETTE_DEFAULTS } from './palette.js';
export { extractPalettes } from './palette-pool.js';
export { NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS } from './naive-bayes.js';
