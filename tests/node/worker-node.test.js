// palette-sentiment/worker is a browser's Web Worker: in Node, which has no
// global Worker, it says so (it threw a bare ReferenceError) and names what
// runs palettes on worker threads there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPaletteWorker } from '../../web/worker.js';
import { PaletteSentimentError } from '../../web/errors.js';

test('createPaletteWorker in Node: WORKER, naming extractPalettes', () => {
  assert.equal(typeof globalThis.Worker, 'undefined', 'this Node has a global Worker: the test no longer checks anything');
  assert.throws(() => createPaletteWorker(), (error) => {
    assert.ok(error instanceof PaletteSentimentError);
    assert.equal(error.code, 'WORKER');
    assert.match(error.message, /needs a Web Worker .*extractPalettes/);
    return true;
  });
});
