// palette-sentiment in Node (package.json's "node" condition): everything
// web/index.js offers, with file spills and worker threads for training.
import './node/register.js';

export * from './index.js';
