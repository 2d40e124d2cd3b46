// The model file (.nbm, FORMAT.md) as bytes the loader must judge: garbage,
// truncations, flipped bytes and bad checksums each a MODEL_* error and never a
// crash; newer minor versions load, newer major versions are refused. A
// save/load round trip of a good model is in nb-api.test.js.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes, PaletteSentimentError } from '../../web/index.js';
import { assertError, crc32 } from './fixtures.js';
import { assertCode, HAND_DOCS, prng, TRAIN, trainPairs } from './nb-fixtures.js';
import { C } from '../../web/c-constants.js';
import { WORDS } from '../../web/naive-bayes.js';
import { TOKENIZER_1 } from '../../scripts/model-options.mjs';

let model; // HAND_DOCS, default options
let bytes; // model.save()
let small; // TRAIN, 1-2 grams, the tokenizer of format 1: a 1.0 file
before(async () => {
  await init();
  model = await trainPairs(HAND_DOCS);
  bytes = model.save();
  small = await trainPairs(TRAIN, { ngrams: [1, 2], ...TOKENIZER_1 });
});
after(() => {
  model?.dispose();
  small?.dispose();
});

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
  major[8] = C.MODEL_MAJOR_FEATURES + 1;
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

describe('model format versions', () => {
  /** bytes with the version and file length set and the CRC32 recomputed, optionally with a section appended. */
  function withVersion(bytes, major, minor, extra = null) {
    const body = bytes.subarray(0, bytes.length - 4);
    const out = new Uint8Array(body.length + (extra ? extra.length : 0) + 4);
    out.set(body);
    if (extra) out.set(extra, body.length);
    const view = new DataView(out.buffer);
    view.setUint16(8, major, true);
    view.setUint16(10, minor, true);
    view.setUint32(12, out.length, true);
    view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
    return out;
  }
  const section = (tag, payload) => {
    const out = new Uint8Array(8 + payload.length);
    out.set(new TextEncoder().encode(tag));
    new DataView(out.buffer).setUint32(4, payload.length, true);
    out.set(payload, 8);
    return out;
  };

  test('the file says 1.0; rewriting it as 1.0 with a fresh CRC changes nothing', () => {
    const bytes = small.save();
    assert.deepEqual([bytes[8], bytes[9], bytes[10], bytes[11]], [1, 0, 0, 0]);
    assert.deepEqual(withVersion(bytes, 1, 0), bytes);
  });

  test('a newer minor version loads, skipping a section it does not know', () => {
    const bytes = small.save();
    const text = 'a good fun film, not dull';
    for (const [minor, extra] of [[1, null], [7, section('ZZZZ', Uint8Array.of(1, 2, 3, 4, 5))], [65535, section('NEW1', new Uint8Array(0))]]) {
      const m = NaiveBayes.load(withVersion(bytes, 1, minor, extra));
      try {
        assert.deepEqual(m.predict(text), small.predict(text), `minor ${minor}`);
        assert.deepEqual(m.labels, small.labels);
      } finally {
        m.dispose();
      }
    }
    // the same unknown section in a 1.0 file is corruption, not an extension
    assertError(() => NaiveBayes.load(withVersion(bytes, 1, 0, section('ZZZZ', Uint8Array.of(1)))), 'MODEL_CORRUPT', 'unknown section in 1.0');
  });

  test('a newer major version is refused with a message saying so (valid CRC)', () => {
    const bytes = small.save();
    const needs = (bits) => section('FEAT', new Uint8Array(new Uint32Array([bits]).buffer));
    const major2 = (bits) => withVersion(bytes, C.MODEL_MAJOR_FEATURES, 0, needs(bits)); // FEAT after the other sections: order is free
    for (const file of [withVersion(bytes, 3, 0), withVersion(bytes, 65535, 0), major2(0x80000000)]) {
      assert.throws(() => NaiveBayes.load(file), (error) => {
        assert.ok(error instanceof PaletteSentimentError);
        assert.equal(error.code, 'MODEL_VERSION');
        assert.match(error.message, /newer major version/);
        return true;
      });
    }
    assertError(() => NaiveBayes.load(withVersion(bytes, 0, 0)), 'MODEL_VERSION', 'major 0');
    assertError(() => NaiveBayes.load(withVersion(bytes, C.MODEL_MAJOR_FEATURES, 0)), 'MODEL_CORRUPT', 'major 2 without FEAT');
    assertError(() => NaiveBayes.load(withVersion(bytes, 1, 0, needs(1))), 'MODEL_CORRUPT', 'FEAT in a 1.x file');
  });

  test('a model that uses tokenizer options newer than 1.0 is 2.0 and names them in FEAT; a reader that does not know one refuses it', async () => {
    const zh = await trainPairs([['很好吃，送餐快 👍', 'pos'], ['太难吃了 😡', 'neg'], ['味道不错 :)', 'pos'], ['送餐太慢 :(', 'neg']]);
    try {
      const saved = zh.save();
      assert.deepEqual([saved[8], saved[9]], [C.MODEL_MAJOR_FEATURES, 0]);
      assert.equal(new TextDecoder().decode(saved.subarray(16, 20)), 'FEAT');
      const view = new DataView(saved.buffer, saved.byteOffset);
      assert.equal(view.getUint32(24, true), 0x700, 'character n-grams, emoji and Unicode case: FEAT bits 8, 9, 10');
      const again = NaiveBayes.load(saved);
      assert.deepEqual(again.predict('很好吃 👍'), zh.predict('很好吃 👍'));
      again.dispose();
      // the same file as a reader that knows none of the tokenizer's bits sees it
      const unknown = saved.slice();
      new DataView(unknown.buffer).setUint32(24, 0x700 | 0x8000, true);
      new DataView(unknown.buffer).setUint32(unknown.length - 4, crc32(unknown.subarray(0, unknown.length - 4)), true);
      assertError(() => NaiveBayes.load(unknown), 'MODEL_VERSION', 'a tokenizer feature this reader does not know');
    } finally {
      zh.dispose();
    }
  });

  test('a 1.0 model keeps the tokenizer of 1.0: a run of Chinese is one word, emoji separate', () => {
    const o = small.info().options;
    assert.deepEqual([o.charNgrams, o.emoji, o.unicodeCase, o.foldAccents], [false, false, false, false]);
    assert.deepEqual(small[WORDS]('很好用 👍 :) ΣΟΦΟΣ').map((w) => w.token), ['很好用', 'σοφοσ']);
  });
});
