// The palette API on what the browser has decoded, in headless Chromium: every
// element input of extractPalette, extractPaletteFrom on Blobs, Files, URLs and
// WebP, scaling to maxPixels, the cross-origin error, and the worker API
// (palette-sentiment/worker) answering exactly what the main thread answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandedImage, encodePng } from '../node/fixtures.js';
import { startBrowserTest } from './browser.js';
import { extractPalette } from '../../web/index.js';

const BANDS = [
  { rgb: [200, 30, 40], rows: 20 },
  { rgb: [20, 120, 220], rows: 12 },
  { rgb: [240, 240, 60], rows: 8 },
];
const withoutTiming = ({ timing, ...rest }) => rest;

/** Loads the API into the page, and the bands image as a Blob (pngBlob), an object URL (pngUrl) and a decoded <img> (img). */
async function setUp(page, png) {
  await page.evaluate(async (b64) => {
    window.ps = await import('/web/index.js');
    window.psWorker = await import('/web/worker.js');
    await window.ps.init();
    window.pngBlob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    window.pngUrl = URL.createObjectURL(window.pngBlob);
    const img = new Image();
    img.src = window.pngUrl;
    await img.decode();
    window.img = img;
    window.withoutTiming = ({ timing, ...rest }) => rest;
  }, png.toString('base64'));
}

/** In the page: every kind of source showing the bands image, by name. */
const SOURCES = `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const offscreen = new OffscreenCanvas(canvas.width, canvas.height);
  const offscreenCtx = offscreen.getContext('2d');
  offscreenCtx.drawImage(img, 0, 0);
  const bitmap = await createImageBitmap(pngBlob);
  const copy = new OffscreenCanvas(canvas.width, canvas.height).getContext('2d', { willReadFrequently: true });
  copy.drawImage(img, 0, 0);
  return {
    ImageData: copy.getImageData(0, 0, canvas.width, canvas.height),
    HTMLImageElement: img, HTMLCanvasElement: canvas, OffscreenCanvas: offscreen, ImageBitmap: bitmap,
    VideoFrame: new VideoFrame(bitmap, { timestamp: 0 }),
    CanvasRenderingContext2D: ctx, OffscreenCanvasRenderingContext2D: offscreenCtx,
    Blob: pngBlob, File: new File([pngBlob], 'bands.png', { type: 'image/png' }), 'URL string': pngUrl,
    'encoded bytes': new Uint8Array(await pngBlob.arrayBuffer()),
  };
})()`;

async function everyInput({ page, expected }) {
  const results = await page.evaluate(async (sources) => {
    const all = await eval(sources);
    const out = {};
    for (const [name, source] of Object.entries(all)) {
      const sync = !['Blob', 'File', 'URL string'].includes(name);
      out[name] = { from: withoutTiming(await ps.extractPaletteFrom(source, { k: 3 })), sync: sync ? withoutTiming(ps.extractPalette(source, { k: 3 })) : null };
    }
    return out;
  }, SOURCES);
  for (const [name, { from, sync }] of Object.entries(results)) {
    assert.deepEqual(from, expected, `extractPaletteFrom(${name})`);
    if (sync) assert.deepEqual(sync, expected, `extractPalette(${name})`);
  }
}

async function workerMatches({ page }) {
  const pairs = await page.evaluate(async (sources) => {
    const worker = psWorker.createPaletteWorker();
    try {
      const out = {};
      for (const [name, source] of Object.entries(await eval(sources))) {
        const main = withoutTiming(await ps.extractPaletteFrom(source, { k: 3, space: 'rgb', seed: 7 }));
        out[name] = { main, worker: withoutTiming(await worker.extract(source, { k: 3, space: 'rgb', seed: 7 })) };
      }
      return out;
    } finally {
      worker.terminate();
    }
  }, SOURCES);
  for (const [name, { main, worker }] of Object.entries(pairs)) assert.deepEqual(worker, main, name);
}

/** Each bad argument of the worker's methods: a rejected promise with a TypeError or RangeError naming it. */
async function workerArguments({ page }) {
  const outcomes = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(30, 10);
    canvas.getContext('2d').fillRect(0, 0, 30, 10);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const w = psWorker.createPaletteWorker();
    const image = await w.open(png);
    const outcome = async (call) => {
      let promise;
      try { promise = call(); } catch (error) { return `thrown ${error.name}: ${error.message}`; }
      try { await promise; return 'resolved'; } catch (error) { return `${error.name}: ${error.message}`; }
    };
    try {
      return {
        extractFunctionOptions: await outcome(() => w.extract(png, () => {})),
        extractSymbolSource: await outcome(() => w.extract(Symbol('x'))),
        openUnknownOption: await outcome(() => w.open(png, { k: 3 })),
        openNumber: await outcome(() => w.open(123)),
        openEmptyObject: await outcome(() => w.open({})),
        openNull: await outcome(() => w.open(null)),
        openShortPixels: await outcome(() => w.open({ data: new Uint8ClampedArray(3), width: 1, height: 1 })),
        previewNull: await outcome(() => image.preview(null)),
        previewZero: await outcome(() => image.preview({ maxSide: 0 })),
        previewString: await outcome(() => image.preview({ maxSide: 'x' })),
        remapNullOptions: await outcome(() => image.remap(['#000000'], null)),
        createNull: await outcome(() => psWorker.createPaletteWorker(null)),
        stillWorks: (await w.extract(png, { k: 2 })).colors.length,
      };
    } finally {
      w.terminate();
    }
  });
  assert.deepEqual(outcomes, {
    extractFunctionOptions: outcomes.extractFunctionOptions.startsWith('TypeError: ') ? outcomes.extractFunctionOptions : 'TypeError',
    extractSymbolSource: outcomes.extractSymbolSource.startsWith('TypeError: ') ? outcomes.extractSymbolSource : 'TypeError',
    openUnknownOption: 'TypeError: options.k is not an option; known: maxPixels',
    // as extract() and extractPalette() refuse them, when open() is called, not at the first extract()
    openNumber: 'TypeError: source must be a Blob, File, URL, or what extractPalette takes (encoded bytes, {data, width, height} pixels, an element), got number',
    openEmptyObject: outcomes.openEmptyObject.startsWith('TypeError: image must be encoded bytes') ? outcomes.openEmptyObject : 'TypeError: image must be…',
    openNull: 'TypeError: source must be a Blob, File, URL, or what extractPalette takes (encoded bytes, {data, width, height} pixels, an element), got null',
    openShortPixels: 'RangeError: image.data must hold width * height * 4 = 4 bytes, got 3',
    previewNull: 'TypeError: options must be an object, got null',
    previewZero: outcomes.previewZero.startsWith('RangeError: options.maxSide') ? outcomes.previewZero : 'RangeError options.maxSide',
    previewString: outcomes.previewString.startsWith('TypeError: options.maxSide') ? outcomes.previewString : 'TypeError options.maxSide',
    remapNullOptions: 'TypeError: options must be an object, got null',
    createNull: 'thrown TypeError: options must be an object, got null',
    stillWorks: 1,
  });
}

async function photo({ page }) {
  const { main, worker, open, drawnSize } = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(900, 700);
    const ctx = canvas.getContext('2d');
    for (let i = 0; i < 300; i++) {
      ctx.fillStyle = `hsl(${(i * 47) % 360} ${40 + (i % 50)}% ${20 + (i % 60)}%)`;
      ctx.fillRect((i * 97) % 900, (i * 61) % 700, 40 + (i % 120), 30 + (i % 90));
    }
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const options = { k: 8, maxPixels: 200_000 };
    const w = psWorker.createPaletteWorker();
    try {
      const image = await w.open(jpeg, { maxPixels: options.maxPixels });
      const drawn = await w.open(canvas.transferToImageBitmap(), { maxPixels: options.maxPixels }); // read and scaled here, not in the worker
      return {
        main: withoutTiming(await ps.extractPaletteFrom(jpeg, options)),
        worker: withoutTiming(await w.extract(jpeg, options)),
        open: { size: [image.width, image.height, image.sourceWidth, image.sourceHeight], palette: withoutTiming(await image.extract({ k: 8 })) },
        drawnSize: [drawn.width, drawn.height, drawn.sourceWidth, drawn.sourceHeight],
      };
    } finally {
      w.terminate();
    }
  });
  assert.deepEqual(worker, main);
  assert.deepEqual(open.palette, main, 'an opened image gives the same palette');
  assert.deepEqual([main.width, main.height], [507, 394], 'scaled to at most 200,000 pixels, aspect kept');
  assert.deepEqual(open.size, [507, 394, 900, 700]);
  assert.deepEqual(drawnSize, [507, 394, 900, 700], 'an element or bitmap opened: its own size before scaling');
}

async function webpAndScaling({ page }) {
  const { webp, scaled } = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(200, 100);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#2a9d8f';
    ctx.fillRect(0, 0, 200, 100);
    ctx.fillStyle = '#e76f51';
    ctx.fillRect(0, 0, 100, 100);
    const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 1 });
    return {
      webp: { type: blob.type, hex: (await ps.extractPaletteFrom(blob, { k: 2 })).colors.map((c) => c.hex).sort() },
      scaled: (({ width, height, pixels }) => ({ width, height, pixels }))(ps.extractPalette(canvas, { k: 2, maxPixels: 5000 })),
    };
  });
  assert.equal(webp.type, 'image/webp');
  assert.deepEqual(webp.hex, ['#2a9d8f', '#e76f51']);
  assert.deepEqual(scaled, { width: 100, height: 50, pixels: 5000 });
}

/** The worker's own protocol: a request it does not have, or no request at all, is answered with an error, not thrown. */
async function workerProtocol({ page }) {
  const replies = await page.evaluate(async () => {
    const worker = new Worker(new URL('/web/palette-worker.js', location.href), { type: 'module' });
    const errors = [];
    worker.addEventListener('error', (event) => { errors.push(event.message ?? 'error'); event.preventDefault(); });
    const answers = [];
    const answered = new Promise((resolve) => {
      worker.addEventListener('message', ({ data }) => { answers.push(data); if (answers.length === 3) resolve(); });
    });
    worker.postMessage({ id: 1, op: 'constructor', args: [] });
    worker.postMessage(null);
    worker.postMessage({ id: 3, op: 'close', args: [123] }); // still answering afterwards
    await answered;
    worker.terminate();
    return { errors, answers: answers.map(({ id, error }) => [id ?? null, error ? `${error.name}: ${error.message}` : 'ok']) };
  });
  assert.deepEqual(replies, { errors: [], answers: [
    [1, 'TypeError: the palette worker has no request "constructor"'],
    [null, 'TypeError: the palette worker has no request "undefined"'],
    [3, 'ok'],
  ] });
}

async function svg({ page }) {
  const out = await page.evaluate(async () => {
    const sized = new Blob(['<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
      + '<rect width="200" height="100" fill="#2a9d8f"/><rect width="50" height="100" fill="#e76f51"/></svg>'], { type: 'image/svg+xml' });
    const unsized = new Blob(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1" fill="#264653"/></svg>'], { type: 'image/svg+xml' });
    const worker = psWorker.createPaletteWorker();
    try {
      const main = withoutTiming(await ps.extractPaletteFrom(sized, { k: 2 }));
      const opened = await worker.open(sized, { maxPixels: 5000 });
      return {
        main,
        worker: withoutTiming(await worker.extract(sized, { k: 2 })),
        opened: [opened.width, opened.height, opened.sourceWidth, opened.sourceHeight],
        unsized: (({ width, height, colors }) => ({ width, height, hex: colors.map((c) => c.hex) }))(await ps.extractPaletteFrom(unsized, { k: 2 })),
        empty: await Promise.all([ps.extractPaletteFrom(new Blob([])), worker.extract(new File([], 'empty.png', { type: 'image/png' }))]
          .map((call) => call.then(() => 'no error', (error) => error.code))),
        // SVG however it comes: a type with parameters, a File with no type (a drop), a blob: or data: URL
        others: await (async () => {
          const text = await sized.text();
          const sources = {
            typeWithCharset: new Blob([text], { type: 'image/svg+xml; charset=utf-8' }),
            untypedFile: new File([text], 'drawing.svg'),
            blobUrl: URL.createObjectURL(sized),
            dataUrl: `data:image/svg+xml,${encodeURIComponent(text)}`,
          };
          const hexes = (palette) => palette.colors.map((c) => [c.hex, c.share]);
          const out = {};
          for (const [name, source] of Object.entries(sources)) {
            out[name] = await Promise.all([ps.extractPaletteFrom(source, { k: 2 }), worker.extract(source, { k: 2 }), worker.open(source)]
              .map((call) => call.then((value) => (value.colors ? hexes(value) : [value.sourceWidth, value.sourceHeight]), (error) => error.code)));
          }
          return out;
        })(),
      };
    } finally {
      worker.terminate();
    }
  });
  assert.deepEqual(out.main.colors.map((c) => [c.hex, c.share]), [['#2a9d8f', 0.75], ['#e76f51', 0.25]]);
  assert.deepEqual(out.worker, out.main, 'the worker gives the page\'s palette');
  assert.deepEqual(out.opened, [100, 50, 200, 100]);
  assert.deepEqual(out.unsized, { width: 300, height: 150, hex: ['#264653'] }, 'no size of its own: drawn at 300 × 150');
  assert.deepEqual(out.empty, ['IMAGE_EMPTY', 'IMAGE_EMPTY'], 'an empty file is IMAGE_EMPTY, as the library\'s decoder says');
  const expected = [[['#2a9d8f', 0.75], ['#e76f51', 0.25]], [['#2a9d8f', 0.75], ['#e76f51', 0.25]], [200, 100]];
  assert.deepEqual(out.others, { typeWithCharset: expected, untypedFile: expected, blobUrl: expected, dataUrl: expected });
}

async function crossOrigin({ page, env }) {
  const otherOrigin = env.url.replace('127.0.0.1', 'localhost'); // same server, another origin, no CORS headers
  const outcome = await page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const before = document.getElementsByTagName('*').length;
    const codes = [];
    const worker = psWorker.createPaletteWorker();
    for (const call of [() => ps.extractPalette(img), () => ps.extractPaletteFrom(img), () => worker.extract(img)]) {
      try {
        await call();
        codes.push('no error');
      } catch (error) {
        codes.push({ name: error.name, code: error.code, message: error.message });
      }
    }
    worker.terminate();
    return { codes, added: document.getElementsByTagName('*').length - before };
  }, `${otherOrigin}tests/fixtures/tiny.jpg`);
  assert.equal(outcome.added, 0);
  for (const error of outcome.codes) {
    assert.equal(error.name, 'PaletteSentimentError');
    assert.equal(error.code, 'IMAGE_CROSS_ORIGIN');
    assert.match(error.message, /crossOrigin="anonymous"/);
  }
}

async function notLoaded({ page }) {
  const error = await page.evaluate(() => {
    const img = new Image();
    try {
      ps.extractPalette(img);
      return null;
    } catch (e) {
      return { code: e.code, message: e.message };
    }
  });
  assert.equal(error.code, 'IMAGE_EMPTY');
  assert.match(error.message, /decode\(\)/);
}

async function noProblems({ problems }) {
  assert.deepEqual(problems, []);
}

test('element inputs and the worker API', { timeout: 90_000 }, async (t) => {
  const env = await startBrowserTest(t);
  if (!env) return;
  const bands = bandedImage(30, BANDS);
  const png = Buffer.from(encodePng(bands.width, bands.height, bands.rgba));
  const expected = withoutTiming(extractPalette({ data: bands.rgba, width: bands.width, height: bands.height }, { k: 3 }));
  const { page, problems } = await env.newPage({ width: 800, height: 600 });
  await page.goto(`${env.url}tests/browser/fixtures/blank.html`);
  await setUp(page, png);
  const context = { page, env, expected, problems };
  await t.test('extractPalette takes every element input, extractPaletteFrom Blobs, Files and URLs too: the exact colours', () => everyInput(context));
  await t.test('the worker answers exactly what the main thread answers, for every input', () => workerMatches(context));
  await t.test('the worker\'s methods reject bad arguments with a TypeError or RangeError naming them', () => workerArguments(context));
  await t.test('a photo through the worker and on the main thread: the same palette (lossy JPEG, many colours, scaled)', () => photo(context));
  await t.test('WebP decodes in the browser; maxPixels scales elements before reading', () => webpAndScaling(context));
  await t.test('the worker answers a request it does not have, or none, with an error', () => workerProtocol(context));
  await t.test('SVG files decode through an <img> on the page (createImageBitmap refuses them), also for the worker; empty files are IMAGE_EMPTY', () => svg(context));
  await t.test('a cross-origin image gets IMAGE_CROSS_ORIGIN telling to use crossOrigin="anonymous", and leaves nothing in the DOM', () => crossOrigin(context));
  await t.test('an <img> that has not loaded yet is IMAGE_EMPTY, saying to await decode()', () => notLoaded(context));
  await t.test('no console errors', () => noProblems(context));
});
