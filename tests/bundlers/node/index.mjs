// An ES module program.
import { readFile } from 'node:fs/promises';
import { init, extractPaletteFrom, NaiveBayes } from 'palette-sentiment';

await init();
const palette = await extractPaletteFrom(new URL('./swatch.png', import.meta.url), { k: 3 });
const model = NaiveBayes.load(await readFile(new URL(import.meta.resolve('palette-sentiment/models/imdb-sentiment.nbm'))));
const { label } = model.predict('A moving, beautifully acted film.');
console.log(JSON.stringify({ image: palette.colors.map((color) => color.hex), prediction: label }));
