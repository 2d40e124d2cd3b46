// Warming up the palette code before the first real image. V8 runs
// WebAssembly first with its baseline compiler (Liftoff) and optimises a
// function (TurboFan, in the background) only once it has run enough; a call
// already running never switches to the optimised code. So the first palette
// of a photo runs entirely on baseline code and costs several times a warm
// one. A few palettes of a small synthetic image, each in a task of its own,
// make the hot functions reach that budget; a real image that comes after
// (and after a short pause for the background compilation) runs at close to
// warm speed.
//
// Nothing here changes what later calls answer: the palette functions keep no
// state between calls (the WebAssembly memory may grow, which no result
// depends on).
import { extractPalette, extractPaletteInParts, remapImage } from './palette.js';

/**
 * Palettes of the synthetic image counted in parts, its side and the spread of its noise (the image
 * fills about 2,500 of the 32³ grid bins, as a detailed photo does). In Chromium, with 1 to 4 such
 * palettes the first real one cost 1.5–2.2 times a warm one, against 4–6 times without (bench/palette-page.mjs
 * on a busy machine, too noisy to tell 1 from 4). With the flat band of warmUpImage, 3 of them: the README's
 * figures for warmUp().
 */
export const WARM_UP_RUNS = 3;
export const WARM_UP_SIDE = 128;
export const WARM_UP_NOISE = 8;
const FLAT_PIXEL = [236, 240, 244, 255]; // the flat band of warmUpImage

/**
 * A side × side noisy gradient (a fixed LCG, so always the same pixels) under a
 * flat band of a quarter of its pixels: one bin that fills up, as a photo's
 * sky or a screenshot's background does, so that counting takes its spill
 * path (wide totals) too.
 */
export function warmUpImage(side = WARM_UP_SIDE, noise = WARM_UP_NOISE) {
  const data = new Uint8ClampedArray(side * side * 4);
  let seed = 1;
  for (let y = 0, i = 0; y < side; y++) {
    for (let x = 0; x < side; x++, i += 4) {
      if (4 * y < side) {
        data.set(FLAT_PIXEL, i);
        continue;
      }
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      data[i] = (x * 255) / side + ((seed >>> 8) % noise);
      data[i + 1] = ((x + y) * 127) / side + ((seed >>> 16) % noise);
      data[i + 2] = (y * 255) / side + ((seed >>> 24) % noise);
      data[i + 3] = 255;
    }
  }
  return { data, width: side, height: side };
}

const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

/**
 * Runs `runs` palettes (k 8) of the synthetic image by the path of large
 * images (counted in parts, as every image over 2^15 pixels is), then one by
 * the path of small ones and a recolouring, one per task, stopping early once
 * stop() is true (checked before each). Resolves to {runs, ms}: the palettes
 * run and the time taken. init() must have resolved.
 */
export async function warmUp({ runs = WARM_UP_RUNS, side = WARM_UP_SIDE, noise = WARM_UP_NOISE, stop = () => false } = {}) {
  const image = warmUpImage(side, noise);
  const options = { k: 8 };
  const steps = [
    ...Array.from({ length: runs }, () => () => extractPaletteInParts(image, options, (side * side) >> 2)),
    () => extractPalette(image, options),
    (palette) => remapImage(image, palette),
  ];
  const start = performance.now();
  let done = 0;
  let palette;
  for (const step of steps) {
    if (stop()) break;
    if (done) await nextTask();
    if (stop()) break;
    palette = step(palette) ?? palette;
    done += 1;
  }
  return { runs: Math.min(done, runs + 1), ms: performance.now() - start };
}
