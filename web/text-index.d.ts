// Types for palette-sentiment/naive-bayes (web/text-index.js): the text functions only.
export { init, PaletteSentimentError, NaiveBayes, NaiveBayesTrainer, NB_DEFAULTS } from './index.js';
export type { LabelledText, ModelInfo, NaiveBayesOptions, NaiveBayesTrainerOptions, NaiveBayesTrainOptions, Prediction } from './index.js';
