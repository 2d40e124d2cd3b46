// The app as an esbuild user writes it. esbuild does not copy files that code
// finds with new URL(…, import.meta.url), so the app imports the .wasm files and
// the model, which --loader:.wasm=file and --loader:.nbm=file copy beside the
// bundle, and passes their URLs. The worker script is a second entry point.
import { init, extractPalette, NaiveBayes } from 'palette-sentiment';
import { createPaletteWorker } from 'palette-sentiment/worker';
import 'palette-sentiment/review-checker';
import wasm from 'palette-sentiment/wasm';
import paletteWasm from 'palette-sentiment/wasm/palette';
import model from 'palette-sentiment/models/imdb-sentiment.nbm';
import { runChecks } from './src/checks.js';

const here = (file) => new URL(file, import.meta.url).href;

await init(here(wasm));
await runChecks({ extractPalette, NaiveBayes, createPaletteWorker, modelUrl: here(model), workerOptions: { wasm: here(paletteWasm) } });
