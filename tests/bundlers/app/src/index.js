// The app as a Vite or webpack user writes it: no configuration, the package's
// .wasm files, worker and model are found and copied by the bundler.
import { init, extractPalette, NaiveBayes } from 'palette-sentiment';
import { createPaletteWorker } from 'palette-sentiment/worker';
import 'palette-sentiment/review-checker';
import { runChecks } from './checks.js';

const modelUrl = new URL('palette-sentiment/models/imdb-sentiment.nbm', import.meta.url);

await init();
await runChecks({ extractPalette, NaiveBayes, createPaletteWorker, modelUrl: modelUrl.href });
