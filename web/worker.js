// palette-sentiment/worker: the palette functions in a Web Worker
// (web/palette-worker.js), behind promises, so that decoding and k-means never
// hold up the page. worker.extract(source, options) answers exactly what
// extractPaletteFrom(source, options) answers on the main thread: the worker
// runs the same functions on the same pixels. Elements, bitmaps, frames and 2D
// contexts cannot cross to a worker, so their pixels are read here (as
// extractPalette reads them) and the buffer is transferred; Blobs, bytes and
// ImageData are sent as they are and decoded in the worker, except SVG, which
// only a page's <img> decodes: URLs are fetched here to find it.
//
//   const worker = createPaletteWorker();
//   const palette = await worker.extract(file, { k: 6 });
//   const image = await worker.open(file);          // decode once…
//   await image.extract({ k: 8 });                  // …extract many times
//   worker.terminate();
import { PaletteSentimentError } from './errors.js';
import { C } from './c-constants.js';
import { decodeBlob, isDrawable, isSvgBlob, readPixels, sizeOf } from './pixels.js';
import { fetchOk, isUrl, pageUrl } from './fetch.js';
import { integerIn, optionsObject } from './validate.js';

/** options.maxSide of preview() and remap(), checked: 1 to 65535, default 800. */
function maxSideOf(options) {
  const { maxSide = 800 } = optionsObject(options, ['maxSide']);
  return integerIn(maxSide, 'options.maxSide', 1, 0xFFFF);
}

function maxPixelsOf(options) {
  const maxPixels = options?.maxPixels ?? C.IMAGE_DEFAULT_MAX_PIXELS;
  return integerIn(maxPixels, 'options.maxPixels', 1, 0xFFFFFFFF);
}

/** [message, transfer] for a source: drawables read here, URLs made absolute against the page. */
function postable(source, maxPixels) {
  if (isDrawable(source)) {
    const [sourceWidth, sourceHeight] = sizeOf(source); // the worker sees only the pixels, perhaps scaled down
    const pixels = readPixels(source, maxPixels);
    return [pixels, [pixels.data.buffer], { sourceWidth, sourceHeight }];
  }
  if (isUrl(source)) return [pageUrl(source).href, []];
  return [source, []];
}

/**
 * postable, but SVG, which the worker's decoder (createImageBitmap) cannot read, is decoded here by an <img>:
 * on a page a URL is fetched here, so that an SVG behind it is found, and the Blob goes to the worker.
 */
async function postableDecoded(source, maxPixels) {
  if (typeof Image !== 'function') return postable(source, maxPixels);
  const blob = isUrl(source) ? await (await fetchOk(pageUrl(source))).blob() : source;
  if (!(await isSvgBlob(blob))) return postable(blob, maxPixels);
  const { pixels, sourceWidth, sourceHeight } = await decodeBlob(blob, maxPixels);
  return [pixels, [pixels.data.buffer], { sourceWidth, sourceHeight }];
}

function rebuild({ name, message, code, status, details }) {
  if (code) return new PaletteSentimentError(code, message, status, details);
  const Type = { TypeError, RangeError }[name] ?? Error;
  return new Type(message);
}

/** An image decoded once in the worker: extract palettes from it, preview and recolour it, close it. */
class WorkerImage {
  #call;
  #id;

  constructor(call, { image, ...size }) {
    this.#call = call;
    this.#id = image;
    Object.assign(this, size); // width, height (the pixels kept), sourceWidth, sourceHeight (before scaling)
    Object.freeze(this);
  }

  /** extractPalette of the kept pixels. */
  extract(options) { return this.#call('palette', [this.#id, options]); }

  /** The kept pixels at most maxSide pixels on a side (default 800), as ImageData. */
  async preview(options) { return this.#call('preview', [this.#id, maxSideOf(options)]); }

  /** remapImage of that preview with colors: {data, width, height, deltaE}. */
  async remap(colors, options) { return this.#call('remap', [this.#id, colors, maxSideOf(options)]); }

  /** Lets the worker forget the pixels. */
  close() { return this.#call('close', [this.#id]); }
}

/** A Web Worker running the palette functions; every method returns a promise. */
export class PaletteWorker {
  #worker;
  #pending = new Map(); // id → {resolve, reject}
  #next = 1;
  #failure = null;

  /** @private use createPaletteWorker() */
  constructor(worker, wasm) {
    this.#worker = worker;
    worker.addEventListener('message', ({ data: { id, value, error } }) => {
      const request = this.#pending.get(id);
      this.#pending.delete(id);
      if (error) request?.reject(rebuild(error));
      else request?.resolve(value);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(`the palette worker failed${event.message ? `: ${event.message}` : ' to start'}`);
    });
    worker.addEventListener('messageerror', () => this.#fail('the palette worker sent a message that could not be read'));
    const source = isUrl(wasm) ? postable(wasm)[0] : wasm;
    this.#call('init', [source]).catch(() => {}); // a failed init is reported by the request that needs it
  }

  #fail(message) {
    this.#failure = new PaletteSentimentError('WORKER', message);
    this.#worker.terminate();
    for (const { reject } of this.#pending.values()) reject(this.#failure);
    this.#pending.clear();
  }

  #call(op, args, transfer = []) {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ id, op, args }, transfer);
      } catch (error) { // an argument that cannot be copied to the worker (a function, a Symbol)
        this.#pending.delete(id);
        reject(new TypeError(`palette-sentiment: an argument cannot be sent to the palette worker: ${error.message}`));
      }
    });
  }

  /** The palette of source, as extractPaletteFrom(source, options) gives it on the main thread. */
  async extract(source, options) {
    const [message, transfer] = await postableDecoded(source, maxPixelsOf(options));
    return this.#call('extract', [message, options], transfer);
  }

  /** Decodes source once (at most options.maxPixels pixels) and keeps it in the worker. */
  async open(source, options) {
    optionsObject(options, ['maxPixels']);
    const [message, transfer, drawn] = await postableDecoded(source, maxPixelsOf(options));
    return new WorkerImage((op, args) => this.#call(op, args), await this.#call('open', [message, options, drawn], transfer));
  }

  /**
   * Makes the first palette of a real image cost about what a warm one does:
   * runs a few palettes of a small synthetic image in the worker, one per task,
   * so that the engine optimises the code first. A request made meanwhile
   * runs between two of them, and the warm-up stops there. Resolves to
   * {runs, ms} (palettes run, time taken); changes no answer.
   */
  warmUp() { return this.#call('warmUp', []); }

  /** Stops the worker; calls still waiting reject with WORKER. Idempotent. */
  terminate() {
    if (!this.#failure) this.#fail('the palette worker was terminated');
  }
}

/**
 * Starts the palette worker. options.wasm: the .wasm it loads (a URL, bytes or
 * WebAssembly.Module; default: the palette build beside the package);
 * options.url: where the worker script is, for bundlers that do not bundle workers (esbuild).
 * Throws WORKER where there is no Web Worker (Node: extractPalettes runs on worker_threads there).
 */
export function createPaletteWorker(options) {
  const { url, wasm } = optionsObject(options, ['url', 'wasm']);
  if (typeof Worker !== 'function') {
    throw new PaletteSentimentError('WORKER', 'palette-sentiment: createPaletteWorker needs a Web Worker (a browser); '
      + 'in Node, extractPalettes(images, options, { jobs }) runs palettes on worker threads');
  }
  const worker = url
    ? new Worker(url, { type: 'module' })
    : new Worker(new URL('./palette-worker.js', import.meta.url), { type: 'module' });
  return new PaletteWorker(worker, wasm);
}
