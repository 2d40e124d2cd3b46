// Every entry point that needs the WebAssembly module, called before init():
// a PaletteSentimentError with code NOT_INITIALIZED, not a bare Error. This
// file never calls init(), and node --test runs each file in its own process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeImage, extractPalette, remapImage, NaiveBayes, NaiveBayesTrainer, PaletteSentimentError } from '../../web/node.js';

const image = { data: new Uint8Array(16).fill(200), width: 2, height: 2 };
const model = readFileSync(new URL('../../models/imdb-sentiment.nbm', import.meta.url));
const calls = {
  extractPalette: () => extractPalette(image),
  decodeImage: () => decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
  remapImage: () => remapImage(image, [[0, 0, 0]]),
  'NaiveBayes.load': () => NaiveBayes.load(model),
  'new NaiveBayesTrainer': () => new NaiveBayesTrainer(),
};

for (const [name, call] of Object.entries(calls)) {
  test(`${name} before init(): NOT_INITIALIZED, naming init()`, async () => {
    await assert.rejects(async () => call(), (error) => {
      assert.ok(error instanceof PaletteSentimentError, `${error}`);
      assert.equal(error.code, 'NOT_INITIALIZED');
      assert.match(error.message, /await init\(\) first/);
      return true;
    });
  });
}
