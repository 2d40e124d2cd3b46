// Image input the image functions cannot use: unsupported formats, empty
// bytes, PNG/JPEG/GIF cut at every length, nothing opaque, over the pixel
// limit. Each is a PaletteSentimentError with a stable code, through
// decodeImage, extractPalette and remapImage alike, and leaves no memory
// behind. Wrong argument types (not bytes, bad options) go in palette.test.js.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, extractPalette, decodeImage, remapImage, PaletteSentimentError } from '../../web/index.js';
import { assertError, encodePng, heapShape, makeImage, makeRichImage, pngFile, readFixture } from './fixtures.js';

before(() => init());

// A valid 6 × 5 PNG with many colours and some translucent pixels.
const good = encodePng(6, 5, new Uint8Array(makeRichImage(6, 5).data.buffer));

/** Asserts fn throws a PaletteSentimentError with this code. */
function assertCode(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `expected PaletteSentimentError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'PaletteSentimentError');
    assert.equal(error.code, code);
    assert.equal(typeof error.status, 'number');
    assert.ok(error.message.length > 0);
    return true;
  });
}

describe('C failures throw PaletteSentimentError with a stable code', () => {
  const enc = (s) => new TextEncoder().encode(s);

  test('unsupported formats', () => {
    const webp = new Uint8Array(30);
    webp.set(enc('RIFF'), 0);
    webp.set([22, 0, 0, 0], 4);
    webp.set(enc('WEBPVP8 '), 8);
    for (const bytes of [webp, enc('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'),
      enc('just some text, not an image'), good.subarray(0, 7)]) {
      assertCode(() => extractPalette(bytes), 'IMAGE_UNSUPPORTED');
      assertCode(() => decodeImage(bytes), 'IMAGE_UNSUPPORTED');
    }
  });

  test('a PNG truncated at every length past the signature is IMAGE_CORRUPT', () => {
    for (let len = 8; len < good.length; len++) {
      assertCode(() => extractPalette(good.subarray(0, len)), 'IMAGE_CORRUPT');
    }
    assertCode(() => decodeImage(good.subarray(0, good.length - 1)), 'IMAGE_CORRUPT');
  });

  test('empty bytes', () => {
    assertCode(() => extractPalette(new Uint8Array(0)), 'IMAGE_EMPTY');
    assertCode(() => extractPalette(new ArrayBuffer(0)), 'IMAGE_EMPTY');
    assertCode(() => decodeImage(new Uint8Array(0)), 'IMAGE_EMPTY');
  });

  test('all transparent', () => {
    const clear = makeImage(4, 4, [[0xFF0000, 16, 0]]);
    assertCode(() => extractPalette(clear), 'NO_PIXELS');
    assertCode(() => extractPalette(encodePng(4, 4, new Uint8Array(clear.data.buffer))), 'NO_PIXELS');
    assertCode(() => extractPalette(makeImage(2, 1, [[0xFFFFFF, 2]]), { ignoreNearWhite: true }), 'NO_PIXELS');
  });

  test('over the pixel limit', () => {
    assertCode(() => extractPalette(good, { maxPixels: 29 }), 'IMAGE_TOO_LARGE');
    assert.equal(extractPalette(good, { maxPixels: 30 }).width, 6);
    assertCode(() => decodeImage(good, { maxPixels: 10 }), 'IMAGE_TOO_LARGE');
    assertCode(() => remapImage(good, ['#000000'], { maxPixels: 29 }), 'IMAGE_TOO_LARGE');
    assert.equal(remapImage(good, ['#000000'], { maxPixels: 30 }).width, 6);
    assert.throws(() => remapImage(good, ['#000000'], { maxPixel: 30 }), { name: 'TypeError', message: /options\.maxPixel is not an option/ });
    assert.throws(() => remapImage(good, ['#000000'], { maxPixels: 0 }), { name: 'RangeError', message: /maxPixels/ });
    const huge = encodePng(1, 1, new Uint8Array([1, 2, 3, 255]), { width: 100000, height: 100000 });
    assertCode(() => extractPalette(huge), 'IMAGE_TOO_LARGE');
    assertCode(() => decodeImage(huge), 'IMAGE_TOO_LARGE');
  });

  test('over a limit, the message gives the image\'s size and the limit it passes', () => {
    const declared = (width, height) => encodePng(1, 1, new Uint8Array([1, 2, 3, 255]), { width, height });
    assert.throws(() => extractPalette(good, { maxPixels: 29 }),
      { code: 'IMAGE_TOO_LARGE', message: 'the image is 6 × 5 = 30 pixels, over the limit of 29 pixels (maxPixels)' });
    assert.throws(() => decodeImage(declared(20000, 10000)),
      { message: 'the image is 20,000 × 10,000 = 200,000,000 pixels, over the limit of 100,000,000 pixels (maxPixels)' });
    assert.throws(() => remapImage(declared(2 ** 24 + 1, 1), ['#000000'], { maxPixels: 2 ** 32 - 1 }),
      { message: 'the image is 16,777,217 × 1 = 16,777,217 pixels, a side over 16,777,216 pixels, more than the decoder takes' });
    assert.throws(() => decodeImage(declared(24000, 24000), { maxPixels: 2 ** 32 - 1 }),
      { message: 'the image is 24,000 × 24,000 = 576,000,000 pixels, over the 536,870,911 pixels the decoder can hold' });
  });
});

/** A valid 1-bit grey PNG of side × side, all black: a few tens of KB whatever its size. */
function blackPng(side) {
  const raw = new Uint8Array(side * (1 + Math.ceil(side / 8))); // filter 0 and zero bits, row after row
  return pngFile({ width: side, height: side, bitDepth: 1, colourType: 0 }, raw);
}

test('a valid image the memory cannot hold is NO_MEMORY, one whose RGBA passes 2 GiB IMAGE_TOO_LARGE; not corrupt', () => {
  const everything = { maxPixels: 2 ** 32 - 1 };
  // 21000²: 1.76 GB of RGBA beside stb_image's own copy of the pixels, in a memory of 2 GB
  assertCode(() => decodeImage(blackPng(21_000), everything), 'NO_MEMORY');
  assertCode(() => decodeImage(blackPng(24_000), everything), 'IMAGE_TOO_LARGE'); // 2.3 GB: refused before decoding
  assert.equal(extractPalette(good).width, 6, 'the module still works');
});

describe('truncated images: an error at every length, all memory returned', () => {
  const files = [['PNG', good, 8], ['JPEG', readFixture('tiny.jpg'), 3], ['GIF', readFixture('tiny.gif'), 6]];
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
