// What a stranger's page does with palette-sentiment, whichever tool bundled
// it: palettes of a <canvas> and of an <img>, a prediction with the shipped
// model, a <review-checker>, and a palette from the worker. The results land in
// document.body.dataset.smoke for tests/bundlers/bundlers.test.js to read.

const hexes = (palette) => palette.colors.map((color) => color.hex);

function paintCanvas(canvas) {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e76f51';
  ctx.fillRect(0, 0, canvas.width, canvas.height * 0.75);
  ctx.fillStyle = '#2a9d8f';
  ctx.fillRect(0, canvas.height * 0.75, canvas.width, canvas.height * 0.25);
}

function checkerVerdict(checker, modelUrl, text) {
  return new Promise((resolve) => {
    checker.addEventListener('review-checker:result', (event) => {
      if (event.detail) resolve(event.detail.label);
    });
    checker.setAttribute('model', modelUrl);
    checker.value = text;
  });
}

export async function runChecks({ extractPalette, NaiveBayes, createPaletteWorker, modelUrl, workerOptions }) {
  const canvas = document.querySelector('canvas');
  paintCanvas(canvas);
  const fromCanvas = extractPalette(canvas, { k: 2 });

  const img = document.querySelector('img');
  await img.decode();
  const fromImage = extractPalette(img, { k: 3 });

  const response = await fetch(modelUrl);
  const model = NaiveBayes.load(new Uint8Array(await response.arrayBuffer()));
  const prediction = model.predict('A moving, beautifully acted film.');

  const worker = createPaletteWorker(workerOptions);
  const fromWorker = await worker.extract(img, { k: 3 });
  worker.terminate();

  const verdict = await checkerVerdict(document.querySelector('review-checker'), modelUrl, 'A boring, awful mess and a total waste of time.');
  document.body.dataset.smoke = JSON.stringify({
    canvas: hexes(fromCanvas), image: hexes(fromImage), worker: hexes(fromWorker), prediction: prediction.label, checker: verdict,
  });
}
