// extractPalettes: the worker-thread pool gives what extractPalette gives, in
// the order of the inputs, with per-image errors kept as errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, extractPalette, extractPalettes, PaletteSentimentError } from '../../web/index.js';
import { encodePng, makeImage, makeRichImage } from './fixtures.js';

before(() => init());

const strip = ({ timing, ...rest }) => rest;

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
