// The Web Worker behind palette-sentiment/worker (web/worker.js): decoding and
// k-means run here, so a large photo never freezes the page. It runs the very
// functions the main thread would (extractPaletteFrom, extractPalette,
// remapImage), so its answers are the main thread's.
//
// Requests: {id, op, args}; answers: {id, value} or {id, error: {name, message, code?, status?, details}}.
//   init    [source?]                  init(source) of the palette module
//   extract [source, options]          extractPaletteFrom(source, options)
//   open    [source, {maxPixels}, drawn?] decodes once and keeps the pixels: {image, width, height, sourceWidth, sourceHeight}
//           (drawn: the size of an element the page read, and maybe scaled, for the worker)
//   palette [image, options]           extractPalette of the kept pixels
//   preview [image, maxSide]           the kept pixels at most maxSide on a side: ImageData
//   remap   [image, colors, maxSide]   remapImage of that preview: {data, width, height, deltaE}
//   close   [image]                    forgets the kept pixels
//   warmUp  []                         palettes of a small synthetic image, one per task, until a
//                                      request of another op arrives (web/warm-up.js): {runs, ms}
// Pixel buffers in answers are transferred, not copied.
import { init } from './wasm.js';
import { checkedPixels, decodeImage, extractPalette, paletteOptions, remapImage } from './palette.js';
import { extractPaletteFrom, loadImage } from './palette-from.js';
import { isBytes } from './validate.js';
import { warmUp } from './warm-up.js';

const images = new Map(); // id → {pixels: ImageData-like, previews: Map(maxSide → ImageData)}
let nextImage = 1;
let wasmSource; // what the page asked init to load; kept for a retry after a failure
let ready = null;
let requests = 0; // requests of ops other than init and warmUp: a warm-up stops at the first

function kept(id) {
  const image = images.get(id);
  if (!image) throw new RangeError(`no image ${id}: it was closed, or never opened in this worker`);
  return image;
}

async function open(source, options, drawn) {
  const { maxPixels } = paletteOptions(options?.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const loaded = await loadImage(source, maxPixels);
  const pixels = isBytes(loaded.image) ? decodeImage(loaded.image, { maxPixels }) : checkedPixels(loaded.image);
  const id = nextImage++;
  images.set(id, { pixels, previews: new Map() });
  const { width, height } = pixels;
  const sourceWidth = loaded.sourceWidth ?? drawn?.sourceWidth ?? width;
  const sourceHeight = loaded.sourceHeight ?? drawn?.sourceHeight ?? height;
  return { image: id, width, height, sourceWidth, sourceHeight };
}

/** The kept pixels drawn at most maxSide pixels on a side (the same pixels when they are smaller). */
function preview(id, maxSide) {
  const image = kept(id);
  let small = image.previews.get(maxSide);
  if (!small) {
    const { data, width, height } = image.pixels;
    const scale = Math.min(1, maxSide / Math.max(width, height));
    const full = new ImageData(new Uint8ClampedArray(data), width, height);
    small = full;
    if (scale < 1) {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d').putImageData(full, 0, 0);
      const target = new OffscreenCanvas(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
      const ctx = target.getContext('2d', { willReadFrequently: true });
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(canvas, 0, 0, target.width, target.height);
      small = ctx.getImageData(0, 0, target.width, target.height);
    }
    image.previews.set(maxSide, small);
  }
  return small;
}

const OPS = {
  init: (...source) => {
    if (source.length) wasmSource = source[0] ?? undefined;
    ready ??= init(wasmSource).catch((error) => { ready = null; throw error; });
    return ready;
  },
  extract: (source, options) => extractPaletteFrom(source, options),
  open,
  palette: (id, options) => extractPalette(kept(id).pixels, options),
  preview: (id, maxSide) => {
    const small = preview(id, maxSide);
    return new ImageData(new Uint8ClampedArray(small.data), small.width, small.height); // a copy: the worker keeps its own
  },
  remap: (id, colors, maxSide) => remapImage(preview(id, maxSide), colors),
  close: (id) => { images.delete(id); },
  warmUp: (seen) => warmUp({ stop: () => requests !== seen }),
};

function errorMessage(error) {
  const { name = 'Error', message = String(error), code, status, ...details } = error ?? {};
  return { name, message, code, status, details: JSON.parse(JSON.stringify(details, (key, value) => (key === 'cause' ? undefined : value))) };
}

self.addEventListener('message', async ({ data }) => {
  const { id, op, args = [] } = data ?? {};
  if (op !== 'init' && op !== 'warmUp') requests += 1;
  const seen = requests; // counted on arrival: a request sent after a warm-up stops it even while both wait for init
  try {
    if (!Object.hasOwn(OPS, op)) throw new TypeError(`the palette worker has no request ${JSON.stringify(String(op))}`);
    if (op !== 'init') await OPS.init();
    const value = await (op === 'warmUp' ? OPS.warmUp(seen) : OPS[op](...args));
    const transfer = value?.data?.buffer instanceof ArrayBuffer ? [value.data.buffer] : [];
    self.postMessage({ id, value }, transfer);
  } catch (error) {
    self.postMessage({ id, error: errorMessage(error) });
  }
});
