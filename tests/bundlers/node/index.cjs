// A CommonJS program: require() of the package (an ES module) works on Node >= 20.19.
const { readFileSync } = require('node:fs');
const { init, extractPaletteFrom, NaiveBayes } = require('palette-sentiment');

async function main() {
  await init();
  const palette = await extractPaletteFrom(`${__dirname}/swatch.png`, { k: 3 });
  const model = NaiveBayes.load(readFileSync(require.resolve('palette-sentiment/models/imdb-sentiment.nbm')));
  const { label } = model.predict('A moving, beautifully acted film.');
  console.log(JSON.stringify({ image: palette.colors.map((color) => color.hex), prediction: label }));
}

main();
