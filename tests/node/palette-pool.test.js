// extractPalettes: the worker-thread pool gives what extractPalette gives, in
// the order of the inputs, with per-image errors kept as errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { init, extractPalette, extractPalettes, PaletteSentimentError } from '../../web/index.js';
import { extractPaletteFiles, waitingWorkers } from '../../web/palette-pool.js';
import { encodePng, makeImage, makeRichImage, NO_WORKERS_OPTIONS, PROCESS_OPTIONS } from './fixtures.js';

before(() => init());

const strip = ({ timing, ...rest }) => rest;

// First in this file: it counts the workers waiting, and the other tests leave some.
test('a call takes the workers the last one left waiting, and an image that fails does not stop them', async () => {
  const images = [1, 2, 3, 4, 5, 6].map((seed) => makeRichImage(30, 20, seed));
  const want = images.map((image) => strip(extractPalette(image, { k: 3 })));
  const check = (got) => assert.deepEqual(got.map((r) => strip(r.value)), want);
  check(await extractPalettes(images, { k: 3 }, { jobs: 2 }));
  const first = waitingWorkers();
  assert.equal(first.length, 1);
  check(await extractPalettes(images, { k: 3 }, { jobs: 3 }));
  const second = waitingWorkers();
  assert.equal(second.length, 2);
  assert.ok(second.includes(first[0]), 'the waiting worker was taken again');
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-'));
  try {
    const files = images.map((image, i) => {
      const file = path.join(dir, `${i}.png`);
      writeFileSync(file, encodePng(image.width, image.height, new Uint8Array(image.data.buffer)));
      return file;
    });
    const got = await extractPaletteFiles(files, { k: 3 }, { jobs: 3 });
    assert.deepEqual(got.map((r) => strip(r.value)), want);
    await new Promise((resolve) => { setTimeout(resolve, 200); }); // a worker that read files waits once it says it is done
    assert.ok(waitingWorkers().some((id) => second.includes(id)), 'extractPaletteFiles took workers that were waiting');
  } finally {
    rmSync(dir, { recursive: true });
  }
  const hostile = { get data() { throw new Error('no pixels'); }, width: 2, height: 2 };
  const withError = await extractPalettes([...images, hostile], { k: 3 }, { jobs: 2 });
  assert.equal(withError.at(-1).status, 'rejected', 'an image that fails is one rejected entry, not a failed call');
  assert.equal(waitingWorkers().length, 2);
});

test('the same palettes as extractPalette, in input order, for 1 to 4 workers', async () => {
  const rich = [1, 2, 3, 4, 5].map((seed) => makeRichImage(40 + seed, 30, seed));
  const images = [...rich, encodePng(41, 30, new Uint8Array(rich[0].data.buffer)), makeImage(2, 2, [[0x112233, 4]])];
  const want = images.map((image) => strip(extractPalette(image, { k: 6, seed: 9 })));
  for (const jobs of [1, 2, 4]) {
    const got = await extractPalettes(images, { k: 6, seed: 9 }, { jobs });
    assert.deepEqual(got.map((r) => r.status), images.map(() => 'fulfilled'));
    assert.deepEqual(got.map((r) => strip(r.value)), want, `jobs ${jobs}`);
  }
});

test('workers start in a process given V8\'s options and a script with node --input-type=module -e (they take none of its options)', () => {
  const script = `import { init, extractPalettes, extractPalette } from ${JSON.stringify(new URL('../../web/node.js', import.meta.url).href)};
    await init();
    const image = (v) => ({ data: new Uint8Array(64).map((_, i) => (i % 4 === 3 ? 255 : (v * (i + 1)) % 256)), width: 4, height: 4 });
    const images = [1, 2, 3, 4].map(image);
    const got = await extractPalettes(images, { k: 2 }, { jobs: 2 });
    const same = got.every((r, i) => JSON.stringify(r.value.colors) === JSON.stringify(extractPalette(images[i], { k: 2 }).colors));
    console.log(got.map((r) => r.status).join(' '), same, performance.timeOrigin + performance.now());`;
  const run = spawnSync(process.execPath, [...PROCESS_OPTIONS, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  const exited = performance.timeOrigin + performance.now();
  assert.equal(run.stderr, '');
  const [fulfilled, same, ended] = [run.stdout.trim().split(' ').slice(0, 4).join(' '), ...run.stdout.trim().split(' ').slice(4)];
  assert.equal(`${fulfilled} ${same}`, 'fulfilled fulfilled fulfilled fulfilled true');
  const lingered = exited - Number(ended);
  assert.ok(lingered < 1000, `the process ended ${lingered.toFixed(0)} ms after its palettes, not at once (workers wait 5 s)`);
});

test('where the process may not start workers (the permission model), every image runs on the calling thread', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-no-workers-'));
  try {
    const files = [1, 2, 3].map((seed) => {
      const file = path.join(dir, `${seed}.png`);
      const image = makeRichImage(12, 10, seed);
      writeFileSync(file, encodePng(image.width, image.height, new Uint8Array(image.data.buffer)));
      return file;
    });
    const script = `import { init, extractPalettes, extractPalette } from ${JSON.stringify(new URL('../../web/node.js', import.meta.url).href)};
      import { extractPaletteFiles } from ${JSON.stringify(new URL('../../web/palette-pool.js', import.meta.url).href)};
      import { readFileSync } from 'node:fs';
      await init();
      const files = ${JSON.stringify(files)};
      const images = await extractPalettes(files.map((f) => readFileSync(f)), { k: 3 }, { jobs: 2 });
      const read = await extractPaletteFiles(files, { k: 3 }, { jobs: 3 });
      const colors = (r) => (r.status === 'fulfilled' ? JSON.stringify(r.value.colors) : r.reason.message);
      const same = files.every((f, i) => colors(images[i]) === colors(read[i]) && colors(read[i]) === JSON.stringify(extractPalette(readFileSync(f), { k: 3 }).colors));
      console.log([...images, ...read].map((r) => r.status).join(' '), same);`;
    const run = spawnSync(process.execPath, [...NO_WORKERS_OPTIONS, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.trim(), `${Array(6).fill('fulfilled').join(' ')} true`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('images whose data, width and height are getters (a class) give extractPalette\'s palettes on every thread', async () => {
  class Pixels {
    #image;
    constructor(image) { this.#image = image; }
    get data() { return this.#image.data; }
    get width() { return this.#image.width; }
    get height() { return this.#image.height; }
  }
  const images = [1, 2, 3, 4, 5, 6].map((seed) => new Pixels(makeRichImage(20, 16, seed)));
  const want = images.map((image) => strip(extractPalette(image, { k: 4 })));
  for (const jobs of [1, 2, 3]) {
    const got = await extractPalettes(images, { k: 4 }, { jobs });
    assert.deepEqual(got.map((r) => r.status === 'fulfilled' ? strip(r.value) : String(r.reason)), want, `jobs ${jobs}`);
  }
});

test('a failing image is a rejected entry with the error extractPalette throws; the others still come back', async () => {
  const good = makeImage(2, 1, [[0xFF0000, 1], [0x00FF00, 1]]);
  const images = [good, new Uint8Array([1, 2, 3]), { data: new Uint8Array(4), width: 2, height: 1 }, good];
  for (const jobs of [1, 2]) {
    const got = await extractPalettes(images, undefined, { jobs });
    assert.deepEqual(got.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.ok(got[1].reason instanceof PaletteSentimentError);
    assert.equal(got[1].reason.code, 'IMAGE_UNSUPPORTED');
    assert.ok(got[2].reason instanceof RangeError);
    assert.match(got[2].reason.message, /image\.data/);
    assert.deepEqual(strip(got[3].value), strip(extractPalette(good)));
  }
});

test('arguments are checked', async () => {
  await assert.rejects(extractPalettes('x.png'), TypeError);
  await assert.rejects(extractPalettes([], {}, { jobs: 0 }), RangeError);
  await assert.rejects(extractPalettes([], {}, { threads: 2 }), /pool\.threads/);
  assert.deepEqual(await extractPalettes([], {}, { jobs: 2 }), []);
});

test('bad options throw before any image, for every jobs; an input workers cannot be sent runs here', async () => {
  const images = [1, 2, 3, 4].map((seed) => makeRichImage(20, 20, seed));
  for (const jobs of [1, 2]) {
    // a function cannot be cloned to a worker: this once ended the process with an unhandled DataCloneError
    await assert.rejects(extractPalettes(images, { k: 3, onProgress: () => {} }, { jobs }), /options\.onProgress/);
    await assert.rejects(extractPalettes(images, { k: 0 }, { jobs }), RangeError);
    await assert.rejects(extractPaletteFiles(['a.png', 'b.png'], { k: 0 }, { jobs }), RangeError);
  }
  const odd = images.map((image) => ({ ...image, describe: () => 'not cloneable' }));
  const got = await extractPalettes(odd, { k: 3 }, { jobs: 2 });
  assert.deepEqual(got.map((r) => strip(r.value)), images.map((image) => strip(extractPalette(image, { k: 3 }))));
});

test('extractPaletteFiles: each thread reads the files it claims; the same outcomes, in order, for 1 to 4 threads', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-pool-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // enough files that this thread and the workers all take some
  const pngs = Array.from({ length: 40 }, (_, i) => {
    const image = makeRichImage(30 + (i % 7), 20 + (i % 5), i + 1);
    return encodePng(image.width, image.height, new Uint8Array(image.data.buffer));
  });
  const files = pngs.map((png, i) => {
    const file = path.join(dir, `${i}.png`);
    writeFileSync(file, png);
    return file;
  });
  const bad = path.join(dir, 'bad.png');
  writeFileSync(bad, new Uint8Array([1, 2, 3]));
  const sources = [...files.slice(0, 20), path.join(dir, 'missing.png'), pngs[3], dir, bad, ...files.slice(20)];
  const want = [...pngs.slice(0, 20), null, pngs[3], null, null, ...pngs.slice(20)]
    .map((png) => png && { size: png.byteLength, value: strip(extractPalette(png, { k: 4 })) });
  for (const jobs of [1, 2, 4]) {
    const got = await extractPaletteFiles(sources, { k: 4 }, { jobs });
    assert.deepEqual(got.map((r) => r.status === 'fulfilled' && { size: r.size, value: strip(r.value) }), want.map((w) => w ?? false), `jobs ${jobs}`);
    assert.equal(got[20].reason.code, 'ENOENT', `jobs ${jobs}`);
    assert.equal(got[22].reason.code, 'EISDIR', `jobs ${jobs}`);
    assert.equal(got[23].reason.code, 'IMAGE_UNSUPPORTED', `jobs ${jobs}`);
    assert.ok(got[23].reason instanceof PaletteSentimentError);
  }
});
