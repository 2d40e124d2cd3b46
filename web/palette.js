// Palette extraction and image decoding: pixels or encoded bytes in, fresh
// JS-owned results out; no pointer ever reaches the caller.
import { allocate, check, copyIn, fail, outSlot, readSlot, wasm } from './palette-wasm.js';
import { C, STATUS_NAMES } from './c-constants.js';
import { PaletteSentimentError } from './errors.js';
import { fmtInt } from './format.js';
import { asUint8, integerIn, isBytes, optionsObject } from './validate.js';
import { checkOption, defaultsOf, optionTable, setterOf, toC } from './option-spec.js';
import { isDrawable, readPixels } from './pixels.js';

/** The options of extractPalette: the C palette options, and maxPixels, the decoder's limit. */
export const PALETTE_OPTIONS = optionTable('PALETTE', [
  { key: 'k', c: 'K', type: 'integer' },
  { key: 'space', c: 'SPACE', type: 'space' },
  { key: 'seed', c: 'SEED', type: 'integer' },
  { key: 'maxIter', c: 'MAX_ITER', type: 'integer' },
  { key: 'tolerance', c: 'TOLERANCE', type: 'number' },
  { key: 'alphaThreshold', c: 'ALPHA_THRESHOLD', type: 'integer' },
  { key: 'ignoreNearWhite', c: 'IGNORE_NEAR_WHITE', type: 'boolean' },
  { key: 'restarts', c: 'RESTARTS', type: 'integer' },
  { key: 'maxPixels', c: 'MAX_PIXELS', type: 'integer', min: 1, default: C.IMAGE_DEFAULT_MAX_PIXELS, decoder: true },
]);
const DEFAULTS = defaultsOf(PALETTE_OPTIONS);
const KEYS = Object.keys(PALETTE_OPTIONS);
const SPECS = Object.values(PALETTE_OPTIONS);

/** The options of extractPalette with the defaults filled in; throws TypeError / RangeError for a bad one. */
export function paletteOptions(options) {
  if (options === undefined) return DEFAULTS;
  const given = optionsObject(options, KEYS);
  // No object spread on a palette's way: with its code cold, as between two palettes of a page, the two
  // spreads here and the one of the result cost a UI screenshot's call 38-49 µs of about 600.
  const o = {};
  for (const spec of SPECS) {
    const value = given[spec.key];
    o[spec.key] = value === undefined ? DEFAULTS[spec.key] : checkOption(spec, value);
  }
  return o;
}

function checkPixels(image) {
  const { data, width, height } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError('image.data must be a Uint8Array or Uint8ClampedArray of RGBA pixels');
  }
  integerIn(width, 'image.width', 1, 0xFFFFFFFF);
  integerIn(height, 'image.height', 1, 0xFFFFFFFF);
  const bytes = asUint8(data, 'image.data'); // first: a detached buffer's length reads as 0
  if (bytes.length !== width * height * 4) {
    throw new RangeError(`image.data must hold width * height * 4 = ${width * height * 4} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function pixelsArgument(image) {
  return { pixels: checkPixels(image), width: image.width, height: image.height };
}

/** {encoded} bytes, {pixels, width, height}, or {drawable} (an element, bitmap or 2D context, read by readArgument). */
function imageArgument(image) {
  if (isBytes(image)) return { encoded: asUint8(image, 'image') };
  // before isDrawable, which looks up a global per kind of element: no drawable has a data property
  if (image && typeof image === 'object' && 'data' in image) return pixelsArgument(image);
  if (isDrawable(image)) return { drawable: image };
  throw new TypeError('image must be encoded bytes (Uint8Array, ArrayBuffer, Buffer), {data, width, height} RGBA pixels (ImageData), '
    + 'or in a browser an <img>, <canvas>, OffscreenCanvas, ImageBitmap, VideoFrame or 2D context');
}

/** image itself once checked as extractPalette checks {data, width, height} pixels; anything else throws its TypeError. */
export function checkedPixels(image) {
  if (!imageArgument(image).pixels) throw new TypeError('image must be {data, width, height} RGBA pixels (ImageData) once decoded');
  return image;
}

/** The pixels of a drawable argument, read now (at most maxPixels of them), in place of it. */
function readArgument(arg, maxPixels) {
  return arg.drawable ? pixelsArgument(readPixels(arg.drawable, maxPixels)) : arg;
}

const IMAGE_TOO_LARGE = STATUS_NAMES.indexOf('IMAGE_TOO_LARGE');

/** IMAGE_TOO_LARGE for an image of the declared size: its size, and the limit it passes. */
function tooLarge(width, height, maxPixels) {
  const size = `the image is ${fmtInt(width)} × ${fmtInt(height)} = ${fmtInt(width * height)} pixels`;
  const over = Math.max(width, height) > C.IMAGE_MAX_SIDE ? `a side over ${fmtInt(C.IMAGE_MAX_SIDE)} pixels, more than the decoder takes`
    : width * height > maxPixels ? `over the limit of ${fmtInt(maxPixels)} pixels (maxPixels)`
      : `over the ${fmtInt(C.IMAGE_MAX_DECODED_PIXELS)} pixels the decoder can hold`;
  return new PaletteSentimentError('IMAGE_TOO_LARGE', `${size}, ${over}`, IMAGE_TOO_LARGE);
}

/** Decodes encoded bytes into WebAssembly memory; returns {ptr, width, height}; the caller frees ptr. */
function decodeToWasm(bytes, maxPixels) {
  const w = wasm();
  if (bytes.byteLength === 0) fail('IMAGE_EMPTY');
  const input = copyIn(bytes);
  try {
    const status = w.ps_image_decode(input, bytes.byteLength, maxPixels, outSlot(0), outSlot(1), outSlot(2));
    const [width, height] = [readSlot(1), readSlot(2)];
    if (status === IMAGE_TOO_LARGE && width > 0 && height > 0) throw tooLarge(width, height, maxPixels);
    check(status);
    return { ptr: readSlot(0), width, height };
  } finally {
    w.ps_free(input);
  }
}

/**
 * Decodes PNG, JPEG, GIF (first frame) or BMP bytes to RGBA pixels.
 * @returns {{data: Uint8ClampedArray, width: number, height: number}}
 */
export function decodeImage(bytes, options = {}) {
  if (!isBytes(bytes)) throw new TypeError('bytes must be a Uint8Array, ArrayBuffer or Buffer');
  const maxPixels = maxPixelsOption(options);
  const w = wasm();
  const { ptr, width, height } = decodeToWasm(asUint8(bytes, 'bytes'), maxPixels);
  try {
    const data = new Uint8ClampedArray(width * height * 4);
    data.set(new Uint8Array(w.memory.buffer, ptr, data.length));
    return { data, width, height };
  } finally {
    w.ps_free(ptr);
  }
}

const C_OPTIONS = SPECS.filter((spec) => !spec.decoder);
// One C options handle per WebAssembly instance, kept between calls with the
// values it was last set to: a call sets only the options that differ, instead
// of creating a handle and crossing into WebAssembly nine times (each crossing
// costs microseconds when the code is cold, as between two palettes of a page).
const optionHandles = new WeakMap();

/** The instance's options handle, set to the checked options o. */
function optionsHandle(o) {
  const w = wasm();
  let cached = optionHandles.get(w);
  if (!cached) {
    check(w.ps_palette_options_create(outSlot(0)));
    cached = { handle: readSlot(0), values: { ...DEFAULTS } };
    optionHandles.set(w, cached);
  }
  for (const spec of C_OPTIONS) {
    const value = o[spec.key];
    if (cached.values[spec.key] === value) continue;
    check(w[setterOf('palette_options', spec)](cached.handle, toC(spec, value)));
    cached.values[spec.key] = value;
  }
  return cached.handle;
}

function hex(rgb) {
  return `#${rgb.toString(16).padStart(6, '0')}`;
}

function readPalette(pal) {
  const w = wasm();
  const colors = [];
  for (let i = 0, n = w.ps_palette_size(pal); i < n; i++) {
    const rgb = w.ps_palette_rgb(pal, i) >>> 0;
    colors.push({
      hex: hex(rgb),
      rgb: [rgb >>> 16, (rgb >>> 8) & 255, rgb & 255],
      count: w.ps_palette_count(pal, i) >>> 0,
      share: w.ps_palette_share(pal, i),
    });
  }
  return { colors, pixels: w.ps_palette_pixels(pal) >>> 0, deltaE: w.ps_palette_delta_e(pal) };
}

// Pixels given as JS arrays are copied into WebAssembly memory in parts of this
// many, each counted while it is still in the cache: copying a 4096² image
// whole first cost ~10 ms, and growing memory by 64 MB on a first call ~70 ms.
// Parts of 128 KB, not 1 MB: a process's first palette touches that much fresh
// memory, at 11 µs a page on this machine (a 768×512 photo's first palette
// 5.5–5.7 ms, not 8.1–8.5); warm, the same speed on photos and UI, +1–2 % on 4096².
const PART_PIXELS = 1 << 15;

/**
 * The palette of JS pixels counted part by part (ps_palette_histogram): the
 * palette ps_palette_extract gives. An image of no more grid bins than k is
 * then counted again by exact colours, which are its palette.
 */
function extractInParts(pixels, npix, handle, k, partPixels) {
  const w = wasm();
  check(w.ps_palette_histogram_create(handle, outSlot(0)));
  const histogram = readSlot(0);
  let part = 0;
  try {
    part = allocate(partPixels * 4);
    const addAll = (add) => {
      for (let p = 0; p < npix; p += partPixels) {
        const n = Math.min(partPixels, npix - p);
        new Uint8Array(w.memory.buffer, part, n * 4).set(pixels.subarray(p * 4, (p + n) * 4));
        check(add(histogram, part, n));
      }
    };
    addAll(w.ps_palette_histogram_add);
    const bins = w.ps_palette_histogram_bins(histogram);
    if (bins > 0 && bins <= k) addAll(w.ps_palette_histogram_add_exact);
    check(w.ps_palette_histogram_extract(histogram, outSlot(0)));
    return readSlot(0);
  } finally {
    w.ps_free(part);
    w.ps_palette_histogram_destroy(histogram);
  }
}

/**
 * The dominant colours of an image, most frequent first.
 * @param image encoded bytes, ImageData-like {data, width, height}, or in a browser an element, bitmap, frame or 2D context
 *   (scaled down to maxPixels pixels before it is read; encoded bytes over maxPixels are refused)
 * @param options {k, space, seed, maxIter, tolerance, alphaThreshold, ignoreNearWhite, restarts, maxPixels}
 */
export function extractPalette(image, options) {
  return extractWith(image, options, PART_PIXELS);
}

/**
 * extractPalette, with JS pixels of more than partPixels counted in parts of
 * that many: for web/warm-up.js, which needs a small image to take the path of
 * large ones. The palette is extractPalette's.
 */
export function extractPaletteInParts(image, options, partPixels) {
  return extractWith(image, options, partPixels);
}

function extractWith(image, options, partPixels) {
  const given = imageArgument(image);
  const o = paletteOptions(options);
  const w = wasm();
  let start = performance.now();
  const arg = readArgument(given, o.maxPixels);
  let pixels = 0;
  let width = arg.width;
  let height = arg.height;
  let decodeMs = performance.now() - start; // reading an element's pixels counts as decoding
  const handle = optionsHandle(o);
  try {
    let pal = 0;
    if (arg.encoded) {
      start = performance.now();
      ({ ptr: pixels, width, height } = decodeToWasm(arg.encoded, o.maxPixels));
      decodeMs = performance.now() - start;
    }
    start = performance.now();
    if (!arg.encoded && width * height > partPixels) {
      pal = extractInParts(arg.pixels, width * height, handle, o.k, partPixels);
    } else {
      if (!arg.encoded) pixels = copyIn(arg.pixels);
      check(w.ps_palette_extract(pixels, width, height, handle, outSlot(0)));
      pal = readSlot(0);
    }
    const extractMs = performance.now() - start;
    try {
      const { colors, pixels: counted, deltaE } = readPalette(pal); // no spread: see paletteOptions
      return { colors, pixels: counted, deltaE, width, height, timing: { decodeMs, extractMs } };
    } finally {
      w.ps_palette_destroy(pal);
    }
  } finally {
    w.ps_free(pixels);
  }
}

export { DEFAULTS as PALETTE_DEFAULTS };

function paletteColor(color, i) {
  const value = typeof color === 'string' ? color : color?.hex ?? (Array.isArray(color?.rgb) ? color.rgb : color);
  if (typeof value === 'string' && /^#?[0-9a-f]{6}$/i.test(value)) return parseInt(value.replace('#', ''), 16);
  if (Array.isArray(value) && value.length === 3 && value.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
    return (value[0] << 16) | (value[1] << 8) | value[2];
  }
  throw new TypeError(`colors[${i}] must be '#rrggbb', [r, g, b] or {hex} / {rgb}`);
}

/** options.maxPixels of decodeImage and remapImage, checked (default: extractPalette's). */
function maxPixelsOption(options) {
  const { maxPixels = DEFAULTS.maxPixels } = optionsObject(options, ['maxPixels']);
  checkOption(PALETTE_OPTIONS.maxPixels, maxPixels);
  return maxPixels;
}

/**
 * Replaces each pixel with its nearest palette colour (by ΔE76), keeping alpha.
 * @param image encoded bytes or {data, width, height}
 * @param colors the palette: an extractPalette() result, or an array of '#rrggbb' / [r,g,b] / {hex}
 * @param options {maxPixels}: as decodeImage's, for encoded bytes and elements
 * @returns {{data: Uint8ClampedArray, width: number, height: number, deltaE: number}} deltaE is the mean over every pixel
 */
export function remapImage(image, colors, options = {}) {
  const maxPixels = maxPixelsOption(options);
  const arg = readArgument(imageArgument(image), maxPixels);
  const list = Array.isArray(colors) ? colors : colors?.colors;
  if (!Array.isArray(list)) throw new TypeError('colors must be an array of colours or an extractPalette() result');
  if (list.length < 1 || list.length > 256) throw new RangeError(`colors must hold 1 to 256 colours, got ${list.length}`);
  const rgb = Uint32Array.from(list, paletteColor); // a hole is undefined here, and refused (map would skip it)
  const w = wasm();
  let pixels = 0;
  let pal = 0;
  let { width, height } = arg;
  const table = copyIn(new Uint8Array(rgb.buffer));
  try {
    if (arg.encoded) ({ ptr: pixels, width, height } = decodeToWasm(arg.encoded, maxPixels));
    else pixels = copyIn(arg.pixels);
    check(w.ps_palette_create(table, rgb.length, outSlot(0)));
    pal = readSlot(0);
    check(w.ps_palette_remap(pal, pixels, width, height, pixels, outSlot(2)));
    const deltaE = new DataView(w.memory.buffer).getFloat64(outSlot(2), true);
    const data = new Uint8ClampedArray(width * height * 4);
    data.set(new Uint8Array(w.memory.buffer, pixels, data.length));
    return { data, width, height, deltaE };
  } finally {
    w.ps_palette_destroy(pal);
    w.ps_free(pixels);
    w.ps_free(table);
  }
}
