// extractPaletteFrom in Node: paths, file: URLs, http URLs and Blobs are read
// and decoded by the library's own decoder, so they give the palette of the same
// bytes through extractPalette; failures keep their codes (IMAGE_UNSUPPORTED for
// a WebP Blob, HTTP_404, NETWORK, IMAGE_TOO_LARGE over maxPixels). The browser
// side (elements, WebP, the worker) is tests/browser/element-inputs.test.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { init, extractPalette, extractPaletteFrom } from '../../web/index.js';
import { extractPaletteFiles } from '../../web/palette-pool.js';
import { readFixture, useTmpDir } from './fixtures.js';

const withoutTiming = ({ timing, ...rest }) => rest;
const jpeg = readFixture('tiny.jpg');
const expected = () => withoutTiming(extractPalette(jpeg, { k: 4 }));
const tmpPath = useTmpDir('ps-palette-from-');

let server;
let base;
before(async () => {
  await init();
  server = createServer((req, res) => {
    if (req.url === '/tiny.jpg') res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg);
    else res.writeHead(404).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

test('a path, a file: URL, an http URL, a Blob and a File give the palette of their bytes', async () => {
  const path = tmpPath('tiny.jpg');
  (await import('node:fs')).writeFileSync(path, jpeg);
  const sources = [path, pathToFileURL(path), pathToFileURL(path).href, new URL(`${base}/tiny.jpg`), `${base}/tiny.jpg`,
    new Blob([jpeg], { type: 'image/jpeg' }), new File([jpeg], 'tiny.jpg'), jpeg];
  for (const source of sources) {
    const palette = await extractPaletteFrom(source, { k: 4 });
    assert.deepEqual(withoutTiming(palette), expected(), String(source));
    assert.ok(palette.timing.decodeMs > 0 && palette.timing.extractMs >= 0);
  }
});

test('in Node a string is a path unless its scheme is file, http(s), data or blob', async () => {
  const { writeFileSync } = await import('node:fs');
  const dir = tmpPath('');
  const names = ['shot:1.jpg', 'C:\\tiny.jpg', 'photos:2024.jpg'];
  for (const name of names) writeFileSync(tmpPath(name), jpeg);
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    for (const name of names) assert.deepEqual(withoutTiming(await extractPaletteFrom(name, { k: 4 })), expected(), name);
  } finally {
    process.chdir(cwd);
  }
  const urls = [`data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`, URL.createObjectURL(new Blob([jpeg]))];
  for (const url of urls) assert.deepEqual(withoutTiming(await extractPaletteFrom(url, { k: 4 })), expected(), url.slice(0, 30));
});

test('failures keep their codes: WebP bytes, a missing URL, a refused connection, over maxPixels', async () => {
  const webp = new Blob([new Uint8Array([...new TextEncoder().encode('RIFF'), 22, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8 '), ...new Uint8Array(18)])]);
  await assert.rejects(extractPaletteFrom(webp), { code: 'IMAGE_UNSUPPORTED' });
  await assert.rejects(extractPaletteFrom(`${base}/missing.png`), { code: 'HTTP_404', url: `${base}/missing.png` });
  await assert.rejects(extractPaletteFrom('http://127.0.0.1:9/closed.png'), { code: 'NETWORK' });
  await assert.rejects(extractPaletteFrom(new Blob([jpeg]), { maxPixels: 10 }), { code: 'IMAGE_TOO_LARGE' });
});

test('bad options are refused before anything is read', async () => {
  await assert.rejects(extractPaletteFrom('/nonexistent/never-read.png', { k: 0 }), RangeError);
  await assert.rejects(extractPaletteFrom('/nonexistent/never-read.png', { colours: 3 }), TypeError);
  await assert.rejects(extractPaletteFrom({ width: 1 }), /image must be encoded bytes/);
  await assert.rejects(extractPaletteFrom('/nonexistent/never-read.png', null), { name: 'TypeError', message: /options must be an object/ });
  for (const [source, got] of [[null, 'null'], [undefined, 'undefined'], [42, 'number'], [Symbol('x'), 'symbol']]) {
    await assert.rejects(extractPaletteFrom(source), { name: 'TypeError', message: `source must be a Blob, File, URL or path, or what extractPalette takes (encoded bytes, {data, width, height} pixels), got ${got}` });
  }
});

test('a file of 2 GiB or more is IMAGE_TOO_LARGE, not a RangeError, and the other files are still read', async () => {
  const { truncateSync, writeFileSync } = await import('node:fs');
  const huge = tmpPath('sparse-3g.jpg');
  writeFileSync(huge, jpeg);
  truncateSync(huge, 3 * 2 ** 30); // sparse: no disk used
  await assert.rejects(extractPaletteFrom(huge), { name: 'PaletteSentimentError', code: 'IMAGE_TOO_LARGE' });
  await assert.rejects(extractPaletteFrom(pathToFileURL(huge)), { name: 'PaletteSentimentError', code: 'IMAGE_TOO_LARGE' });
  const good = tmpPath('tiny.jpg');
  writeFileSync(good, jpeg);
  for (const jobs of [1, 2]) {
    const [before, tooLarge, after] = await extractPaletteFiles([good, huge, good], { k: 4 }, { jobs });
    assert.equal(tooLarge.status, 'rejected');
    assert.equal(tooLarge.reason.name, 'PaletteSentimentError');
    assert.equal(tooLarge.reason.code, 'IMAGE_TOO_LARGE');
    for (const { value } of [before, after]) assert.deepEqual(withoutTiming(value), expected());
  }
});
