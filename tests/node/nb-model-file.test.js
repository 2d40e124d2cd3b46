// The model file (.nbm, FORMAT.md) as bytes the loader must judge: garbage,
// truncations, flipped bytes and bad checksums each a MODEL_* error and never a
// crash. A save/load round trip of a good model is in nb-api.test.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes, PaletteSentimentError } from '../../web/index.js';
import { assertCode, HAND_DOCS, prng, trainPairs } from './nb-fixtures.js';

let model; // HAND_DOCS, default options
let bytes; // model.save()
before(async () => {
  await init();
  model = await trainPairs(HAND_DOCS);
  bytes = model.save();
});
after(() => model?.dispose());

test('bad model bytes: MODEL_MAGIC, MODEL_TRUNCATED, MODEL_CHECKSUM, MODEL_VERSION', () => {
  const rand = prng(1);
  const garbage = Uint8Array.from({ length: 256 }, () => Math.floor(rand() * 256));
  garbage[0] = 0x50;
  assertCode(() => NaiveBayes.load(garbage), 'MODEL_MAGIC');
  assertCode(() => NaiveBayes.load(new TextEncoder().encode('{"labels": ["pos", "neg"], "weights": []}')), 'MODEL_MAGIC');
  assertCode(() => NaiveBayes.load(new Uint8Array(0)), 'MODEL_TRUNCATED');
  assertCode(() => NaiveBayes.load(bytes.subarray(0, 5)), 'MODEL_TRUNCATED');
  assertCode(() => NaiveBayes.load(bytes.subarray(0, bytes.length >> 1)), 'MODEL_TRUNCATED');
  assertCode(() => NaiveBayes.load(bytes.subarray(0, bytes.length - 1)), 'MODEL_TRUNCATED');
  const flipped = bytes.slice();
  flipped[bytes.length >> 1] ^= 0x10;
  assertCode(() => NaiveBayes.load(flipped), 'MODEL_CHECKSUM');
  const crc = bytes.slice();
  crc[crc.length - 1] ^= 1;
  assertCode(() => NaiveBayes.load(crc), 'MODEL_CHECKSUM');
  const major = bytes.slice();
  major[8] = 2;
  assertCode(() => NaiveBayes.load(major), 'MODEL_VERSION');
});

test('every truncation and every byte flip is an error, never a crash', () => {
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => NaiveBayes.load(bytes.subarray(0, n)), (e) => e instanceof PaletteSentimentError && /^MODEL_/.test(e.code));
  }
  for (let i = 0; i < bytes.length; i++) {
    for (const bit of [0x01, 0x80]) {
      const copy = bytes.slice();
      copy[i] ^= bit;
      assert.throws(() => NaiveBayes.load(copy), (e) => e instanceof PaletteSentimentError && /^MODEL_/.test(e.code), `byte ${i}`);
    }
  }
  // the original still loads and predicts
  const again = NaiveBayes.load(bytes);
  assert.deepEqual(again.predict('good fun'), model.predict('good fun'));
  again.dispose();
});
