// The IMDB data and the shipped model: validation accuracy of the shipped
// options on ../shared/data/imdb/train.tsv.gz (or $PS_DATA), and the shipped
// models/imdb-sentiment.nbm on clear reviews. Each test skips with a message
// when its data or model is absent.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { init, NaiveBayes } from '../../web/index.js';
import { readRecords } from '../../bin/lib/records.js';
import { first200, splitRows } from '../../bench/split.mjs';
import { TOKENIZER_1 } from '../../scripts/model-options.mjs';

const MODEL = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/palette-sentiment.js', import.meta.url));
const IMDB = process.env.PS_DATA
  ? join(process.env.PS_DATA, 'imdb', 'train.tsv.gz')
  : fileURLToPath(new URL('../../../shared/data/imdb/train.tsv.gz', import.meta.url));

before(() => init());

let imdbRows = null;
/** The 80/20 split of the IMDB rows (read once), or null when the data is absent. */
async function imdbSplit() {
  if (!existsSync(IMDB)) return null;
  if (!imdbRows) {
    imdbRows = [];
    for await (const batch of readRecords(IMDB, { text: 'review', label: 'sentiment', batchSize: 5000 })) imdbRows.push(...batch);
  }
  assert.equal(imdbRows.length, 25_000);
  const split = splitRows(imdbRows, { seed: 42 });
  assert.equal(split.validation.length, 5000);
  return split;
}

const accuracyOf = (model, rows) => rows.filter((row) => model.predict(row.text, { explain: 0 }).label === row.label).length / rows.length;

describe('IMDB data', () => {
  test('make model rebuilds the shipped model bit for bit', { timeout: 300_000 }, (t) => {
    if (!existsSync(IMDB)) {
      t.skip(`${IMDB} is absent: the rebuild is not checked`);
      return;
    }
    // scripts/build-model.mjs --check trains as make model does and compares with the committed file
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-model.mjs', import.meta.url)), '--check'], { encoding: 'utf8' });
    t.diagnostic(out.trim().split('\n').at(-1));
  });

  test('NB-weighted logistic regression on half the training reviews beats NB on all of them: >= 0.898', { timeout: 120_000 }, async (t) => {
    const split = await imdbSplit();
    if (!split) {
      t.skip(`${IMDB} is absent (set PS_DATA): the nblr accuracy floor is not checked`);
      return;
    }
    // 10,000 reviews and 3 epochs keep it to seconds; measured 0.9032 and 0.7602 on the first 200 characters with the
    // shipped model's tokenizer (TOKENIZER_1; the newer defaults: 0.9060 and 0.7442)
    // (NB on all 20,000: 0.8938; the shipped options on all 20,000: 0.917)
    const train = split.train.slice(0, 10_000);
    const model = await NaiveBayes.train(train.map((r) => r.text), train.map((r) => r.label),
      { ngrams: [1, 3], binary: true, minDf: 2, alpha: 0.5, weightBits: 8, kind: 'nblr', l2: 5, epochs: 3, ...TOKENIZER_1 });
    try {
      const accuracy = accuracyOf(model, split.validation);
      const short = accuracyOf(model, first200(split.validation));
      t.diagnostic(`validation accuracy ${accuracy.toFixed(4)}, first 200 characters ${short.toFixed(4)}`);
      assert.ok(accuracy >= 0.898, `validation accuracy ${accuracy} < 0.898`);
      assert.ok(short >= 0.75, `first-200-character accuracy ${short} < 0.75`);
    } finally {
      model.dispose();
    }
  });

  test('train --kind nblr --calibrate length stays unsure of an empty line or one word', { timeout: 120_000 }, async (t) => {
    if (!existsSync(IMDB)) {
      t.skip(`${IMDB} is absent (set PS_DATA): the short-text calibration is not checked`);
      return;
    }
    // fitted on whole held-out reviews only, the scale at no evidence was exp(4.384) and both came out 1.0000
    const dir = mkdtempSync(join(tmpdir(), 'nb-imdb-'));
    try {
      const rows = join(dir, 'rows.tsv');
      const lines = gunzipSync(readFileSync(IMDB)).toString('utf8').split('\n').slice(0, 3001);
      writeFileSync(rows, `${lines.join('\n')}\n`);
      const model = join(dir, 'lr.nbm');
      const run = (args, input) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
      run(['train', rows, '-o', model, '--kind', 'nblr', '--calibrate', 'length']);
      const sureness = run(['predict', model], '\nthe\nit\n').trim().split('\n').map((line) => Number(line.split('\t')[1]));
      t.diagnostic(`top probabilities ${sureness.join(', ')}`);
      for (const p of sureness) assert.ok(p < 0.8, `${p}: sure of a text with no evidence`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('80/20 split (seed 42), NB options: validation accuracy >= 0.885', { timeout: 120_000 }, async (t) => {
    const split = await imdbSplit();
    if (!split) {
      t.skip(`${IMDB} is absent (set PS_DATA): accuracy floor not checked`);
      return;
    }
    const { train, validation } = split;
    const model = await NaiveBayes.train(train.map((r) => r.text), train.map((r) => r.label),
      { ngrams: [1, 3], binary: true, minDf: 3, alpha: 0.5, weightBits: 8 });
    try {
      let correct = 0;
      for (const row of validation) if (model.predict(row.text, { explain: 0 }).label === row.label) correct++;
      const accuracy = correct / validation.length;
      // Measured: ~0.894 with these options (the shipped ones); the floor leaves room for small changes.
      t.diagnostic(`validation accuracy ${accuracy.toFixed(4)}`);
      assert.ok(accuracy >= 0.885, `validation accuracy ${accuracy} < 0.885`);
    } finally {
      model.dispose();
    }
  });

  test('the shipped model classifies clear reviews and carries its validation accuracy', async (t) => {
    if (!existsSync(MODEL)) {
      t.skip(`${MODEL} is absent: run make model`);
      return;
    }
    const model = NaiveBayes.load(readFileSync(MODEL));
    try {
      const [negative, positive] = ['0', '1'];
      assert.deepEqual([...model.labels].sort(), [negative, positive]);
      const good = model.predict('One of the best films I have ever seen. Brilliant acting, a wonderful, moving story and a superb score. '
        + 'I loved every minute of it and will watch it again. A masterpiece, highly recommended! 10/10');
      const bad = model.predict('The worst movie I have ever seen. Boring, stupid plot, awful acting and terrible dialogue. '
        + 'A complete waste of time and money; I walked out after an hour. Avoid it. 1/10');
      assert.equal(good.label, positive);
      assert.equal(bad.label, negative);
      assert.ok(good.probabilities[positive] > 0.99 && bad.probabilities[negative] > 0.99);
      const { metadata } = model.info();
      const key = Object.keys(metadata).find((k) => /accuracy/i.test(k));
      assert.ok(key, `no accuracy in the metadata: ${Object.keys(metadata).join(', ')}`);
      const accuracy = parseFloat(metadata[key].match(/\d*\.\d+/)?.[0]);
      assert.ok(accuracy >= 0.885 && accuracy <= 1, `metadata ${key} = ${metadata[key]}`);
      // The shipped kind is calibrated: its stored validation ECE is within the targets, and a mixed review
      // is a close call rather than NB's 97 % certainty.
      assert.equal(model.info().kind, 'nblr');
      assert.ok(model.calibration);
      assert.ok(Number(metadata.validation_ece) <= 0.03 && Number(metadata.validation_ece_first200) <= 0.05, JSON.stringify(metadata));
      const mixed = model.predict('The photography is gorgeous and the lead is brilliant, but the plot was boring and the ending felt lazy.');
      assert.ok(mixed.probabilities[mixed.label] < 0.8, JSON.stringify(mixed.probabilities));
    } finally {
      model.dispose();
    }
  });
});
