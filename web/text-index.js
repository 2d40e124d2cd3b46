// palette-sentiment/naive-bayes: the text functions only. Without a bundler that
// drops unused code, this entry loads palette-sentiment-text.wasm alone.
export { init } from './wasm.js';
export { PaletteSentimentError } from './errors.js';
export { NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS } from './naive-bayes.js';
