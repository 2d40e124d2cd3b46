// The warm-up of the palette worker (web/warm-up.js) changes no answer: the
// palettes and recolourings of images taking each path (exact colours, whole,
// counted in parts) are byte for byte the same before it and after it, in
// this fresh process. Its speed is bench/palette-page.mjs's business, not a
// test's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, extractPalette, remapImage } from '../../web/index.js';
import { extractPaletteInParts } from '../../web/palette.js';
import { WARM_UP_RUNS, warmUp, warmUpImage } from '../../web/warm-up.js';
import { makeRichImage } from './fixtures.js';

const IMAGES = {
  'exact colours (40×40)': makeRichImage(40, 40, 3),
  'whole (300×200)': makeRichImage(300, 200, 5),
  'in parts (768×512)': makeRichImage(768, 512, 9),
};
const OPTIONS = [{ k: 6 }, { k: 8, space: 'rgb', seed: 42 }, { k: 3, restarts: 3, ignoreNearWhite: true }];

/** Everything extractPalette answers but its timing, and the recoloured pixels, for every image and options. */
function answers() {
  const out = {};
  for (const [name, image] of Object.entries(IMAGES)) {
    for (const options of OPTIONS) {
      const { timing, ...palette } = extractPalette(image, options);
      const remapped = remapImage(image, palette);
      out[`${name} ${JSON.stringify(options)}`] = { palette, remapped: Buffer.from(remapped.data).toString('base64'), deltaE: remapped.deltaE };
    }
  }
  return out;
}

test('palette warm-up', async (t) => {
  await init();
  const before = answers(); // first calls of this process: no warm-up ran

  await t.test('runs its palettes and resolves to how many and how long', async () => {
    const { runs, ms } = await warmUp();
    assert.equal(runs, WARM_UP_RUNS + 1); // by the path of large images, then of small ones
    assert.ok(ms > 0);
  });

  await t.test('palettes and recolourings after it are byte for byte the ones before', () => {
    assert.deepEqual(answers(), before);
  });

  await t.test('stops before the next palette once stop() is true', async () => {
    assert.equal((await warmUp({ stop: () => true })).runs, 0);
    let asked = 0;
    assert.equal((await warmUp({ stop: () => ++asked > 2 })).runs, 1); // stop() is asked before and after each task's wait
  });

  await t.test('its image is always the same, and counting in parts gives the palette of a whole count', () => {
    assert.deepEqual(warmUpImage(), warmUpImage());
    for (const image of [warmUpImage(), IMAGES['whole (300×200)']]) {
      const whole = { ...extractPalette(image, { k: 8 }), timing: null };
      for (const part of [4096, 1000, 4099]) {
        assert.deepEqual({ ...extractPaletteInParts(image, { k: 8 }, part), timing: null }, whole);
      }
    }
  });

  await t.test('its image has a flat quarter, one colour in 4,096 pixels, so that its counting takes the spill path', () => {
    const { data } = warmUpImage();
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    }
    assert.ok(Math.max(...counts.values()) >= data.length / 16, 'a quarter of the pixels in one colour');
  });
});
