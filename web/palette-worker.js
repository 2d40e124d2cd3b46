// The palette page's Web Worker: the whole pipeline (decode → pixels →
// WebAssembly) runs here, so a large photo never freezes the page.
//
// Messages in:  {id, file?: Blob, name?: string, options: {k, space}, maxPixels}
//   With `file`, the image is decoded (createImageBitmap, so every format the
//   browser knows works) and its pixels are kept; without it, the kept pixels
//   are used again, so a new k or colour space re-runs at once.
// Messages out: {id, type: 'result', palette, recoloured: ImageData, original?: ImageData, width, height, remapDeltaE}
//               {id, type: 'error', code, message, width?, height?}
//   `original` (the scaled-down preview of the image) comes only with the first
//   result for a new file. Codes: IMAGE_UNSUPPORTED, IMAGE_TOO_LARGE,
//   WASM_LOAD, NO_IMAGE, or a PaletteSentimentError code (e.g. NO_PIXELS).
import { init, extractPalette, remapImage, PALETTE_DEFAULTS, PaletteSentimentError } from './index.js';

const PREVIEW_MAX_SIDE = 800; // the previews are drawn from a copy this size at most

const ready = init().catch((error) => {
  throw new PaletteSentimentError('WASM_LOAD', `Could not load the WebAssembly module: ${error.message}`);
});
ready.catch(() => {}); // reported with the first request, not as an unhandled rejection

let current = null; // {pixels: ImageData, preview: ImageData} of the last image decoded

function context2d(canvas) {
  const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!ctx) throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'This browser cannot draw images in a worker (no OffscreenCanvas 2D context).');
  return ctx;
}

async function decode(file, maxPixels) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: 'default', premultiplyAlpha: 'none' });
  } catch {
    throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'The file is not an image this browser can read, or it is corrupt.');
  }
  try {
    const { width, height } = bitmap;
    if (width * height > maxPixels) {
      throw new PaletteSentimentError('IMAGE_TOO_LARGE', `The image is ${width} × ${height} pixels; the limit is ${maxPixels.toLocaleString('en')} pixels.`, undefined, { width, height });
    }
    const canvas = new OffscreenCanvas(width, height);
    const ctx = context2d(canvas);
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, width, height);
    canvas.width = canvas.height = 1; // let the full-size canvas go now

    const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(width, height));
    let preview = pixels;
    if (scale < 1) {
      const small = new OffscreenCanvas(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
      const smallCtx = context2d(small);
      smallCtx.imageSmoothingQuality = 'high';
      smallCtx.drawImage(bitmap, 0, 0, small.width, small.height);
      preview = smallCtx.getImageData(0, 0, small.width, small.height);
    }
    return { pixels, preview };
  } finally {
    bitmap.close();
  }
}

async function handle({ id, file, options, maxPixels = PALETTE_DEFAULTS.maxPixels }) {
  await ready;
  const isNew = Boolean(file);
  if (isNew) {
    current = null; // a failed decode must not leave the previous image in place
    current = await decode(file, maxPixels);
  }
  if (!current) throw new PaletteSentimentError('NO_IMAGE', 'Choose an image first.');
  const { pixels, preview } = current;
  const palette = extractPalette(pixels, { k: options.k, space: options.space });
  const remapped = remapImage(preview, palette.colors);
  const recoloured = new ImageData(remapped.data, remapped.width, remapped.height);
  const message = { id, type: 'result', palette, recoloured, width: pixels.width, height: pixels.height, remapDeltaE: remapped.deltaE };
  const transfer = [recoloured.data.buffer];
  if (isNew) {
    // A copy: the worker keeps its own preview for the next re-run.
    message.original = new ImageData(new Uint8ClampedArray(preview.data), preview.width, preview.height);
    transfer.push(message.original.data.buffer);
  }
  self.postMessage(message, transfer);
}

// One request at a time, in order (the page sends the next one when a result arrives).
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  const request = event.data;
  queue = queue.then(() => handle(request)).catch((error) => {
    const code = error?.code ?? (error instanceof RangeError || error instanceof TypeError ? 'INVALID_ARGUMENT' : 'INTERNAL');
    self.postMessage({ id: request?.id, type: 'error', code, message: String(error?.message ?? error), width: error?.width, height: error?.height });
  });
});
