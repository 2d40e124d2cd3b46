// The CLI with the linear kinds and calibration: train --kind nblr (counts, then
// one pass over the file per epoch) and --kind complement, --calibrate on held-out
// rows, what info, predict and eval show of them, and the flags' usage errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, NaiveBayes } from '../../web/index.js';
import { fixtureRows } from './nb-fixtures.js';
import { expectOneLineFailure, runCli as cli, skipWithoutWasm as skip } from './cli-run.js';

let dir;
const ROWS = fixtureRows(400, 23);
const LR_FLAGS = ['--kind', 'nblr', '--ngrams', '1-2', '--l2', '2', '--epochs', '3', '--nb-mix', '0.1', '--pieces', '1', '--seed', '9'];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-nblr-'));
  writeFileSync(join(dir, 'rows.tsv'), `review\tsentiment\n${ROWS.map((r) => `${r.text}\t${r.label}\n`).join('')}`);
  await init();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('train --kind nblr: the model of the JS API, shown by info, used by predict and eval', { skip }, async () => {
  const out = join(dir, 'lr.nbm');
  const r = await cli(['train', join(dir, 'rows.tsv'), '-o', out, ...LR_FLAGS, '--jobs', '2']);
  assert.equal(r.code, 0, r.stderr);
  const model = NaiveBayes.load(readFileSync(out));
  const js = await NaiveBayes.train(ROWS.map((x) => x.text), ROWS.map((x) => x.label),
    { ngrams: [1, 2], binary: true, kind: 'nblr', l2: 2, epochs: 3, nbMix: 0.1, pieces: 1, seed: 9 });
  try {
    assert.equal(model.info().kind, 'nblr');
    for (const { text } of ROWS.slice(0, 50)) assert.deepEqual(model.predict(text), js.predict(text));
    assert.deepEqual(JSON.parse(model.info().metadata.options),
      { ngrams: [1, 2], alpha: 1, binary: true, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16,
        charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false, kind: 'nblr', l2: 2, epochs: 3, nbMix: 0.1, seed: 9, pieces: 1 });
  } finally {
    model.dispose();
    js.dispose();
  }
  const info = await cli(['info', out]);
  assert.match(info.stdout, /^kind {8}NB-weighted logistic regression: L2 2 \(C 0\.5\), 3 epochs, NB mix 0\.1, 1 sentence piece per document, seed 9$/m);
  assert.match(info.stdout, /^calibration none$/m);
  const json = JSON.parse((await cli(['info', out, '--json'])).stdout);
  assert.equal(json.kind, 'nblr');
  assert.equal(json.calibration, null);
  const predicted = await cli(['predict', out, '--json'], { input: `${ROWS[0].text}\n` });
  assert.deepEqual(Object.keys(JSON.parse(predicted.stdout)), ['label', 'probability', 'probabilities', 'evidence']); // as for NB
  const evaluated = await cli(['eval', out, join(dir, 'rows.tsv')]);
  assert.match(evaluated.stdout, /^ {9}ece {25}\d\.\d{4}$/m);
});

test('--calibrate holds out every 10th row, fits on it and stores the ECE; info shows both', { skip }, async () => {
  const out = join(dir, 'cal.nbm');
  const r = await cli(['train', join(dir, 'rows.tsv'), '-o', out, '--ngrams', '2', '--calibrate', 'length']);
  assert.equal(r.code, 0, r.stderr);
  const model = NaiveBayes.load(readFileSync(out));
  try {
    const { calibration, metadata, classes } = model.info();
    assert.ok(calibration && calibration.b !== 0);
    assert.equal(classes.reduce((n, c) => n + c.documents, 0), ROWS.length - ROWS.length / 10);
    assert.equal(JSON.parse(metadata.reliability).length, 10);
    assert.ok(Number(metadata.validation_ece) <= Number(metadata.validation_ece_uncalibrated));
    const info = (await cli(['info', out])).stdout;
    assert.match(info, new RegExp(`^calibration scale exp\\(.+\\) × \\(1 \\+ evidence\\)\\^.+; ECE ${metadata.validation_ece} \\(uncalibrated ${metadata.validation_ece_uncalibrated}\\)$`, 'm'));
  } finally {
    model.dispose();
  }
  const temperature = join(dir, 'temperature.nbm');
  assert.equal((await cli(['train', join(dir, 'rows.tsv'), '-o', temperature, '--kind', 'complement', '--calibrate', 'temperature'])).code, 0);
  const info = (await cli(['info', temperature])).stdout;
  assert.match(info, /^kind {8}Complement Naive Bayes$/m);
  assert.match(info, /^calibration temperature [\d.]+; ECE /m);
});

test('--calibrate on fewer than 10 rows, which hold none out: one line naming the file, exit 1', { skip }, async () => {
  const nine = join(dir, 'nine.tsv');
  writeFileSync(nine, `review\tsentiment\n${ROWS.slice(0, 9).map((r) => `${r.text}\t${r.label}\n`).join('')}`);
  for (const extra of [['--calibrate', 'length'], ['--calibrate', 'temperature', ...LR_FLAGS]]) {
    const r = await cli(['train', nine, '-o', join(dir, 'never.nbm'), ...extra]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `palette-sentiment: ${nine}: --calibrate holds out every 10th row, and 9 rows give none; at least 10 are needed\n`);
  }
  assert.equal(existsSync(join(dir, 'never.nbm')), false);
});

test('--kind nblr --calibrate past 100,000 rows: the epochs learn from every row the counts took, as without the rows held out', { skip }, async () => {
  // Every 10th row is held out up to 10,000 of them, so every 10th row past row 100,000 is trained on. Those rows
  // alone hold "zzz"; the rest of the file gives noisy "good"/"bad" labels, so the regression has something to learn.
  const rows = [];
  let state = 3;
  const random = () => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31; };
  for (let i = 0; i < 100_000; i++) {
    const label = Math.floor(i / 10) % 2 === 0 ? 1 : 0;
    rows.push({ text: `${(label === 1) !== (random() < 0.2) ? 'good' : 'bad'} film`, label });
  }
  for (let i = 100_000; i < 100_200; i++) {
    rows.push(i % 10 === 9 ? { text: 'zzz good', label: 1 } : i % 20 < 10 ? { text: 'yyy good', label: 1 } : { text: 'bad film', label: 0 });
  }
  const tsv = (list) => `review\tsentiment\n${list.map((r) => `${r.text}\t${r.label}\n`).join('')}`;
  const all = join(dir, 'long.tsv');
  const trainedOn = join(dir, 'long-trained-on.tsv');
  writeFileSync(all, tsv(rows));
  writeFileSync(trainedOn, tsv(rows.filter((_, i) => !(i % 10 === 9 && i < 100_000))));
  const flags = ['--kind', 'nblr', '--epochs', '1'];
  const [calibrated, plain] = [join(dir, 'long-cal.nbm'), join(dir, 'long-plain.nbm')];
  const runs = await Promise.all([
    cli(['train', all, '-o', calibrated, ...flags, '--calibrate', 'temperature']),
    cli(['train', trainedOn, '-o', plain, ...flags]),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const [a, b] = [NaiveBayes.load(readFileSync(calibrated)), NaiveBayes.load(readFileSync(plain))];
  try {
    assert.ok(a.topTokens('1', 5).some(({ token, weight }) => token === 'zzz' && weight > 0.5), JSON.stringify(a.topTokens('1', 5)));
    a.calibration = null;
    for (const label of ['0', '1']) assert.deepEqual(a.topTokens(label, 5), b.topTokens(label, 5));
    for (const text of ['zzz', 'yyy', 'good film', 'bad film', 'zzz bad']) assert.deepEqual(a.predict(text), b.predict(text));
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('--calibrate on held-out rows with no token the model knows: one line naming the file, exit 1, no model', { skip }, async () => {
  const rows = ROWS.slice(0, 20).map((r, i) => (i % 10 === 9 ? { ...r, text: `unheardof${i}` } : r)); // rows 10 and 20 are held out
  const file = join(dir, 'unknown-held-out.tsv');
  writeFileSync(file, `review\tsentiment\n${rows.map((r) => `${r.text}\t${r.label}\n`).join('')}`);
  for (const [how, texts] of [['temperature', 2], ['length', 4]]) { // length: each row, its first 200 characters and a sentence
    const r = await cli(['train', file, '-o', join(dir, 'never.nbm'), '--calibrate', how]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `palette-sentiment: ${file}: --calibrate, on the rows held out: none of the ${texts} texts has a token the model knows, so they cannot tell how far to trust it\n`);
  }
  assert.equal(existsSync(join(dir, 'never.nbm')), false);
});

async function fails(args, pattern, options) {
  const r = await cli(args, options);
  assert.equal(r.code, 2, `exit code of ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr.split('\n')[0], pattern);
  assert.match(r.stderr, /Try 'palette-sentiment train --help'/);
}

test('usage errors of the kind flags: exit 2, before any work', { skip }, async () => {
  const rows = join(dir, 'rows.tsv');
  const out = join(dir, 'never.nbm');
  await fails(['train', rows, '-o', out, '--kind', 'svm'], /--kind must be 'nb' or 'nblr' or 'complement', got 'svm'/);
  await fails(['train', rows, '-o', out, '--l2', '3'], /--l2 is an option of --kind nblr/);
  await fails(['train', rows, '-o', out, '--kind', 'nblr', '--epochs', '0'], /--epochs/);
  await fails(['train', rows, '-o', out, '--kind', 'nblr', '--nb-mix', '2'], /--nb-mix must be a number from 0 to 1/);
  await fails(['train', rows, '-o', out, '--kind', 'nblr', '--l2', '0x10'], /--l2 must be a number from .* got '0x10'/);
  await fails(['train', rows, '-o', out, '--calibrate', 'platt'], /--calibrate/);
  await fails(['train', '-', '-o', out, '--kind', 'nblr'], /once per epoch: give a file/, { input: 'review\tsentiment\n' });
  await fails(['train', rows, '-o', join(dir, 'c.nbc'), '--partial', '--kind', 'nblr'], /--partial writes counts, which every kind shares: give --kind nblr to finish/);
  await fails(['train', rows, '-o', join(dir, 'c.nbc'), '--partial', '--kind', 'complement'], /give --kind complement to finish/);
  await fails(['train', rows, '-o', join(dir, 'c.nbc'), '--partial', '--calibrate', 'temperature'], /--calibrate holds rows out of training, so it cannot take --partial/);
});

test('counts made apart: train --partial, then finish --kind nblr --data gives train --kind nblr\'s model', { skip }, async () => {
  const rows = join(dir, 'rows.tsv');
  const counts = join(dir, 'rows.nbc');
  const direct = join(dir, 'direct.nbm');
  const finished = join(dir, 'finished.nbm');
  const flags = ['--l2', '2', '--epochs', '3', '--nb-mix', '0.1', '--pieces', '1', '--seed', '9'];
  assert.equal((await cli(['train', rows, '--partial', '-o', counts, '--ngrams', '1-2', '--binary', '--memory', '1M'])).code, 0);
  const r = await cli(['finish', counts, '-o', finished, '--kind', 'nblr', '--data', rows, ...flags]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await cli(['train', rows, '-o', direct, '--kind', 'nblr', '--ngrams', '1-2', ...flags])).code, 0);
  const [a, b] = [direct, finished].map((file) => NaiveBayes.load(readFileSync(file)));
  try {
    assert.equal(b.info().kind, 'nblr');
    for (const { text } of ROWS) assert.deepEqual(b.predict(text), a.predict(text));
    for (const label of a.labels) assert.deepEqual(b.topTokens(label, 50), a.topTokens(label, 50));
  } finally {
    a.dispose();
    b.dispose();
  }
  const usage = await cli(['finish', counts, '-o', finished, '--kind', 'nblr']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--kind nblr and --data FILE go together/);
  // Counts of every occurrence would give other ratios than train --kind nblr's: refused, no model written.
  const occurrences = join(dir, 'occurrences.nbc');
  const refused = join(dir, 'refused.nbm');
  assert.equal((await cli(['train', rows, '--partial', '-o', occurrences, '--ngrams', '1-2'])).code, 0);
  const r2 = await cli(['finish', occurrences, '-o', refused, '--kind', 'nblr', '--data', rows, ...flags]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /occurrences\.nbc: counted without --binary, but --kind nblr learns from presences.*train --partial --binary/);
  assert.equal(existsSync(refused), false);
});

test('finish --kind nblr: a --data file that cannot be read or does not fit is one line naming it, exit 1', { skip }, async () => {
  const counts = join(dir, 'named.nbc');
  const out = join(dir, 'never.nbm');
  assert.equal((await cli(['train', join(dir, 'rows.tsv'), '--partial', '--binary', '-o', counts])).code, 0);
  const rows = ROWS.slice(0, 2).map((r) => `${r.text}\t${r.label}\n`).join(''); // rows 2 and 3
  const write = (name, text) => { writeFileSync(join(dir, name), text); return join(dir, name); };
  const cases = [
    [join(dir, 'missing.tsv'), 'no such file'],
    [dir, 'is a directory'],
    [write('no-column.tsv', `text\tsentiment\n${rows}`), "no column 'review' in the header"],
    [write('short-row.tsv', `review\tsentiment\n${rows}bad\n`), 'row 4 has 1 field\\(s\\)'],
    [write('empty-label.tsv', `review\tsentiment\n${rows}bad\t\n`), "row 4 has an empty 'sentiment' label"],
    // the counts' own documents, checked on the first pass: a label they do not have, or other numbers of documents
    [write('unknown-label.tsv', `review\tsentiment\n${rows}bad\tmaybe\n`),
      "row 4 has the label 'maybe', which the counts do not have \\([^)]+\\): --data must be the file the counts were made of\n$"],
    [write('fewer.tsv', `review\tsentiment\n${rows}`),
      `holds 2 documents, [^;]+; the counts ${ROWS.length}, [^:]+: --data must be the file the counts were made of\n$`],
  ];
  for (const [data, reason] of cases) {
    await expectOneLineFailure(['finish', counts, '-o', out, '--kind', 'nblr', '--data', data],
      new RegExp(`^palette-sentiment: ${data.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${reason}`));
  }
  assert.equal(existsSync(out), false);
});

test('predict: an empty line gives the class priors, for every kind, calibrated or not, as --help and the README say', { skip }, async () => {
  const help = (await cli(['predict', '--help'])).stdout.replace(/\s+/g, ' ');
  assert.match(help, /an empty line, or one with no token the model knows, gives the class priors, each class's share of the training documents \(evidence 0\), for every kind of model, calibrated or not/);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.match(readme, /An empty line, or one with no known word, gives the class priors/);
  // two classes, one twice as frequent: the prior and the base scores of the linear kinds disagree
  const two = join(dir, 'two-classes.tsv');
  const rows = ROWS.filter((r) => r.label !== '😐').filter((r, i) => r.label === 'pos' || i % 2 === 0);
  writeFileSync(two, `review\tsentiment\n${rows.map((r) => `${r.text}\t${r.label}\n`).join('')}`);
  for (const [kind, extra] of [['nb', []], ['complement', []], ['nblr', []], ['nblr', ['--calibrate', 'length']]]) {
    const model = join(dir, `empty-${kind}.nbm`);
    assert.equal((await cli(['train', two, '-o', model, '--kind', kind, ...extra])).code, 0, kind);
    const { classes } = JSON.parse((await cli(['info', model, '--json'])).stdout);
    if (kind !== 'nb') assert.ok(classes.some((c) => Math.abs(c.base - Math.log(c.prior)) > 0.01), `${kind}: its base scores are not the priors`);
    for (const input of ['\n', 'zzzz qqqq\n']) {
      const p = JSON.parse((await cli(['predict', model, '--json'], { input })).stdout);
      for (const c of classes) assert.ok(Math.abs(p.probabilities[c.label] - c.prior) < 1e-6, `${kind} ${extra} ${c.label}`);
      assert.equal(p.label, classes.reduce((a, b) => (b.prior > a.prior ? b : a)).label);
      assert.equal(p.evidence, 0);
    }
  }
});
