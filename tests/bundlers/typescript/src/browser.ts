// A browser page (DOM lib): element inputs, Blobs, the worker and the element.
import { init, extractPalette, extractPaletteFrom, type Palette } from 'palette-sentiment';
import { createPaletteWorker, type WorkerImage } from 'palette-sentiment/worker';
import 'palette-sentiment/review-checker';
import paletteWasm from 'palette-sentiment/wasm/palette/inline';

await init();
const img = document.querySelector('img')!;
await img.decode();
const canvas = document.createElement('canvas');
const bitmap = await createImageBitmap(img);
const palettes: Palette[] = [
  extractPalette(img, { k: 5 }),
  extractPalette(canvas),
  extractPalette(canvas.getContext('2d')!),
  extractPalette(new OffscreenCanvas(1, 1)),
  extractPalette(bitmap),
  extractPalette(new VideoFrame(bitmap, { timestamp: 0 })),
  extractPalette(new ImageData(1, 1)),
  await extractPaletteFrom(new Blob([])),
  await extractPaletteFrom(new URL('photo.webp', location.href)),
];
const worker = createPaletteWorker();
const image: WorkerImage = await worker.open(new File([], 'photo.png'), { maxPixels: 4_000_000 });
palettes.push(await worker.extract(img), await image.extract({ k: 3 }));
createPaletteWorker({ wasm: paletteWasm }).terminate();
const checker = document.createElement('review-checker');
checker.setAttribute('model', '/models/imdb-sentiment.nbm');
console.log(palettes, checker.result?.displayLabel, checker.state);
// @ts-expect-error a string is not an image for extractPalette (extractPaletteFrom fetches it)
extractPalette('photo.png');
