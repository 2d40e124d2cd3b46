// The app as a Rollup user writes it, with no plugin but node-resolve. Rollup
// copies no file that code finds with new URL(…, import.meta.url), so the app
// imports the .wasm's bytes as a module, for the page and for the worker; the
// worker script is a second input, and the build copies the model beside the bundle.
import { init, extractPalette, NaiveBayes } from 'palette-sentiment';
import { createPaletteWorker } from 'palette-sentiment/worker';
import 'palette-sentiment/review-checker';
import wasm from 'palette-sentiment/wasm/inline';
import { runChecks } from './src/checks.js';

const modelUrl = new URL('imdb-sentiment.nbm', import.meta.url);

await init(wasm);
await runChecks({ extractPalette, NaiveBayes, createPaletteWorker, modelUrl: modelUrl.href, workerOptions: { wasm } });
