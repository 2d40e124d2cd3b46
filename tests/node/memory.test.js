// Leaks: long runs of calls, successful and failing, and dispose() leave the
// WebAssembly heap as it was (heapShape(): memory size, bytes in use, where a
// fresh block lands). A soak or dispose test for any function goes here; a
// function's own error cases stay in its subject's file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  init, extractPalette, decodeImage, remapImage, NaiveBayes, NaiveBayesTrainer, PaletteSentimentError,
} from '../../web/index.js';
import { extractPaletteInParts } from '../../web/palette.js';
import { encodePng, heapShape, makeImage, makeRichImage, readFixture } from './fixtures.js';
import { fixtureRows, prng, review, TRAIN, trainPairs } from './nb-fixtures.js';

let small; // TRAIN, 1-2 grams
before(async () => {
  await init();
  small = await trainPairs(TRAIN, { ngrams: [1, 2] });
});
after(() => small?.dispose());

describe('palette memory', () => {
  test('10,000 extractPalette calls leave WebAssembly memory and heap layout unchanged', () => {
    const image = makeRichImage(16, 12);
    extractPalette(image, { k: 4 });
    const before = heapShape();
    let first;
    for (let i = 0; i < 10_000; i++) {
      const { colors } = extractPalette(image, { k: 4 });
      first ??= colors;
      if (i % 2500 === 0) assert.deepEqual(colors, first);
    }
    assert.deepEqual(heapShape(), before);
  });

  test('10,000 mixed calls, half of them failing, leave WebAssembly memory and heap layout unchanged', () => {
    const image = makeImage(4, 4, [[0x336699, 10], [0x993366, 6]]);
    const png = encodePng(4, 4, new Uint8Array(image.data.buffer));
    const clear = makeImage(2, 2, [[0, 4, 0]]);
    const calls = [
      () => extractPalette(png, { k: 2 }),
      () => extractPalette(png.subarray(0, 40)),
      () => decodeImage(png),
      () => extractPalette(clear),
      () => remapImage(image, ['#000000', '#ffffff']),
      () => extractPalette(new TextEncoder().encode('<svg/>')),
      () => extractPalette(image, { k: 0 }),
      () => decodeImage(png, { maxPixels: 3 }),
    ];
    for (const call of calls) try { call(); } catch { /* warm-up */ }
    const before = heapShape();
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      try { calls[i % calls.length](); } catch (error) {
        failures++;
        assert.ok(error instanceof PaletteSentimentError || error instanceof RangeError, String(error));
      }
    }
    assert.equal(failures, 10_000 * 5 / 8);
    assert.deepEqual(heapShape(), before);
  });

  test('a large image is never copied whole: not a few-colour one (its exact colours), nor one with no pixel kept', () => {
    const side = 2048; // 16 MB of pixels
    const sizes = () => heapShape().map((shape) => shape.size);
    const sizesBefore = sizes();
    const clear = { data: new Uint8Array(side * side * 4), width: side, height: side };
    assert.throws(() => extractPalette(clear), (error) => error.code === 'NO_PIXELS');
    // three bins, many exact colours: with k 4 its palette clusters the exact colours
    const few = { data: new Uint8Array(side * side * 4), width: side, height: side };
    const next = prng(5);
    for (let i = 0; i < side * side; i++) {
      const base = [[0x60, 0x60, 0x60], [0xC8, 0x10, 0x20], [0x20, 0xA0, 0xE0]][Math.floor(next() * 3)];
      const low = () => Math.floor(next() * 8);
      few.data.set([base[0] + low(), base[1] + low(), base[2] + low(), 255], 4 * i);
    }
    const got = extractPalette(few, { k: 4 });
    assert.deepEqual(sizes(), sizesBefore, 'the memory did not grow by the image');
    const whole = extractPaletteInParts(few, { k: 4 }, side * side); // one part: copied whole, as before
    assert.deepEqual(got.colors, whole.colors);
    assert.equal(got.deltaE, whole.deltaE);
  });

  test('a few bytes declaring 10000 × 10000 (PNG, GIF, JPEG) are IMAGE_CORRUPT before anything that size is allocated', () => {
    const side = 10_000;
    const le16 = (n) => [n & 255, n >> 8];
    // a 4 × 4 image's data under a 10000 × 10000 header; a GIF whose one frame is 10000 × 10000 with 2 bytes of data
    const png = encodePng(4, 4, new Uint8Array(64), { width: side, height: side });
    const gif = Uint8Array.from([...new TextEncoder().encode('GIF89a'), ...le16(side), ...le16(side), 0, 0, 0,
      0x2c, 0, 0, 0, 0, ...le16(side), ...le16(side), 0, 2, 2, 0x44, 0x01, 0, 0x3b]);
    // a 16 × 16 JPEG's data under a 10000 × 10000 frame header: less than one bit an 8 × 8 block
    const jpeg = new Uint8Array(readFixture('tiny.jpg'));
    const sof = jpeg.findIndex((b, i) => b === 0xFF && jpeg[i + 1] >= 0xC0 && jpeg[i + 1] <= 0xC2);
    jpeg.set([side >> 8, side & 255, side >> 8, side & 255], sof + 5);
    const sizes = () => heapShape().map((shape) => shape.size);
    const sizesBefore = sizes();
    const calls = () => {
      for (const bytes of [png, gif, jpeg]) {
        assert.throws(() => decodeImage(bytes), (error) => error.code === 'IMAGE_CORRUPT', `${bytes.length} bytes`);
        assert.throws(() => extractPalette(bytes), (error) => error.code === 'IMAGE_CORRUPT');
      }
    };
    calls(); // the first also makes the options handle extractPalette keeps
    assert.deepEqual(sizes(), sizesBefore, 'the memory did not grow');
    const before = heapShape();
    calls();
    assert.deepEqual(heapShape(), before);
  });
});

describe('Naive Bayes memory', () => {
  test('10,000 predictions (with occasional 100 KB texts) leave the WebAssembly memory size unchanged', async () => {
    const rows = fixtureRows(300, 8);
    const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ngrams: [1, 2] });
    try {
      const rand = prng(12);
      const short = fixtureRows(200, 13).map((r) => r.text);
      let big = '';
      while (big.length < 100_000) big += `${review(rand, 'pos', 50)} `;
      const texts = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 50 ? big : short[i % short.length]));
      const explainOf = (i) => [0, 3, 10][i % 3];
      // warm-up: every kind of call once
      for (let i = 0; i < 300; i++) model.predict(texts[i], { explain: explainOf(i) });
      model.predictMany(short.slice(0, 10));
      const before = heapShape();
      let positives = 0;
      for (let i = 0; i < texts.length; i++) {
        const p = model.predict(texts[i], { explain: explainOf(i) });
        if (p.label === 'pos') positives++;
      }
      assert.ok(positives > 0);
      assert.deepEqual(heapShape(), before, 'the heap after 10,000 predictions (a leak?)');
    } finally {
      model.dispose();
    }
  });

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

describe('palette and Naive Bayes together', () => {
  test('100,000 mixed calls (palettes, predictions, failures) leave the heap as it was', { timeout: 60_000 }, () => {
    const pixels = makeImage(4, 4, [[0x336699, 10], [0x993366, 6]]);
    const png = encodePng(4, 4, new Uint8Array(pixels.data.buffer));
    const jpeg = readFixture('tiny.jpg');
    const gif = readFixture('tiny.gif');
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
