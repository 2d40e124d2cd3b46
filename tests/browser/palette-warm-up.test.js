// The palette worker's warm-up (worker.warmUp(), web/warm-up.js) in headless
// Chromium: the page runs it once idle; it changes no palette (a worker that
// warmed up answers byte for byte what a fresh one does, for images taking
// each path); a request sent meanwhile stops it. Its speed is
// bench/palette-page.mjs's business, not a test's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserTest } from './browser.js';
import { makeRichImage } from '../node/fixtures.js';
import { extractPalette } from '../../web/index.js';
import { WARM_UP_RUNS } from '../../web/warm-up.js';

const SIZES = [[40, 40], [300, 200], [768, 512]]; // exact colours, whole, counted in parts
const OPTIONS = [{ k: 6 }, { k: 8, space: 'rgb', seed: 42 }];
const withoutTiming = ({ timing, ...palette }) => palette;

test('palette worker warm-up', { timeout: 90_000 }, async (t) => {
  const env = await startBrowserTest(t);
  if (!env) return;
  const { page, problems } = await env.newPage();
  await page.goto(env.url);

  await t.test('the page warms its worker up once idle', async () => {
    await page.waitForFunction(() => document.getElementById('palette-section').dataset.warmUp === 'done', null, { timeout: 20_000 });
    const { warmUpRuns } = await page.$eval('#palette-section', (el) => ({ ...el.dataset }));
    assert.equal(Number(warmUpRuns), WARM_UP_RUNS + 1);
  });

  await t.test('?warm-up=off leaves it out', async () => {
    const off = await env.newPage();
    await off.page.goto(`${env.url}?warm-up=off`);
    await off.page.waitForFunction(() => document.getElementById('palette-section').dataset.warmUp === 'off');
    assert.deepEqual(off.problems, []);
  });

  await t.test('a worker that warmed up answers what a fresh one does', async () => {
    const images = SIZES.map(([width, height]) => ({ width, height, base64: Buffer.from(makeRichImage(width, height, width).data).toString('base64') }));
    const answers = await page.evaluate(async ({ images, options }) => {
      const { createPaletteWorker } = await import('/web/worker.js');
      const run = async (warm) => {
        const worker = createPaletteWorker();
        const warmUp = warm ? await worker.warmUp() : null;
        const out = [];
        for (const { width, height, base64 } of images) {
          const data = Uint8ClampedArray.from(atob(base64), (c) => c.charCodeAt(0));
          for (const o of options) out.push(await worker.extract(new ImageData(data, width, height), o));
        }
        worker.terminate();
        return { warmUp, out };
      };
      return { fresh: await run(false), warmed: await run(true) };
    }, { images, options: OPTIONS });
    assert.equal(answers.warmed.warmUp.runs, WARM_UP_RUNS + 1);
    assert.deepEqual(answers.warmed.out.map(withoutTiming), answers.fresh.out.map(withoutTiming));
    // …and what Node answers for the same pixels.
    const node = SIZES.flatMap(([width, height]) => OPTIONS.map((o) => extractPalette(makeRichImage(width, height, width), o)));
    assert.deepEqual(answers.fresh.out.map((p) => p.colors), node.map((p) => p.colors));
  });

  await t.test('a request sent during the warm-up stops it', async () => {
    const { warmUp, colors } = await page.evaluate(async () => {
      const { createPaletteWorker } = await import('/web/worker.js');
      const worker = createPaletteWorker();
      const warming = worker.warmUp(); // both wait for the module to load; the palette is asked first of all
      const palette = await worker.extract(new ImageData(new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]), 2, 1), { k: 2 });
      const result = { warmUp: await warming, colors: palette.colors.map((c) => c.hex) };
      worker.terminate();
      return result;
    });
    assert.equal(warmUp.runs, 0);
    assert.deepEqual(colors.sort(), ['#0000ff', '#ff0000']);
  });

  assert.deepEqual(problems, []);
});
