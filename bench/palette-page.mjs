// The first palette in a fresh page against a warm one, with and without the
// page's warm-up (web/warm-up.js), in Debian's Chromium through the real page
// (index.html) and its worker. A 768×512 photo (a crop of a large image of
// ../shared/data/images, licorice-d.jpg unless --image names another, made as
// bench/palette.mjs makes its photos) goes in through the file input as a PNG,
// in a fresh page each time:
//   with:    once the page's warm-up has finished (data-warm-up="done") and a pause;
//   without: ?warm-up=off, after the same pause once the page has loaded;
// then 2 untimed and 5 timed palettes of the same file: warm is their median.
// Times are the palette's timing.extractMs (what the page's status line shows,
// read precisely from the worker's answers) and the whole request, from the
// input's change event to the page showing the result (decoding, preview and
// recolouring included).
//
//   node bench/palette-page.mjs [--rounds 3] [--pause 1000] [--image licorice-d.jpg]
import './lib/help.mjs';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodePng } from '../scripts/png.mjs';
import { init, decodeImage } from '../web/index.js';
import { startBrowserEnv } from '../tests/browser/browser.js';
import { dataPath, median } from './data.mjs';
import { photoCrops } from './palette-images.mjs';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    image: { type: 'string', default: 'licorice-d.jpg' }, // which large image
    pause: { type: 'string', default: '1000' }, // ms between the page being ready and the first image (a person takes longer to choose one)
    query: { type: 'string', default: '' }, // more of the page's query string
  },
});
const ROUNDS = Number(args.rounds);
const PAUSE = Number(args.pause);

const large = dataPath('images', 'large');
if (!large) {
  console.log('bench/palette-page: ../shared/data/images/large not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await init();
const photo = photoCrops([decodeImage(readFileSync(path.join(large, args.image)))], 1)[0];
const png = Buffer.from(encodePng(photo.width, photo.height, new Uint8Array(photo.data.buffer)));

const env = await startBrowserEnv();
if (env.skipReason) {
  console.log(`bench/palette-page: ${env.skipReason}`);
  process.exit(0);
}

/** In a fresh page with or without its warm-up: {firstMs, firstWholeMs, warmMs, warmWholeMs, warmUpRuns, warmUpMs}. */
async function freshPage(withWarmUp) {
  const { page, context } = await env.newPage();
  const workerReady = page.waitForEvent('worker');
  const query = [withWarmUp ? '' : 'warm-up=off', args.query].filter(Boolean).join('&');
  await page.goto(`${env.url}${query ? `?${query}` : ''}`);
  // Keep every extractMs the worker answers with (the page rounds it to 1 ms).
  const worker = await workerReady;
  await worker.evaluate(() => {
    const post = self.postMessage.bind(self);
    self.benchTimes = [];
    self.postMessage = (message, transfer) => {
      if (message?.value?.timing) self.benchTimes.push(message.value.timing.extractMs);
      post(message, transfer);
    };
  });
  await page.evaluate(() => {
    const section = document.getElementById('palette-section');
    window.benchWhole = [];
    document.getElementById('image-input').addEventListener('change', () => { window.benchStart = performance.now(); });
    new MutationObserver(() => {
      if (section.dataset.state === 'done') window.benchWhole.push(performance.now() - window.benchStart);
    }).observe(section, { attributes: true, attributeFilter: ['data-state'] });
  });
  await page.waitForFunction(() => ['done', 'off'].includes(document.getElementById('palette-section').dataset.warmUp), null, { timeout: 20_000 });
  const warmUp = await page.evaluate(() => ({ ...document.getElementById('palette-section').dataset }));
  await page.waitForTimeout(PAUSE);
  for (let done = 1; done <= 8; done++) { // the first, 2 untimed, 5 timed
    await page.setInputFiles('#image-input', { name: 'photo.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction((n) => window.benchWhole.length >= n, done, { timeout: 20_000 });
  }
  const times = await worker.evaluate(() => self.benchTimes);
  const whole = await page.evaluate(() => window.benchWhole);
  await context.close();
  return {
    firstMs: times[0], firstWholeMs: whole[0], warmMs: median(times.slice(3)), warmWholeMs: median(whole.slice(3)),
    warmUpRuns: Number(warmUp.warmUpRuns ?? 0), warmUpMs: Number(warmUp.warmUpMs ?? 0),
  };
}

const f = (x) => x.toFixed(1).padStart(6);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`palette of a 768×512 photo (${args.image}), the page's k (6), in a fresh page; Chromium ${env.browser.version()}; load average ${load()}`);
console.log('               first ms (whole)    warm ms (whole)    first/warm (whole)   warm-up');
const rows = { true: [], false: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const withWarmUp of round % 2 ? [false, true] : [true, false]) {
    const r = await freshPage(withWarmUp);
    rows[withWarmUp].push(r);
    console.log(`  ${(withWarmUp ? 'with' : 'without').padEnd(9)}  ${f(r.firstMs)} (${f(r.firstWholeMs)})  ${f(r.warmMs)} (${f(r.warmWholeMs)})`
      + `   ${(r.firstMs / r.warmMs).toFixed(2).padStart(6)}× (${(r.firstWholeMs / r.warmWholeMs).toFixed(2)}×)`
      + `${withWarmUp ? `   ${r.warmUpRuns} runs, ${r.warmUpMs.toFixed(1)} ms` : ''}`);
  }
}
for (const withWarmUp of [true, false]) {
  const ratio = median(rows[withWarmUp].map((r) => r.firstMs / r.warmMs));
  const whole = median(rows[withWarmUp].map((r) => r.firstWholeMs / r.warmWholeMs));
  console.log(`median first/warm ${withWarmUp ? 'with' : 'without'} the warm-up: ${ratio.toFixed(2)}× (whole request ${whole.toFixed(2)}×)`
    + (withWarmUp ? `; warm-up ${median(rows.true.map((r) => r.warmUpMs)).toFixed(1)} ms` : ''));
}
console.log(`load average ${load()}`);
await env.close();
