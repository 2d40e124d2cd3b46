// Test fixtures built in code: RGBA images with known colours, the PNG encoder
// of scripts/png.mjs (node:zlib deflate + CRC32) and an independent sRGB -> CIELAB
// reference, so expectations never come from the library under test. Also the
// helpers every node test file may share: heapShape(), a per-file temporary
// folder, the files in tests/fixtures/ and a PaletteSentimentError assertion.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaletteSentimentError } from '../../web/index.js';
import { loadedLibraries } from '../../web/wasm.js';
export { crc32, encodePng, pngFile } from '../../scripts/png.mjs';

/** Options of V8 and of the Node process that a worker thread may not be given (new Worker throws on them):
 * for scripts that must start workers all the same. --stack-size is V8's default. */
export const PROCESS_OPTIONS = ['--max-old-space-size=3000', '--stack-size=984', '--expose-gc', '--title=palette-sentiment-test'];

/** Node's permission model with every file readable and no worker threads allowed (--permission from Node 22.13,
 * --experimental-permission before), without its warning. */
export const NO_WORKERS_OPTIONS = [
  process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission', '--allow-fs-read=*', '--no-warnings',
];

/**
 * RGBA pixels from a list of [0xRRGGBB, count] runs (alpha 255 unless given as
 * a third element), shuffled with a fixed seed so runs never matter.
 * Returns {data: Uint8ClampedArray, width, height}; width * height must equal the total count.
 */
export function makeImage(width, height, runs, { shuffle = true, seed = 1 } = {}) {
  const total = runs.reduce((n, [, count]) => n + count, 0);
  if (total !== width * height) throw new Error(`makeImage: runs hold ${total} pixels, not ${width * height}`);
  const pixels = [];
  for (const [rgb, count, alpha = 255] of runs) for (let i = 0; i < count; i++) pixels.push([rgb, alpha]);
  if (shuffle) {
    let s = seed >>> 0;
    for (let i = pixels.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [pixels[i], pixels[j]] = [pixels[j], pixels[i]];
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  pixels.forEach(([rgb, alpha], i) => data.set([rgb >>> 16, (rgb >>> 8) & 255, rgb & 255, alpha], 4 * i));
  return { data, width, height };
}

/** A rich deterministic image: gradients plus noise, some pixels half transparent. */
export function makeRichImage(width, height, seed = 7) {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      const blob = (x < width / 2) === (y < height / 2);
      data[i] = (blob ? 40 : 200) + (x * 50) / width + (rand() & 15);
      data[i + 1] = (blob ? 90 : 160) + (y * 60) / height + (rand() & 15);
      data[i + 2] = ((x + y) * 255) / (width + height) + (rand() & 7);
      data[i + 3] = rand() < 20 ? 60 : 255;
    }
  }
  return { data, width, height };
}

function linear(c) {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function labF(t) {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/** Reference sRGB8 -> CIELAB (D65), CIE formulas with Math.cbrt: independent of the C code. */
export function srgbToLab(rgb) {
  const r = linear(rgb >>> 16), g = linear((rgb >>> 8) & 255), b = linear(rgb & 255);
  const fx = labF((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
  const fy = labF(0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
  const fz = labF((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** ΔE76 between two 0xRRGGBB colours. */
export function deltaE(a, b) {
  const x = srgbToLab(a), y = srgbToLab(b);
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

/**
 * An image made of horizontal bands: `bands` is [{rgb: [r, g, b], rows, alpha?}],
 * each band `rows` rows of one colour. Returns {width, height, rgba}.
 */
export function bandedImage(width, bands) {
  const height = bands.reduce((n, band) => n + band.rows, 0);
  const rgba = new Uint8Array(width * height * 4);
  let y = 0;
  for (const { rgb, rows, alpha = 255 } of bands) {
    for (let end = y + rows; y < end; y++) {
      for (let x = 0; x < width; x++) rgba.set([...rgb, alpha], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}

/**
 * Per loaded WebAssembly module (palette, text): its memory size, the bytes the
 * allocator has handed out and where a fresh 4 KB block lands. Equal shapes
 * before and after mean nothing leaked, even a leak of a few bytes that neither
 * grows the memory nor moves the block.
 */
export function heapShape() {
  return loadedLibraries().map(({ name, wasm }) => {
    const w = wasm();
    const ptr = w.ps_alloc(4096);
    w.ps_free(ptr);
    // read after the probe: its first alloc and free can leave the free blocks laid out anew, and the
    // allocator (emmalloc) counts the free blocks' headers as in use, so reading before would differ by those
    const inUse = w.ps_memory_in_use();
    return { name, size: w.memory.buffer.byteLength, inUse, probe: ptr };
  });
}

/**
 * A temporary folder for the calling test file: made before its tests, removed
 * after them. Returns name => the path of that name inside it.
 */
export function useTmpDir(prefix) {
  let dir;
  before(() => { dir = mkdtempSync(join(tmpdir(), prefix)); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  return (name) => join(dir, name);
}

/** The bytes of tests/fixtures/name. */
export const readFixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** Asserts fn throws a PaletteSentimentError, with this code if one is given; what names the case. */
export function assertError(fn, code, what) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof PaletteSentimentError, `${what}: expected PaletteSentimentError, got ${error}`);
    if (code) assert.equal(error.code, code, what);
    return true;
  });
}

/**
 * One test per [name, fn, ErrorClass, pattern]: fn throws exactly that class
 * (not a subclass) with a message matching pattern, which names the argument.
 */
export function testArgumentErrors(cases) {
  for (const [name, fn, type, pattern] of cases) {
    test(name, () => {
      assert.throws(fn, (error) => {
        assert.equal(error.constructor, type, `${name}: ${error}`);
        assert.match(error.message, pattern);
        return true;
      });
    });
  }
}
