// Node, without the DOM lib: every entry point's types, errors and options.
import { readFile } from 'node:fs/promises';
import { init, extractPalette, extractPaletteFrom, NaiveBayes, NB_DEFAULTS, PaletteSentimentError, type Palette, type Prediction } from 'palette-sentiment';
import { decodeImage } from 'palette-sentiment/palette';
import { NaiveBayesTrainer } from 'palette-sentiment/naive-bayes';

await init();
const fromBytes: Palette = extractPalette(await readFile('photo.png'), { k: 4, space: 'rgb' });
const fromPath: Palette = await extractPaletteFrom('photo.png', { maxPixels: 1_000_000 });
const pixels = decodeImage(await readFile('photo.png'));
const model = NaiveBayes.load(await readFile('model.nbm'));
const prediction: Prediction = model.predict('A moving film.', { explain: 5 });
const trainer = new NaiveBayesTrainer({ ngrams: [1, 2], weightBits: 8 });
try {
  extractPalette(new Uint8Array(0));
} catch (error) {
  if (error instanceof PaletteSentimentError && (error.code === 'IMAGE_EMPTY' || error.code === 'HTTP_404')) {
    const status: number | undefined = error.status;
    console.log(status, error.url);
  }
}
console.log(fromBytes.colors[0]?.hex, fromPath.width, pixels.data.length, prediction.label, trainer.documents);

// What the API gives and takes, as it is at run time.
const made = new PaletteSentimentError('IMAGE_CORRUPT', 'bad bytes', 6, { width: 1 });
const needed: number | undefined = made.memoryNeeded;
const { alpha, weightBits, minDf } = model.info().options;
const [low, high] = NB_DEFAULTS.ngrams;
const texts = ['good', 'bad'] as const;
const small = await NaiveBayes.train(texts, [1, 0] as const);
console.log(needed, alpha + weightBits + minDf + low + high, small.predictMany(texts).length, small.topTokens(1, 2));
// @ts-expect-error trainLinear makes kind 'nblr' models only
await NaiveBayes.trainLinear(small, () => [], {});
