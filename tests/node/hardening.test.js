// Hardening of the JS API (issue #5), beyond palette.test.js and naive-bayes.test.js:
// PNG, JPEG and GIF cut at every length through every image function, each an
// error that returns all memory; hostile text (invalid UTF-8 read as Latin-1,
// lone surrogates, NULs, 10 MB, nothing but punctuation or stop words) gives a
// defined prediction; wrong argument types and ranges not covered elsewhere;
// memory back after dispose; 100,000 mixed calls; model format versions.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  init, extractPalette, decodeImage, remapImage, NaiveBayes, NaiveBayesTrainer, PaletteSentimentError,
} from '../../web/index.js';
import { wasm } from '../../web/wasm.js';
import { crc32, encodePng, heapShape, makeImage, makeRichImage } from './fixtures.js';

const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
const SHIPPED = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));

function assertError(fn, code, what) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `${what}: expected PaletteSentimentError, got ${error}`);
    if (code) assert.equal(error.code, code, what);
    return true;
  });
}

function assertDistribution(prediction, labels, what) {
  assert.ok(labels.includes(prediction.label), `${what}: label ${prediction.label}`);
  assert.deepEqual(Object.keys(prediction.probabilities), [...labels], what);
  let sum = 0;
  for (const p of Object.values(prediction.probabilities)) {
    assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `${what}: probability ${p}`);
    sum += p;
  }
  assert.ok(Math.abs(sum - 1) < 1e-12, `${what}: probabilities sum to ${sum}`);
  assert.ok(Number.isInteger(prediction.evidence) && prediction.evidence >= 0, `${what}: evidence ${prediction.evidence}`);
  for (const e of prediction.explanation) assert.ok(Number.isFinite(e.weight) && e.weight > 0 && labels.includes(e.label), what);
}

const TRAIN = [
  ['a good, fun and wonderful film', 'pos'], ['great acting, good story', 'pos'], ['fun fun fun', 'pos'],
  ['a bad, dull and boring film', 'neg'], ['awful acting, bad story', 'neg'], ['dull', 'neg'],
  ['an ok film, average', 'meh'], ['fine, average acting', 'meh'],
];

let small;
let stop; // stop words removed at training and prediction
before(async () => {
  await init();
  small = await NaiveBayes.train(TRAIN.map(([t]) => t), TRAIN.map(([, l]) => l), { ngrams: [1, 2] });
  stop = await NaiveBayes.train(TRAIN.map(([t]) => t), TRAIN.map(([, l]) => l), { stopwords: true });
});
after(() => {
  small?.dispose();
  stop?.dispose();
});

describe('truncated images: an error at every length, all memory returned', () => {
  const png = encodePng(6, 5, new Uint8Array(makeRichImage(6, 5).data.buffer));
  const files = [['PNG', png, 8], ['JPEG', fixture('tiny.jpg'), 3], ['GIF', fixture('tiny.gif'), 6]];
  for (const [name, bytes, signature] of files) {
    test(`${name} (${bytes.length} bytes) through decodeImage, extractPalette and remapImage`, () => {
      const full = decodeImage(bytes);
      assert.ok(full.width > 0 && full.height > 0);
      assert.ok(extractPalette(bytes, { k: 3 }).colors.length > 0);
      const before = heapShape();
      for (let len = 1; len < bytes.length; len++) {
        const cut = bytes.subarray(0, len);
        const code = len < signature ? 'IMAGE_UNSUPPORTED' : 'IMAGE_CORRUPT';
        assertError(() => decodeImage(cut), code, `${name} cut at ${len}`);
        assertError(() => extractPalette(cut, { k: 3 }), code, `${name} cut at ${len}`);
        assertError(() => remapImage(cut, ['#000000', '#ffffff']), code, `${name} cut at ${len}`);
      }
      assert.deepEqual(heapShape(), before, `${name}: memory after ${3 * (bytes.length - 1)} failed calls`);
    });
  }
});

describe('hostile text gives a defined prediction', () => {
  const latin1 = Buffer.from('Tr\xe8s bon film, g\xe9nial! \xe0 voir \xff\xfe good', 'latin1');
  const texts = {
    'invalid UTF-8 decoded as UTF-8 (U+FFFD)': new TextDecoder().decode(latin1),
    'Latin-1 bytes decoded as Latin-1': latin1.toString('latin1'),
    'lone surrogates': '\uD800good\uDFFF \uDBFF \uDC00fun\uD83D',
    'NUL characters': '\0good\0\0fun\0',
    'only NULs': '\0'.repeat(1000),
    'empty string': '',
    'only punctuation': '!!! ... ??? ,,, ;:-() "\'" — … «» ¿¡',
    'only stop words': 'the and of a is it this that to in was for on with as',
    'control characters': '\x01\x02\x1b[31mgood\x7f\u0085\u2028\u2029\uFEFF',
  };
  const models = () => [['small (1-2 grams)', small], ['stop words removed', stop]];

  for (const [name, text] of Object.entries(texts)) {
    test(name, () => {
      for (const [label, model] of models()) {
        const p = model.predict(text, { explain: 5 });
        assertDistribution(p, model.labels, `${label}: ${name}`);
        assert.deepEqual(model.predict(text, { explain: 5 }), p, 'the same text twice, the same result');
      }
    });
  }

  test('lone surrogates read as U+FFFD, NULs as separators', () => {
    assert.deepEqual(small.predict('\uD800good\uDFFF fun'), small.predict('\uFFFDgood\uFFFD fun'));
    assert.equal(small.predict('\0good\0\0fun\0').evidence, small.predict(' good  fun ').evidence);
  });

  test('nothing known (empty, punctuation, stop words with them removed): the prior, evidence 0', () => {
    for (const text of [texts['empty string'], texts['only punctuation'], texts['only NULs']]) {
      const p = small.predict(text);
      assert.equal(p.evidence, 0);
      assert.equal(p.explanation.length, 0);
      assert.ok(Math.abs(p.probabilities.pos - 3 / 8) < 1e-9 && Math.abs(p.probabilities.meh - 2 / 8) < 1e-9);
    }
    assert.equal(stop.predict(texts['only stop words']).evidence, 0);
  });

  test('a 10 MB review: a defined result, and the staging buffer is given back', () => {
    const unit = 'a good fun film with bad moments and great acting, \u00e9t\u00e9 \ud83d\ude00 ';
    const big = unit.repeat(Math.ceil(10_000_000 / unit.length));
    assert.ok(big.length >= 10_000_000);
    const p = small.predict(big, { explain: 3 });
    assertDistribution(p, small.labels, '10 MB');
    assert.ok(p.evidence > 1_000_000, `evidence ${p.evidence}`);
    assert.equal(p.label, 'pos');
    // the 30 MB staging buffer is freed: the next big call reuses the same memory
    const shape = heapShape();
    small.predict(big, { explain: 0 });
    assert.deepEqual(heapShape(), shape);
  });

  test('the shipped model on the same texts', { skip: existsSync(SHIPPED) ? false : `${SHIPPED} is absent` }, () => {
    const model = NaiveBayes.load(readFileSync(SHIPPED));
    try {
      for (const [name, text] of Object.entries(texts)) assertDistribution(model.predict(text), model.labels, `shipped: ${name}`);
      assertDistribution(model.predict('brilliant '.repeat(200_000)), model.labels, 'shipped: 2 MB of one word');
    } finally {
      model.dispose();
    }
  });
});

describe('wrong argument types and ranges (not covered in palette.test.js / naive-bayes.test.js)', () => {
  const image = makeImage(2, 2, [[0x112233, 4]]);
  const png = encodePng(2, 2, new Uint8Array(image.data.buffer));
  const cases = () => [
    ['extractPalette options an array', () => extractPalette(image, [3]), TypeError, /options/],
    ['extractPalette tolerance a string', () => extractPalette(image, { tolerance: '0.1' }), TypeError, /options\.tolerance/],
    ['extractPalette maxIter 10001', () => extractPalette(image, { maxIter: 10001 }), RangeError, /options\.maxIter/],
    ['extractPalette k Infinity', () => extractPalette(image, { k: Infinity }), RangeError, /options\.k/],
    ['extractPalette restarts 0', () => extractPalette(image, { restarts: 0 }), RangeError, /options\.restarts/],
    ['extractPalette alphaThreshold -1', () => extractPalette(image, { alphaThreshold: -1 }), RangeError, /options\.alphaThreshold/],
    ['extractPalette maxPixels 2^32', () => extractPalette(png, { maxPixels: 2 ** 32 }), RangeError, /options\.maxPixels/],
    ['extractPalette width * height overflowing', () => extractPalette({ data: new Uint8Array(16), width: 2 ** 31, height: 2 ** 31 }), RangeError, /image\.data/],
    ['decodeImage null', () => decodeImage(null), TypeError, /bytes/],
    ['decodeImage options null', () => decodeImage(png, null), TypeError, /options/],
    ['decodeImage unknown option', () => decodeImage(png, { k: 5 }), TypeError, /options\.k/],
    ['decodeImage maxPixels a string', () => decodeImage(png, { maxPixels: '5' }), TypeError, /options\.maxPixels/],
    ['decodeImage maxPixels 0', () => decodeImage(png, { maxPixels: 0 }), RangeError, /options\.maxPixels/],
    ['remapImage colors an object', () => remapImage(image, {}), TypeError, /colors/],
    ['remapImage colors[0] null', () => remapImage(image, [null]), TypeError, /colors\[0\]/],
    ['remapImage {colors: []}', () => remapImage(image, { colors: [] }), RangeError, /colors/],
    ['predict options null', () => small.predict('x', null), TypeError, /options/],
    ['predict unknown option', () => small.predict('x', { explian: 3 }), TypeError, /options\.explian/],
    ['predict explain a string', () => small.predict('x', { explain: '5' }), TypeError, /options\.explain/],
    ['predict explain NaN', () => small.predict('x', { explain: NaN }), RangeError, /options\.explain/],
    ['predictMany null', () => small.predictMany(null), TypeError, /texts/],
    ['predictMany explain -1', () => small.predictMany(['x'], { explain: -1 }), RangeError, /options\.explain/],
    ['topTokens n 1001', () => small.topTokens('pos', 1001), RangeError, /\bn\b/],
    ['topTokens n a string', () => small.topTokens('pos', '5'), TypeError, /\bn\b/],
    ['topTokens label a number', () => small.topTokens(1), RangeError, /label/],
    ['setMetadata key a number', () => small.setMetadata(5, 'v'), TypeError, /key/],
    ['setMetadata value null', () => small.setMetadata('k', null), TypeError, /value/],
    ['setMetadata key over 1024 bytes', () => small.setMetadata('é'.repeat(513), 'v'), RangeError, /key/],
    ['setMetadata value over 1 MiB', () => small.setMetadata('k', 'x'.repeat((1 << 20) + 1)), RangeError, /value/],
    ['NaiveBayes.load undefined', () => NaiveBayes.load(), TypeError, /bytes/],
    ['new NaiveBayes(handle) from outside', () => new NaiveBayes(8), TypeError, /train|load/],
    ['trainer options an array', () => new NaiveBayesTrainer([]), TypeError, /options/],
    ['trainer weightBits a string', () => new NaiveBayesTrainer({ weightBits: '8' }), TypeError, /weightBits/],
    ['trainer negation a string', () => new NaiveBayesTrainer({ negation: 'no' }), TypeError, /negation/],
    ['trainer alpha Infinity', () => new NaiveBayesTrainer({ alpha: Infinity }), RangeError, /alpha/],
    ['trainer maxFeatures 1.5', () => new NaiveBayesTrainer({ maxFeatures: 1.5 }), RangeError, /maxFeatures/],
    ['trainer ngrams [1]', () => new NaiveBayesTrainer({ ngrams: [1] }), TypeError, /ngrams/],
    ['trainer metadata an array', () => new NaiveBayesTrainer({ metadata: [] }), TypeError, /metadata/],
    ['trainer metadata value over 1 MiB', () => new NaiveBayesTrainer({ metadata: { k: 'x'.repeat((1 << 20) + 1) } }), RangeError, /metadata/],
  ];
  for (const [name, fn, type, pattern] of cases()) {
    test(name, () => assert.throws(fn, (error) => {
      assert.equal(error.constructor, type, `${name}: ${error}`);
      assert.match(error.message, pattern);
      return true;
    }));
  }

  test('init with a wrong source type rejects with TypeError (fresh module)', async () => {
    const fresh = await import(`../../web/wasm.js?hardening=${Date.now()}`);
    for (const source of [42, {}, true, [1, 2]]) await assert.rejects(fresh.init(source), TypeError, String(source));
    assert.throws(() => fresh.wasm(), /init\(\)/);
  });

  test('trainer methods', () => {
    const t = new NaiveBayesTrainer();
    const other = new NaiveBayesTrainer({ binary: true });
    try {
      assert.throws(() => t.add(null, 'pos'), { name: 'TypeError', message: /text/ });
      assert.throws(() => t.add('x', NaN), { name: 'TypeError', message: /label/ });
      assert.throws(() => t.add('x', 'l'.repeat(1025)), { name: 'RangeError', message: /label.*1024/ });
      assert.throws(() => t.addMany([null]), { name: 'TypeError', message: /records\[0\]/ });
      assert.throws(() => t.addMany([{ text: 1, label: 'a' }]), { name: 'TypeError', message: /records\[0\]\.text/ });
      assert.throws(() => t.addMany(['a'], 'pos'), { name: 'TypeError', message: /labels/ });
      assert.throws(() => t.merge(null), { name: 'TypeError', message: /other/ });
      assert.throws(() => t.merge({}), { name: 'TypeError', message: /other/ });
      assert.throws(() => t.merge(t), { name: 'RangeError', message: /itself/ });
      t.add('good', 'pos').add('bad', 'neg');
      assertError(() => t.merge(other), 'NB_MISMATCH', 'different options');
      assert.throws(() => t.finish(null), { name: 'TypeError', message: /options/ });
      assert.throws(() => t.finish({ metadata: 5 }), { name: 'TypeError', message: /metadata/ });
      assert.throws(() => t.finish({ metadata: { k: 1 } }), { name: 'TypeError', message: /metadata\.k/ });
      assert.throws(() => t.finish({ meta: {} }), { name: 'TypeError', message: /options\.meta/ });
      assert.equal(t.documents, 2, 'failed calls added nothing');
      const m = t.finish({ metadata: { note: 'ok' } });
      assert.equal(m.info().metadata.note, 'ok');
      m.dispose();
    } finally {
      t.dispose();
      other.dispose();
    }
  });
});

describe('dispose', () => {
  test('a disposed model or trainer gives all its memory back', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`word${i} token${i % 37} good ${i % 2 ? 'fun' : 'dull'}`, i % 2 ? 'pos' : 'neg']);
    const warm = await NaiveBayes.train(rows.map(([t]) => t), rows.map(([, l]) => l), { ngrams: [1, 3] });
    warm.predict('good fun', { explain: 50 });
    warm.dispose();
    const before = heapShape();
    for (let i = 0; i < 3; i++) {
      const m = await NaiveBayes.train(rows.map(([t]) => t), rows.map(([, l]) => l), { ngrams: [1, 3] });
      m.predict('good fun', { explain: 50 });
      const again = NaiveBayes.load(m.save());
      m.dispose();
      assert.deepEqual(again.labels, ['neg', 'pos'], 'a model loaded from the bytes outlives the original');
      again.dispose();
      again.dispose();
      assert.throws(() => again.predict('good'), /dispose/);
      const t = new NaiveBayesTrainer();
      t.addMany(rows.map(([text, label]) => ({ text, label })));
      t.dispose();
      assert.throws(() => t.finish(), /dispose/);
    }
    assert.deepEqual(heapShape(), before);
  });
});

describe('memory', () => {
  test('100,000 mixed calls (palettes, predictions, failures) leave the heap as it was', { timeout: 60_000 }, () => {
    const pixels = makeImage(4, 4, [[0x336699, 10], [0x993366, 6]]);
    const png = encodePng(4, 4, new Uint8Array(pixels.data.buffer));
    const jpeg = fixture('tiny.jpg');
    const gif = fixture('tiny.gif');
    const model = small.save();
    const badModel = model.slice();
    badModel[model.length >> 1] ^= 0x20;
    const calls = [
      () => extractPalette(pixels, { k: 2 }),
      () => small.predict('a good fun film, not dull', { explain: 3 }),
      () => extractPalette(png.subarray(0, 50)),
      () => small.predict('bad awful boring'),
      () => extractPalette(jpeg, { k: 2 }),
      () => decodeImage(gif.subarray(0, gif.length - 1)),
      () => small.predictMany(['ok', '', 'great'], { explain: 0 }),
      () => NaiveBayes.load(badModel),
      () => remapImage(png, ['#000000', '#ffffff']),
      () => small.predict('x', { explain: -1 }),
    ];
    const failing = new Set([2, 5, 7, 9]);
    for (const call of calls) try { call(); } catch { /* warm-up */ }
    const before = heapShape();
    let failures = 0;
    for (let i = 0; i < 100_000; i++) {
      const k = i % calls.length;
      try {
        calls[k]();
      } catch (error) {
        failures++;
        if (!failing.has(k)) throw error;
      }
    }
    assert.equal(failures, 100_000 * failing.size / calls.length);
    assert.deepEqual(heapShape(), before);
  });
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
    for (const major of [2, 3, 65535]) {
      assert.throws(() => NaiveBayes.load(withVersion(bytes, major, 0)), (error) => {
        assert.ok(error instanceof PaletteSentimentError);
        assert.equal(error.code, 'MODEL_VERSION');
        assert.match(error.message, /newer major version/);
        return true;
      });
    }
    assertError(() => NaiveBayes.load(withVersion(bytes, 0, 0)), 'MODEL_VERSION', 'major 0');
  });
});
