// extractPaletteFrom: the palette of a Blob, File or URL as well as of anything
// extractPalette takes. The browser decodes Blobs and fetched URLs (every format
// it knows: WebP, AVIF…); Node reads files and uses the library's own decoder.
import { extractPalette, paletteOptions } from './palette.js';
import { decodeBlob, isBlob } from './pixels.js';
import { fetchOk, isUrl, pageUrl } from './fetch.js';
import { fileUrlOf, isNode, readImageUrl } from './read-file.js';
import { kind } from './validate.js';

// In Node a string is a path unless it starts with a scheme Node reads or fetches:
// 'shot:1.png' and 'C:\x.png' are paths.
const NODE_URL = /^(?:file|https?|data|blob):/i;

function urlOf(source) {
  if (source instanceof URL) return source;
  if (isNode) return NODE_URL.test(source) ? new URL(source) : fileUrlOf(source);
  return pageUrl(source);
}

/** The bytes (Node, file: URLs) or the Blob behind a URL or path. */
async function fetchImage(source) {
  const url = urlOf(source);
  if (isNode && url.protocol === 'file:') return readImageUrl(url);
  return (await fetchOk(url)).blob();
}

/**
 * What extractPalette takes, made from anything extractPaletteFrom takes: a URL
 * or path is fetched or read, a Blob decoded by the browser (at most maxPixels
 * pixels, scaled down) or, in Node, handed over as encoded bytes.
 * @returns {Promise<{image, sourceWidth?: number, sourceHeight?: number}>} the size before scaling when the browser decoded it
 */
export async function loadImage(source, maxPixels) {
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) {
    throw new TypeError(`source must be a Blob, File, URL${isNode ? ' or path' : ''}, or what extractPalette takes (encoded bytes, `
      + `{data, width, height} pixels${isNode ? '' : ', an element'}), got ${kind(source)}`);
  }
  const fetched = isUrl(source) ? await fetchImage(source) : source;
  if (!isBlob(fetched)) return { image: fetched };
  if (isNode) return { image: new Uint8Array(await fetched.arrayBuffer()) };
  const { pixels, sourceWidth, sourceHeight } = await decodeBlob(fetched, maxPixels);
  return { image: pixels, sourceWidth, sourceHeight };
}

/**
 * The dominant colours of a Blob or File, of the image at a URL (a path in
 * Node), or of anything extractPalette takes; timing.decodeMs includes the fetching and decoding.
 * Throws as extractPalette does, and NETWORK or HTTP_<status> for a URL that cannot be fetched.
 */
export async function extractPaletteFrom(source, options) {
  const { maxPixels } = paletteOptions(options);
  const start = performance.now();
  const { image } = await loadImage(source, maxPixels);
  const loadMs = performance.now() - start;
  const palette = extractPalette(image, options);
  palette.timing.decodeMs += loadMs;
  return palette;
}
