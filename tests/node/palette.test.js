// The JS palette API against the built .wasm: init(), exact results on images
// whose colours are known by construction, argument errors naming the
// argument, remapImage, and byte-identical output with the native build
// (tests/c/tool_palette.c). Image bytes the decoder refuses go in
// image-input.test.js, leaks in memory.test.js.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  init, extractPalette, decodeImage, remapImage, PALETTE_DEFAULTS,
} from '../../web/index.js';
import { paletteLibrary, wasm } from '../../web/palette-wasm.js';
import { textLibrary } from '../../web/text-wasm.js';
import { deltaE, encodePng, makeImage, makeRichImage, testArgumentErrors, useTmpDir } from './fixtures.js';

const WASM_PATH = fileURLToPath(new URL('../../wasm-build/palette-sentiment.wasm', import.meta.url));
const PALETTE_WASM = new URL('../../wasm-build/palette-sentiment-palette.wasm', import.meta.url);
const TOOL = fileURLToPath(new URL('../../build/native/tool_palette', import.meta.url));
const DATA_DIR = process.env.PS_DATA
  ? join(process.env.PS_DATA, 'images')
  : fileURLToPath(new URL('../../../shared/data/images', import.meta.url));

const hex = (rgb) => `#${rgb.toString(16).padStart(6, '0')}`;
const rgbOf = (rgb) => [rgb >>> 16, (rgb >>> 8) & 255, rgb & 255];

/** The exact palette of an image made of `runs` when k >= their number (alpha >= 128 kept). */
function expectedPalette(runs) {
  const kept = runs.filter(([, , alpha = 255]) => alpha >= 128);
  const total = kept.reduce((n, [, count]) => n + count, 0);
  return kept
    .map(([rgb, count]) => ({ hex: hex(rgb), rgb: rgbOf(rgb), count, share: count / total }))
    .sort((a, b) => b.count - a.count || parseInt(a.hex.slice(1), 16) - parseInt(b.hex.slice(1), 16));
}

before(() => init());
const tmpPath = useTmpDir('ps-palette-');

// 3 colours at 50/30/20 % of 100 pixels.
const RUNS_532 = [[0xC81E28, 50], [0x1478DC, 30], [0xF0F03C, 20]];

describe('init', () => {
  test('is memoised: every call returns the same promise', async () => {
    const a = init();
    const b = init();
    assert.equal(a, b);
    assert.equal(init(new URL('file:///nonexistent.wasm')), a, 'a later source is ignored once loaded');
    await a;
    assert.equal(typeof wasm().ps_palette_extract, 'function');
  });

  test('without a source, each API loads its own half: no Naive Bayes code in the palette module, no image code in the text one', () => {
    assert.equal(typeof paletteLibrary.wasm().ps_image_decode, 'function');
    assert.equal(paletteLibrary.wasm().ps_nb_model_load, undefined);
    assert.equal(typeof textLibrary.wasm().ps_nb_model_load, 'function');
    assert.equal(textLibrary.wasm().ps_image_decode, undefined);
  });

  /** A loader module of its own (a fresh web/wasm.js) with the palette library declared in it. */
  async function freshLoader(tag) {
    const loader = await import(`../../web/wasm.js?${tag}=${Date.now()}`);
    return { loader, lib: loader.library('palette', PALETTE_WASM, 'ps_palette_extract') };
  }

  test('accepts the module as bytes (fresh module instance)', async () => {
    const { loader, lib } = await freshLoader('bytes');
    assert.throws(() => lib.wasm(), /init\(\)/);
    const bytes = readFileSync(WASM_PATH);
    await loader.init(new Uint8Array(bytes));
    assert.equal(typeof lib.wasm().ps_palette_extract, 'function');
    const fresh2 = await freshLoader('buffer');
    await fresh2.loader.init(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    assert.equal(typeof fresh2.lib.wasm().ps_image_decode, 'function');
  });

  test('one source serves every library: they share one instance', async () => {
    const { loader, lib } = await freshLoader('shared');
    const text = loader.library('text', new URL('file:///nonexistent.wasm'), 'ps_nb_model_load');
    await loader.init(new URL(`file://${WASM_PATH}`));
    assert.equal(lib.wasm(), text.wasm());
  });

  test('a source without a library\'s functions rejects with WASM_LOAD naming them', async () => {
    const { loader } = await freshLoader('missing');
    loader.library('text', new URL('file:///nonexistent.wasm'), 'ps_nb_model_load');
    await assert.rejects(loader.init(PALETTE_WASM), (error) => error.code === 'WASM_LOAD' && /no ps_nb_model_load/.test(error.message));
  });

  test('a failed load rejects with WASM_LOAD and can be retried', async () => {
    const { loader, lib } = await freshLoader('retry');
    await assert.rejects(loader.init(new Uint8Array([0, 1, 2, 3])), { code: 'WASM_LOAD' });
    await assert.rejects(loader.init(new URL('file:///nonexistent.wasm')), { code: 'WASM_LOAD' });
    await loader.init(readFileSync(WASM_PATH));
    assert.equal(typeof lib.wasm().ps_alloc, 'function');
  });

  test('init with a wrong source type rejects with TypeError (fresh module)', async () => {
    const { loader, lib } = await freshLoader('wrong-source');
    for (const source of [42, {}, true, [1, 2]]) await assert.rejects(loader.init(source), TypeError, String(source));
    assert.throws(() => lib.wasm(), /init\(\)/);
  });
});

describe('extractPalette on pixels', () => {
  test('50/30/20 % with k = 3, 5 and 256 gives exactly those colours', () => {
    const image = makeImage(10, 10, RUNS_532);
    const want = expectedPalette(RUNS_532);
    for (const k of [3, 5, 256]) {
      for (const space of ['lab', 'rgb']) {
        const result = extractPalette(image, { k, space });
        assert.deepEqual(result.colors, want, `k=${k} ${space}`);
        assert.equal(result.width, 10);
        assert.equal(result.height, 10);
        assert.equal(result.pixels, 100);
        assert.equal(result.deltaE, 0);
      }
    }
    // literal expectations, to catch a shared mistake in expectedPalette
    const { colors } = extractPalette(image, { k: 3 });
    assert.deepEqual(colors.map((c) => c.hex), ['#c81e28', '#1478dc', '#f0f03c']);
    assert.deepEqual(colors.map((c) => c.share), [0.5, 0.3, 0.2]);
    assert.deepEqual(colors[1].rgb, [20, 120, 220]);
  });

  test('hex is zero-padded lower case', () => {
    const { colors } = extractPalette(makeImage(2, 1, [[0x0000FF, 1], [0x00A0B0, 1]]));
    assert.deepEqual(colors.map((c) => c.hex), ['#0000ff', '#00a0b0']);
  });

  test('equal counts are ordered by colour value', () => {
    const runs = [[0xFF0000, 4], [0x00FF00, 4], [0x0000FF, 4], [0x808080, 4]];
    const { colors } = extractPalette(makeImage(4, 4, runs, { seed: 99 }));
    assert.deepEqual(colors.map((c) => c.hex), ['#0000ff', '#00ff00', '#808080', '#ff0000']);
    assert.ok(colors.every((c) => c.share === 0.25 && c.count === 4));
  });

  test('Uint8Array pixels, a 1×1 image and the alpha filter', () => {
    const one = extractPalette({ data: new Uint8Array([1, 2, 3, 255]), width: 1, height: 1 });
    assert.deepEqual(one.colors, [{ hex: '#010203', rgb: [1, 2, 3], count: 1, share: 1 }]);
    const runs = [[0x102030, 24], [0x405060, 40, 0], [0xA0B0C0, 8, 127], [0x708090, 8, 128]];
    const image = makeImage(8, 10, runs);
    assert.deepEqual(extractPalette(image).colors, expectedPalette(runs));
    const all = extractPalette(image, { alphaThreshold: 0 });
    assert.equal(all.pixels, 80);
    assert.equal(all.colors.length, 4);
  });

  test('ignoreNearWhite drops pixels whose channels are all >= 240', () => {
    const runs = [[0xFFFFFF, 10], [0xF0F0F0, 5], [0xEFFFFF, 3], [0x202020, 2]];
    const image = makeImage(5, 4, runs);
    assert.equal(extractPalette(image).pixels, 20);
    const { colors, pixels } = extractPalette(image, { ignoreNearWhite: true });
    assert.equal(pixels, 5);
    assert.deepEqual(colors.map((c) => [c.hex, c.count]), [['#efffff', 3], ['#202020', 2]]);
  });

  test('a rich image: at most k colours, no duplicates, shares sum to 1, deterministic', () => {
    const image = makeRichImage(61, 37);
    for (const k of [1, 2, 5, 8, 64]) {
      for (const space of ['lab', 'rgb']) {
        const a = extractPalette(image, { k, space, seed: 3 });
        const b = extractPalette(image, { k, space, seed: 3 });
        assert.ok(a.colors.length >= 1 && a.colors.length <= k);
        assert.equal(new Set(a.colors.map((c) => c.hex)).size, a.colors.length);
        assert.equal(a.colors.reduce((n, c) => n + c.count, 0), a.pixels);
        assert.ok(Math.abs(a.colors.reduce((n, c) => n + c.share, 0) - 1) < 1e-12);
        for (let i = 1; i < a.colors.length; i++) assert.ok(a.colors[i - 1].count >= a.colors[i].count);
        assert.deepEqual(a.colors, b.colors);
        assert.equal(Object.is(a.deltaE, b.deltaE), true);
        assert.ok(a.deltaE > 0);
      }
    }
  });

  test("deltaE is measured on what was clustered: up to 4096 pixels each pixel's colour, above that each histogram bin's mean", () => {
    // up to 4096 pixels: the per-pixel mean remapImage gives, but for rounding of the Lab tables
    const small = makeRichImage(64, 64);
    const p = extractPalette(small, { k: 16 });
    assert.ok(Math.abs(p.deltaE - remapImage(small, p).deltaE) < 0.01 * p.deltaE, `${p.deltaE}`);
    // above: the spread inside each 32³ bin is left out, so it is below the per-pixel mean, the more so the larger k
    const large = makeRichImage(512, 512);
    const ratios = [4, 64, 256].map((k) => {
      const q = extractPalette(large, { k });
      return q.deltaE / remapImage(large, q).deltaE;
    });
    assert.ok(ratios[1] < 0.95 && ratios[2] < ratios[1] && ratios[2] < 0.6, ratios.join(' '));
  });
});

describe('options of one call do not carry over to the next', () => {
  test('each option set gives its palette whatever the calls before it', () => {
    const image = makeRichImage(53, 41, 11);
    const sets = [
      undefined,
      { k: 3, seed: 9 },
      { space: 'rgb', restarts: 1 },
      { maxIter: 2, tolerance: 0.5 },
      { alphaThreshold: 0, ignoreNearWhite: true, k: 7 },
      {},
    ];
    const result = (o) => {
      const { timing, ...rest } = extractPalette(image, o);
      return rest;
    };
    const first = sets.map(result);
    assert.equal(first[1].colors.length, 3);
    for (let i = 1; i < 5; i++) assert.notDeepEqual(first[i], first[0], 'each set gives another palette than the defaults');
    for (const order of [[5, 4, 3, 2, 1, 0], [1, 0, 4, 0, 2, 3, 0, 5], [3, 3, 1, 1, 0]]) {
      for (const i of order) assert.deepEqual(result(sets[i]), first[i], `options ${JSON.stringify(sets[i])}`);
    }
    assert.deepEqual(first[5], first[0]);
  });
});

describe('encoded bytes and decodeImage', () => {
  test('a PNG gives the same palette as its pixels, as Uint8Array, ArrayBuffer or Buffer', () => {
    const image = makeImage(10, 10, RUNS_532);
    const png = encodePng(10, 10, new Uint8Array(image.data.buffer));
    const want = expectedPalette(RUNS_532);
    const copy = png.slice();
    for (const bytes of [png, copy.buffer, Buffer.from(png)]) {
      const result = extractPalette(bytes, { k: 4 });
      assert.deepEqual(result.colors, want);
      assert.equal(result.width, 10);
      assert.equal(result.height, 10);
    }
    // a view into a larger buffer at an offset
    const padded = new Uint8Array(png.length + 7);
    padded.set(png, 3);
    assert.deepEqual(extractPalette(padded.subarray(3, 3 + png.length), { k: 4 }).colors, want);
  });

  test('decodeImage round-trips the pixels', () => {
    const image = makeRichImage(23, 17, 11);
    const png = encodePng(23, 17, new Uint8Array(image.data.buffer));
    const decoded = decodeImage(png);
    assert.equal(decoded.width, 23);
    assert.equal(decoded.height, 17);
    assert.ok(decoded.data instanceof Uint8ClampedArray);
    assert.deepEqual(decoded.data, image.data);
    // the decoded image is JS-owned: a later call does not change it
    const before = decoded.data.slice();
    decodeImage(encodePng(1, 1, new Uint8Array([9, 9, 9, 9])));
    assert.deepEqual(decoded.data, before);
    // and extracting from the pixels equals extracting from the bytes
    assert.deepEqual(extractPalette(decoded, { k: 6, seed: 2 }).colors, extractPalette(png, { k: 6, seed: 2 }).colors);
  });
});

/** A copy of bytes whose buffer has been transferred away. */
function detached(bytes) {
  const copy = new Uint8Array(bytes);
  structuredClone(copy.buffer, { transfer: [copy.buffer] });
  return copy;
}

describe('argument errors name the argument', () => {
  const image = makeImage(2, 2, [[0x112233, 4]]);
  const png = encodePng(2, 2, new Uint8Array(image.data.buffer));
  const cases = [
    ['image missing', () => extractPalette(), TypeError, /image/],
    ['image a number', () => extractPalette(42), TypeError, /image/],
    ['image a string', () => extractPalette('photo.png'), TypeError, /image/],
    ['image.data an array', () => extractPalette({ data: [1, 2, 3, 4], width: 1, height: 1 }), TypeError, /image\.data/],
    ['data length mismatch', () => extractPalette({ data: new Uint8Array(12), width: 2, height: 2 }), RangeError, /image\.data.*16.*12/],
    ['width 0', () => extractPalette({ data: new Uint8Array(0), width: 0, height: 1 }), RangeError, /image\.width/],
    ['height fractional', () => extractPalette({ data: new Uint8Array(4), width: 1, height: 1.5 }), RangeError, /image\.height/],
    ['width a string', () => extractPalette({ data: new Uint8Array(4), width: '1', height: 1 }), TypeError, /image\.width/],
    ['options a string', () => extractPalette(image, 'k=3'), TypeError, /options/],
    ['k 0', () => extractPalette(image, { k: 0 }), RangeError, /options\.k/],
    ['k 257', () => extractPalette(image, { k: 257 }), RangeError, /options\.k/],
    ['k 2.5', () => extractPalette(image, { k: 2.5 }), RangeError, /options\.k/],
    ['k a string', () => extractPalette(image, { k: '5' }), TypeError, /options\.k/],
    ['k NaN', () => extractPalette(image, { k: NaN }), RangeError, /options\.k/],
    ['space hsv', () => extractPalette(image, { space: 'hsv' }), RangeError, /options\.space/],
    ['space toString', () => extractPalette(image, { space: 'toString' }), RangeError, /options\.space/],
    ['seed -1', () => extractPalette(image, { seed: -1 }), RangeError, /options\.seed/],
    ['seed 2^32', () => extractPalette(image, { seed: 2 ** 32 }), RangeError, /options\.seed/],
    ['seed bigint', () => extractPalette(image, { seed: 1n }), TypeError, /options\.seed/],
    ['unknown key', () => extractPalette(image, { unknownKey: 1 }), TypeError, /options\.unknownKey/],
    ['unknown key named like an Object method', () => extractPalette(image, { toString: 1 }), TypeError, /options\.toString/],
    ['maxIter 0', () => extractPalette(image, { maxIter: 0 }), RangeError, /options\.maxIter/],
    ['tolerance -1', () => extractPalette(image, { tolerance: -1 }), RangeError, /options\.tolerance/],
    ['tolerance NaN', () => extractPalette(image, { tolerance: NaN }), RangeError, /options\.tolerance/],
    ['alphaThreshold 300', () => extractPalette(image, { alphaThreshold: 300 }), RangeError, /options\.alphaThreshold/],
    ['ignoreNearWhite 1', () => extractPalette(image, { ignoreNearWhite: 1 }), TypeError, /options\.ignoreNearWhite/],
    ['restarts 33', () => extractPalette(image, { restarts: 33 }), RangeError, /options\.restarts/],
    ['maxPixels 0', () => extractPalette(image, { maxPixels: 0 }), RangeError, /options\.maxPixels/],
    ['decodeImage string', () => decodeImage('x.png'), TypeError, /bytes/],
    ['decodeImage pixels object', () => decodeImage(image), TypeError, /bytes/],
    ['remapImage colors missing', () => remapImage(image), TypeError, /colors/],
    ['remapImage no colours', () => remapImage(image, []), RangeError, /colors/],
    ['remapImage 257 colours', () => remapImage(image, new Array(257).fill('#000000')), RangeError, /colors/],
    ['remapImage bad hex', () => remapImage(image, ['#000000', '#zzzzzz']), TypeError, /colors\[1\]/],
    ['remapImage bad rgb', () => remapImage(image, [[0, 0, 256]]), TypeError, /colors\[0\]/],
    ['remapImage image', () => remapImage(null, ['#000000']), TypeError, /image/],
    ['extractPalette options an array', () => extractPalette(image, [3]), TypeError, /options/],
    ['extractPalette options null, as decodeImage\'s', () => extractPalette(image, null), TypeError, /options must be an object/],
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
    ['remapImage a hole in colors', () => remapImage(image, [, '#ffffff']), TypeError, /colors\[0\]/],
    ['extractPalette detached bytes', () => extractPalette(detached(png)), TypeError, /image is a detached ArrayBuffer/],
    ['extractPalette a detached ArrayBuffer', () => extractPalette(detached(png).buffer), TypeError, /image is a detached/],
    ['decodeImage detached bytes', () => decodeImage(detached(png)), TypeError, /bytes is a detached ArrayBuffer/],
    // not "must hold 16 bytes, got 0": a detached view's length reads as 0
    ['extractPalette detached pixels', () => extractPalette({ ...image, data: detached(image.data) }), TypeError, /image\.data is a detached ArrayBuffer/],
    ['remapImage detached pixels', () => remapImage({ ...image, data: detached(image.data) }, ['#000000']), TypeError, /image\.data is a detached/],
  ];
  testArgumentErrors(cases);

  test('encoded bytes in a SharedArrayBuffer, bare or viewed, are bytes like any other', () => {
    const shared = new SharedArrayBuffer(png.length);
    new Uint8Array(shared).set(png);
    const strip = ({ timing, ...rest }) => rest;
    assert.deepEqual(strip(extractPalette(shared)), strip(extractPalette(png)));
    assert.deepEqual(strip(extractPalette(new Uint8Array(shared))), strip(extractPalette(png)));
    assert.deepEqual(decodeImage(shared), decodeImage(png));
  });

  test('an option set to undefined takes its default, as when it is left out', () => {
    const png = encodePng(2, 1, new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]));
    const rich = makeRichImage(30, 20, 4);
    const strip = ({ timing, ...rest }) => rest;
    assert.deepEqual(strip(extractPalette(rich, { k: undefined, seed: undefined, space: undefined })), strip(extractPalette(rich)));
    assert.deepEqual(decodeImage(png, { maxPixels: undefined }), decodeImage(png));
    assert.throws(() => extractPalette(rich, { kk: undefined }), /options\.kk/); // still not an option
  });

  test('PALETTE_DEFAULTS documents the defaults and is frozen', () => {
    assert.equal(PALETTE_DEFAULTS.k, 5);
    assert.equal(PALETTE_DEFAULTS.space, 'lab');
    assert.equal(PALETTE_DEFAULTS.alphaThreshold, 128);
    assert.equal(PALETTE_DEFAULTS.ignoreNearWhite, false);
    assert.ok(Object.isFrozen(PALETTE_DEFAULTS));
  });
});

describe('remapImage', () => {
  test('maps each pixel to its nearest colour by ΔE76 and keeps alpha', () => {
    // greys against black and white: L*(0x76) = 49.64 goes to black, L*(0x77) = 50.03 to white
    const greys = [0x0A0A0A, 0x767676, 0x777777, 0xF5F5F5];
    const want = [0x000000, 0x000000, 0xFFFFFF, 0xFFFFFF];
    const alpha = [255, 0, 17, 128];
    const data = new Uint8ClampedArray(16);
    greys.forEach((g, i) => data.set([...rgbOf(g), alpha[i]], 4 * i));
    const image = { data, width: 2, height: 2 };
    const out = remapImage(image, ['#000000', [255, 255, 255]]);
    assert.equal(out.width, 2);
    assert.equal(out.height, 2);
    assert.deepEqual([...out.data], want.flatMap((rgb, i) => [...rgbOf(rgb), alpha[i]]));
    const expectDE = greys.reduce((n, g, i) => n + deltaE(g, want[i]), 0) / 4;
    assert.ok(Math.abs(out.deltaE - expectDE) < 1e-3, `${out.deltaE} vs ${expectDE}`);
    assert.deepEqual(image.data, data, 'the input is not modified');
    // {hex} and {rgb} objects, and the bytes of the same image
    const png = encodePng(2, 2, new Uint8Array(data.buffer));
    const viaPng = remapImage(png, [{ hex: '#000000' }, { rgb: [255, 255, 255] }]);
    assert.deepEqual(viaPng.data, out.data);
  });

  test('an extractPalette() result as the palette reproduces a few-colour image exactly', () => {
    const image = makeImage(10, 10, RUNS_532);
    const palette = extractPalette(image, { k: 3 });
    const out = remapImage(image, palette);
    assert.deepEqual(out.data, image.data);
    assert.equal(out.deltaE, 0);
    // with two colours, the 20 % yellow pixels go to whichever of red/blue is nearer
    const two = remapImage(image, palette.colors.slice(0, 2));
    const nearest = deltaE(0xF0F03C, 0xC81E28) < deltaE(0xF0F03C, 0x1478DC) ? 0xC81E28 : 0x1478DC;
    for (let i = 0; i < 100; i++) {
      const rgb = (image.data[4 * i] << 16) | (image.data[4 * i + 1] << 8) | image.data[4 * i + 2];
      const got = (two.data[4 * i] << 16) | (two.data[4 * i + 1] << 8) | two.data[4 * i + 2];
      assert.equal(got, rgb === 0xF0F03C ? nearest : rgb);
    }
    assert.ok(Math.abs(two.deltaE - (20 * deltaE(0xF0F03C, nearest)) / 100) < 1e-3);
  });
});

/** Runs the native tool; returns {width, height, pixels, deltaE (string), colors: [[hex, count]]}. */
function nativePalette(file, k, space, seed) {
  const out = execFileSync(TOOL, [file, String(k), space, String(seed)], { encoding: 'utf8' });
  const [head, ...lines] = out.trim().split('\n');
  const [width, height, pixels, de] = head.split(' ');
  return {
    width: Number(width), height: Number(height), pixels: Number(pixels), deltaE: de,
    colors: lines.map((line) => { const [h, c] = line.split(' '); return [`#${h}`, Number(c)]; }),
  };
}

function compareNativeWasm(file, k, space, seed) {
  const native = nativePalette(file, k, space, seed);
  const js = extractPalette(readFileSync(file), { k, space, seed });
  const where = `${file} k=${k} ${space} seed=${seed}`;
  assert.equal(js.width, native.width, where);
  assert.equal(js.height, native.height, where);
  assert.equal(js.pixels, native.pixels, where);
  assert.equal(js.deltaE, Number(native.deltaE), `${where}: deltaE ${js.deltaE} vs ${native.deltaE}`);
  assert.deepEqual(js.colors.map((c) => [c.hex, c.count]), native.colors, where);
}

describe('native and WebAssembly give identical palettes', () => {
  const skipTool = existsSync(TOOL) ? false : `${TOOL} is missing; run 'make build/native/tool_palette'`;

  test('on a fixture PNG, k 2..8, lab and rgb, several seeds', { skip: skipTool }, () => {
    const image = makeRichImage(97, 61, 5);
    const file = tmpPath('rich.png');
    writeFileSync(file, encodePng(97, 61, new Uint8Array(image.data.buffer)));
    for (let k = 2; k <= 8; k++) {
      for (const space of ['lab', 'rgb']) {
        for (const seed of [0, 1, 4294967295]) compareNativeWasm(file, k, space, seed);
      }
    }
    // and the exact path (few colours) through both
    const few = tmpPath('few.png');
    writeFileSync(few, encodePng(10, 10, new Uint8Array(makeImage(10, 10, RUNS_532).data.buffer)));
    compareNativeWasm(few, 5, 'lab', 0);
    assert.deepEqual(nativePalette(few, 5, 'lab', 0).colors, [['#c81e28', 50], ['#1478dc', 30], ['#f0f03c', 20]]);
  });

  // stb_image's JPEG kernels: scalar or SSE2 natively, SSE2 built as WebAssembly SIMD in the .wasm.
  test('decoding JPEGs of every chroma sampling, baseline and progressive, to the same pixels', { skip: skipTool }, () => {
    const dir = fileURLToPath(new URL('../fixtures/jpeg/', import.meta.url));
    const large = join(DATA_DIR, 'large');
    const files = [
      ...readdirSync(dir).map((f) => join(dir, f)),
      ...(existsSync(large) ? readdirSync(large).filter((f) => f.endsWith('.jpg')).map((f) => join(large, f)) : []),
    ];
    assert.ok(files.length >= 8, `JPEG fixtures in ${dir}`);
    const rgbaFile = tmpPath('native.rgba');
    for (const file of files) {
      execFileSync(TOOL, [file, '1'], { env: { ...process.env, PS_TOOL_RGBA: rgbaFile } });
      const native = readFileSync(rgbaFile);
      const { data } = decodeImage(readFileSync(file));
      assert.equal(data.length, native.length, file);
      assert.ok(native.equals(new Uint8Array(data.buffer, data.byteOffset, data.length)), `${file}: the WebAssembly and native pixels differ`);
    }
  });

  test('on ../shared/data/images/ui/*.png', { skip: skipTool }, (t) => {
    const ui = join(DATA_DIR, 'ui');
    if (!existsSync(ui)) {
      t.skip(`${ui} not found (set PS_DATA to the shared data folder)`);
      return;
    }
    const files = readdirSync(ui).filter((f) => f.endsWith('.png')).sort().slice(0, 4);
    if (files.length === 0) {
      t.skip(`no PNG in ${ui}`);
      return;
    }
    for (const f of files) {
      for (const [k, space, seed] of [[5, 'lab', 0], [8, 'lab', 7], [6, 'rgb', 1]]) compareNativeWasm(join(ui, f), k, space, seed);
    }
  });
});
