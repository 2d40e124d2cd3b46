// A browser page (DOM lib): element inputs, Blobs, the worker and the element.
import { init, extractPalette, extractPaletteFrom, decodeImage, remapImage, NaiveBayes, type Palette } from 'palette-sentiment';
import { createPaletteWorker, type WorkerImage } from 'palette-sentiment/worker';
import 'palette-sentiment/review-checker';
import paletteWasm from 'palette-sentiment/wasm/palette/inline';
import wasmUrl from 'palette-sentiment/wasm/palette';

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

// Bytes and pixels go to the DOM APIs that take them (ArrayBuffer-backed, not shared).
const decoded = decodeImage(new Uint8Array(0));
const context = canvas.getContext('2d')!;
context.putImageData(new ImageData(decoded.data, decoded.width, decoded.height), 0, 0);
context.putImageData(new ImageData(remapImage(img, [[0, 0, 0], '#ffffff', { hex: '#808080' }]).data, 1, 1), 0, 0);
context.putImageData(await image.preview({ maxSide: 100 }), 0, 0);
await image.remap([{ hex: '#ff0000' }, [0, 255, 0]]);
const model = NaiveBayes.load(new Uint8Array(0));
new Blob([model.save()]);
await WebAssembly.compile(paletteWasm);
const wasmHref: string = wasmUrl;
checker.addEventListener('review-checker:result', (event) => console.log(event.detail?.displayLabel, wasmHref));
// @ts-expect-error models come from train(), trainLinear() or load()
new NaiveBayes();
