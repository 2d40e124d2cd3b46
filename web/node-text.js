// palette-sentiment/naive-bayes in Node: the text functions of web/text-index.js,
// with file spills and worker threads for training.
import './node/register.js';

export * from './text-index.js';
