// The pixels of what the browser has decoded: <img>, <video>, <canvas>,
// OffscreenCanvas, ImageBitmap, VideoFrame or a 2D context, drawn onto a
// scratch canvas that never enters the document, scaled down first when the
// image has more than maxPixels pixels, and read back as sRGB RGBA.
import { PaletteSentimentError } from './errors.js';

const CROSS_ORIGIN_MESSAGE = 'the image comes from another origin that did not allow scripts to read it (CORS), '
  + 'so the browser refuses its pixels. Load it with crossOrigin="anonymous" (<img crossorigin="anonymous" src=…>, '
  + 'or img.crossOrigin = "anonymous" before setting src) from a server that sends Access-Control-Allow-Origin';

// createImageBitmap's options wherever we decode: as the image is, in sRGB.
const BITMAP_OPTIONS = Object.freeze({ colorSpaceConversion: 'default', premultiplyAlpha: 'none' });

const instanceOf = (value, name) => typeof globalThis[name] === 'function' && value instanceof globalThis[name];
const isContext = (value) => instanceOf(value, 'CanvasRenderingContext2D') || instanceOf(value, 'OffscreenCanvasRenderingContext2D');

function notReady(what) {
  return new PaletteSentimentError('IMAGE_EMPTY', `the ${what} has no pixels yet: wait until it has loaded (await img.decode()) before reading it`);
}

/** [width, height] of a drawable source; null when value is not one. Throws IMAGE_EMPTY for one not loaded yet. */
export function sizeOf(value) {
  if (instanceOf(value, 'HTMLImageElement')) {
    if (!value.complete || value.naturalWidth === 0) throw notReady('<img>');
    return [value.naturalWidth, value.naturalHeight];
  }
  if (instanceOf(value, 'HTMLVideoElement')) {
    if (value.readyState < 2) throw notReady('<video>');
    return [value.videoWidth, value.videoHeight];
  }
  if (instanceOf(value, 'VideoFrame')) return [value.displayWidth, value.displayHeight];
  if (isContext(value)) return [value.canvas.width, value.canvas.height];
  if (instanceOf(value, 'HTMLCanvasElement') || instanceOf(value, 'OffscreenCanvas') || instanceOf(value, 'ImageBitmap')) {
    return [value.width, value.height];
  }
  return null;
}

/** Whether value is an element, bitmap, frame or 2D context readPixels takes. */
export function isDrawable(value) {
  if (!value || typeof value !== 'object') return false;
  try {
    return sizeOf(value) !== null;
  } catch {
    return true; // a drawable that is not ready: readPixels says so
  }
}

/** The largest size with the aspect ratio of width × height and at most maxPixels pixels (at least 1 × 1). */
export function fitWithin(width, height, maxPixels) {
  if (width * height <= maxPixels) return [width, height];
  const scale = Math.sqrt(maxPixels / (width * height));
  let w = Math.max(1, Math.floor(width * scale));
  let h = Math.max(1, Math.floor(height * scale));
  while (w * h > maxPixels) {
    if (w >= h) w -= 1;
    else h -= 1;
  }
  return [w, h];
}

function readGuarded(read) {
  try {
    return read();
  } catch (error) {
    if (error?.name === 'SecurityError') throw new PaletteSentimentError('IMAGE_CROSS_ORIGIN', CROSS_ORIGIN_MESSAGE, undefined, { cause: error });
    throw error;
  }
}

function scratchCanvas(width, height) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement('canvas'), { width, height }); // never attached to the document
}

/**
 * The RGBA pixels of a drawable source as ImageData, at most maxPixels of them.
 * Throws IMAGE_EMPTY (nothing loaded, or 0 pixels wide) and IMAGE_CROSS_ORIGIN (a tainted image).
 */
export function readPixels(source, maxPixels) {
  const [width, height] = sizeOf(source);
  if (!(width > 0 && height > 0)) throw new PaletteSentimentError('IMAGE_EMPTY', `the image is ${width} × ${height} pixels: nothing to read (a closed ImageBitmap or VideoFrame has no pixels)`);
  const [w, h] = fitWithin(width, height, maxPixels);
  // Even a 2D context is drawn, not read: reading the caller's canvas would make
  // Chromium warn that it lacks willReadFrequently.
  const canvas = scratchCanvas(w, h);
  try {
    const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
    if (!ctx) throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'this browser gives no 2D canvas to read the pixels with');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(isContext(source) ? source.canvas : source, 0, 0, w, h);
    return readGuarded(() => ctx.getImageData(0, 0, w, h, { colorSpace: 'srgb' }));
  } finally {
    canvas.width = 0; // let the pixels go now, not at the next garbage collection
    canvas.height = 0;
  }
}

export const isBlob = (value) => typeof Blob === 'function' && value instanceof Blob;

/**
 * Whether a Blob holds SVG, which createImageBitmap does not decode (Chromium) and an <img> does: its type
 * says so (parameters and case aside), or, with no image type (a File from a drop or a server's text/plain
 * or octet-stream), its first KB opens an <svg> element.
 */
export async function isSvgBlob(value) {
  if (!isBlob(value)) return false;
  const essence = value.type.split(';')[0].trim().toLowerCase();
  if (essence === 'image/svg+xml') return true;
  return !essence.startsWith('image/') && /<svg[\s>]/i.test(await value.slice(0, 1024).text());
}

// The size a browser draws an image with no size of its own at (an SVG without width and height): CSS's default.
const DEFAULT_OBJECT_SIZE = [300, 150];

/** An SVG Blob decoded by an <img> (a page's, not a worker's), as decodeBlob returns it. */
async function decodeSvg(blob, maxPixels) {
  if (typeof Image !== 'function') {
    throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'an SVG image is decoded by an <img>, which a worker does not have: decode it on the page');
  }
  const url = URL.createObjectURL(blob.type === 'image/svg+xml' ? blob : new Blob([blob], { type: 'image/svg+xml' })); // an <img> reads SVG by its type
  try {
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch (error) {
      throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'the file is not an image this browser can decode, or it is corrupt', undefined, { cause: error });
    }
    if (img.naturalWidth > 0 && img.naturalHeight > 0) {
      return { pixels: readPixels(img, maxPixels), sourceWidth: img.naturalWidth, sourceHeight: img.naturalHeight };
    }
    const [sourceWidth, sourceHeight] = DEFAULT_OBJECT_SIZE;
    const canvas = scratchCanvas(sourceWidth, sourceHeight);
    canvas.getContext('2d').drawImage(img, 0, 0, sourceWidth, sourceHeight);
    return { pixels: readPixels(canvas, maxPixels), sourceWidth, sourceHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Decodes a Blob with the browser (every format it knows, WebP, AVIF and, on
 * a page, SVG included): {pixels: ImageData as readPixels gives, sourceWidth, sourceHeight}.
 * Throws IMAGE_UNSUPPORTED for bytes the browser cannot decode.
 */
export async function decodeBlob(blob, maxPixels) {
  if (blob.size === 0) throw new PaletteSentimentError('IMAGE_EMPTY', 'the image is empty (zero bytes or zero size)'); // as the library's decoder says
  if (await isSvgBlob(blob)) return decodeSvg(blob, maxPixels);
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, BITMAP_OPTIONS);
  } catch (error) {
    throw new PaletteSentimentError('IMAGE_UNSUPPORTED', 'the file is not an image this browser can decode, or it is corrupt', undefined, { cause: error });
  }
  const { width: sourceWidth, height: sourceHeight } = bitmap;
  try {
    const [w, h] = fitWithin(sourceWidth, sourceHeight, maxPixels);
    if (w !== sourceWidth || h !== sourceHeight) {
      const scaled = await createImageBitmap(bitmap, { ...BITMAP_OPTIONS, resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
      bitmap.close();
      bitmap = scaled;
    }
    return { pixels: readPixels(bitmap, maxPixels), sourceWidth, sourceHeight };
  } finally {
    bitmap.close();
  }
}
