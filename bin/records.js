// Moved to bin/lib/records.js. Kept only because tests/node/naive-bayes.test.js
// (outside this change) imports it here; delete once that import is updated.
export { readRecords } from './lib/records.js';
