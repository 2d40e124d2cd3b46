// A palette-only page: the bundle should hold no Naive Bayes code and the page
// should download only palette-sentiment-palette.wasm.
import { init, extractPalette } from 'palette-sentiment';

await init();
const img = document.querySelector('img');
await img.decode();
document.body.dataset.smoke = JSON.stringify({ image: extractPalette(img, { k: 3 }).colors.map((color) => color.hex) });
