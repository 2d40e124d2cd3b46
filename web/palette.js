// Palette extraction and image decoding: pixels or encoded bytes in, fresh
// JS-owned results out; no pointer ever reaches the caller.
import { check, copyIn, outSlot, readSlot, wasm } from './wasm.js';

const SPACES = { lab: 0, rgb: 1 };
const DEFAULTS = Object.freeze({
  k: 5, space: 'lab', seed: 0, maxIter: 100, tolerance: 0.01,
  alphaThreshold: 128, ignoreNearWhite: false, restarts: 3, maxPixels: 100_000_000,
});

function integerIn(value, name, min, max) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function paletteOptions(options) {
  if (options === undefined || options === null) return DEFAULTS;
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULTS, key)) throw new TypeError(`options.${key} is not an option; known: ${Object.keys(DEFAULTS).join(', ')}`);
  }
  const o = { ...DEFAULTS, ...options };
  integerIn(o.k, 'options.k', 1, 256);
  if (!Object.hasOwn(SPACES, o.space)) throw new RangeError(`options.space must be 'lab' or 'rgb', got ${String(o.space)}`);
  integerIn(o.seed, 'options.seed', 0, 0xFFFFFFFF);
  integerIn(o.maxIter, 'options.maxIter', 1, 10000);
  if (typeof o.tolerance !== 'number') throw new TypeError(`options.tolerance must be a number, got ${typeof o.tolerance}`);
  if (!(o.tolerance >= 0 && o.tolerance <= 100)) throw new RangeError(`options.tolerance must be from 0 to 100, got ${o.tolerance}`);
  integerIn(o.alphaThreshold, 'options.alphaThreshold', 0, 256);
  if (typeof o.ignoreNearWhite !== 'boolean') throw new TypeError('options.ignoreNearWhite must be a boolean');
  integerIn(o.restarts, 'options.restarts', 1, 32);
  integerIn(o.maxPixels, 'options.maxPixels', 1, 0xFFFFFFFF);
  return o;
}

function isBytes(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function asUint8(value) {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function checkPixels(image) {
  const { data, width, height } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError('image.data must be a Uint8Array or Uint8ClampedArray of RGBA pixels');
  }
  integerIn(width, 'image.width', 1, 0xFFFFFFFF);
  integerIn(height, 'image.height', 1, 0xFFFFFFFF);
  if (data.length !== width * height * 4) {
    throw new RangeError(`image.data must hold width * height * 4 = ${width * height * 4} bytes, got ${data.length}`);
  }
  return asUint8(data);
}

function imageArgument(image) {
  if (isBytes(image)) return { encoded: asUint8(image) };
  if (image && typeof image === 'object' && 'data' in image) return { pixels: checkPixels(image), width: image.width, height: image.height };
  throw new TypeError('image must be encoded bytes (Uint8Array, ArrayBuffer, Buffer) or {data, width, height} RGBA pixels');
}

/** Decodes encoded bytes into WebAssembly memory; returns {ptr, width, height}; the caller frees ptr. */
function decodeToWasm(bytes, maxPixels) {
  const w = wasm();
  if (bytes.byteLength === 0) check(4 /* PS_ERR_IMAGE_EMPTY */);
  const input = copyIn(bytes);
  try {
    check(w.ps_image_decode(input, bytes.byteLength, maxPixels, outSlot(0), outSlot(1), outSlot(2)));
    return { ptr: readSlot(0), width: readSlot(1), height: readSlot(2) };
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
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError('options must be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'maxPixels') throw new TypeError(`options.${key} is not an option of decodeImage; known: maxPixels`);
  }
  const maxPixels = integerIn(options.maxPixels ?? DEFAULTS.maxPixels, 'options.maxPixels', 1, 0xFFFFFFFF);
  const w = wasm();
  const { ptr, width, height } = decodeToWasm(asUint8(bytes), maxPixels);
  try {
    const data = new Uint8ClampedArray(width * height * 4);
    data.set(new Uint8Array(w.memory.buffer, ptr, data.length));
    return { data, width, height };
  } finally {
    w.ps_free(ptr);
  }
}

function createOptions(o) {
  const w = wasm();
  check(w.ps_palette_options_create(outSlot(0)));
  const handle = readSlot(0);
  try {
    check(w.ps_palette_options_set_k(handle, o.k));
    check(w.ps_palette_options_set_space(handle, SPACES[o.space]));
    check(w.ps_palette_options_set_seed(handle, o.seed));
    check(w.ps_palette_options_set_max_iter(handle, o.maxIter));
    check(w.ps_palette_options_set_tolerance(handle, o.tolerance));
    check(w.ps_palette_options_set_alpha_threshold(handle, o.alphaThreshold));
    check(w.ps_palette_options_set_ignore_near_white(handle, o.ignoreNearWhite ? 1 : 0));
    check(w.ps_palette_options_set_restarts(handle, o.restarts));
    return handle;
  } catch (error) {
    w.ps_palette_options_destroy(handle);
    throw error;
  }
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

/**
 * The dominant colours of an image, most frequent first.
 * @param image encoded bytes, or ImageData-like {data, width, height}
 * @param options {k, space, seed, maxIter, tolerance, alphaThreshold, ignoreNearWhite, restarts, maxPixels}
 */
export function extractPalette(image, options) {
  const arg = imageArgument(image);
  const o = paletteOptions(options);
  const w = wasm();
  let pixels = 0;
  let width = arg.width;
  let height = arg.height;
  let decodeMs = 0;
  const handle = createOptions(o);
  try {
    if (arg.encoded) {
      const start = performance.now();
      ({ ptr: pixels, width, height } = decodeToWasm(arg.encoded, o.maxPixels));
      decodeMs = performance.now() - start;
    } else {
      pixels = copyIn(arg.pixels);
    }
    const start = performance.now();
    check(w.ps_palette_extract(pixels, width, height, handle, outSlot(0)));
    const extractMs = performance.now() - start;
    const pal = readSlot(0);
    try {
      return { ...readPalette(pal), width, height, timing: { decodeMs, extractMs } };
    } finally {
      w.ps_palette_destroy(pal);
    }
  } finally {
    w.ps_free(pixels);
    w.ps_palette_options_destroy(handle);
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

/**
 * Replaces each pixel with its nearest palette colour (by ΔE76), keeping alpha.
 * @param image encoded bytes or {data, width, height}
 * @param colors the palette: an extractPalette() result, or an array of '#rrggbb' / [r,g,b] / {hex}
 * @returns {{data: Uint8ClampedArray, width: number, height: number, deltaE: number}} deltaE is the mean over every pixel
 */
export function remapImage(image, colors) {
  const arg = imageArgument(image);
  const list = Array.isArray(colors) ? colors : colors?.colors;
  if (!Array.isArray(list)) throw new TypeError('colors must be an array of colours or an extractPalette() result');
  if (list.length < 1 || list.length > 256) throw new RangeError(`colors must hold 1 to 256 colours, got ${list.length}`);
  const rgb = new Uint32Array(list.map(paletteColor));
  const w = wasm();
  let pixels = 0;
  let pal = 0;
  let { width, height } = arg;
  const table = copyIn(new Uint8Array(rgb.buffer));
  try {
    if (arg.encoded) ({ ptr: pixels, width, height } = decodeToWasm(arg.encoded, DEFAULTS.maxPixels));
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
