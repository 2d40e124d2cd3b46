// The Naive Bayes commands (train, predict, eval, info) run as child processes
// against the built .wasm, on small hand-made TSV/CSV fixtures whose tokens each
// belong to one class, so every prediction and every metric is known in advance.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { shuffledIndices, splitRows, splitmix64 } from '../../bench/split.mjs';
import { SHIPPED_OPTIONS, SHIPPED_TRAINING } from '../../scripts/model-options.mjs';
import { expectModelKept, expectOneLineFailure as fails, runCli as cli, skipWithoutWasm as skip, TWO_TSV } from './cli-run.js';

const SHIPPED = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));

// TWO_TSV (cli-run.js): two classes, four tokens, each token in one class only;
// its probabilities are worked out there.

// Three classes, CSV with a header in another order, quoted fields (commas, doubled
// quotes, a newline inside quotes), CRLF line ends and empty lines.
const THREE_CSV = [
  'label,id,text',
  'sports,1,"goal, match"',
  'sports,2,"the ""goal"" keeper"',
  '',
  'cooking,3,"oven\nrecipe"',
  'cooking,4,recipe',
  'music,5,"guitar, song"',
  '',
  'music,6,song',
  '',
].join('\r\n');

let dir;
const f = {};



async function usageFails(args, pattern) {
  const r = await cli(args);
  assert.equal(r.code, 2, `exit code of ${args.join(' ')}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.match(r.stderr, /Try 'palette-sentiment \w+ --help'/);
}

const close = (actual, expected, eps = 1e-6) => assert.ok(Math.abs(actual - expected) <= eps, `${actual} ≉ ${expected}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ps-cli-nb-'));
  const write = (name, data) => { f[name] = join(dir, name); writeFileSync(f[name], data); return f[name]; };
  write('two.tsv', TWO_TSV);
  write('two.tsv.gz', gzipSync(TWO_TSV));
  write('three.csv', THREE_CSV);
  write('one-class.tsv', 'review\tsentiment\ngood\tpos\nfun\tpos\n');
  write('header-only.tsv', 'review\tsentiment\n');
  write('bad.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('definitely not deflate data')]));
  write('not-a-model.nbm', 'review\tsentiment\n');
  mkdirSync(join(dir, 'adir'));
  f.adir = join(dir, 'adir');
  f.model = join(dir, 'two.nbm');
  // 32-bit weights: probabilities exact up to float32 rounding of the log weights.
  const r = await cli(['train', f['two.tsv'], '-o', f.model, '--weight-bits', '32']);
  assert.equal(r.code, 0, r.stderr);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('palette-sentiment train, predict, eval, info', { concurrency: true }, () => {
test('train prints documents, classes with counts, vocabulary, time and size', { skip }, async () => {
  const out = join(dir, 'summary.nbm');
  const r = await cli(['train', f['two.tsv'], '-o', out, '--weight-bits', '32']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
  assert.match(r.stdout, /^documents\s+4$/m);
  assert.match(r.stdout, /^classes\s+2: neg \(2\), pos \(2\)$/m); // label order
  assert.match(r.stdout, /^vocabulary\s+4 tokens kept of 4 seen$/m);
  assert.match(r.stdout, /^time\s+\d+\.\d\d s/m);
  const size = readFileSync(out).length;
  assert.match(r.stdout, new RegExp(`^model\\s+.*summary\\.nbm: ${size.toLocaleString('en-US')} bytes`, 'm'));
});

test('predict gives the hand-computed probabilities, line for line', { skip }, async () => {
  // good: 3/7 vs 1/7 → 0.75; good fun: (3/7·2/7) vs (1/7·1/7) → 6/7; good dull dull (counts):
  // 3/7·(1/7)² vs 1/7·(2/7)² → neg 4/7; empty line and unknown words: the prior, 0.5, first class (neg, in label order).
  const r = await cli(['predict', f.model, '-'], { input: 'good\ngood fun\r\ngood dull dull\n\nzzz qqq\n' });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines, ['pos\t0.7500', 'pos\t0.8571', 'neg\t0.5714', 'neg\t0.5000', 'neg\t0.5000']);
});

test('predict reads standard input when no file is given, and a file', { skip }, async () => {
  const text = join(dir, 'texts.txt');
  writeFileSync(text, 'bad\nfun');
  assert.equal((await cli(['predict', f.model], { input: 'bad\nfun' })).stdout, 'neg\t0.7500\npos\t0.6667\n');
  assert.equal((await cli(['predict', f.model, text])).stdout, 'neg\t0.7500\npos\t0.6667\n');
});

test('predict ends lines at LF or CRLF only: a lone CR stays inside its line, a multi-byte character across chunks stays whole', { skip }, async () => {
  const alone = (await cli(['predict', f.model], { input: 'good fun\n\nbad dull\n' })).stdout.split('\n');
  const r = await cli(['predict', f.model], { input: 'good\rfun\r\n\nbad\rdull\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n'), alone);
  const long = join(dir, 'long-line.txt');
  writeFileSync(long, `${'x'.repeat((64 << 10) - 1)}é good\rfun\nbad`); // é straddles the first 64 KiB read
  const expected = (await cli(['predict', f.model, '--json'], { input: `${'x'.repeat((64 << 10) - 1)}é good fun\nbad\n` })).stdout;
  assert.equal((await cli(['predict', f.model, '--json', long])).stdout, expected);
});

test('predict: a byte-order mark that starts the input is not part of its first text', { skip }, async () => {
  // the shipped model's format-1 word rules take U+FEFF for a letter, so "\ufeffawful" would be an unknown word
  const file = join(dir, 'bom.txt');
  writeFileSync(file, '\ufeffawful\nawful\n');
  for (const r of [await cli(['predict', SHIPPED, '--json', file]), await cli(['predict', SHIPPED, '--json'], { input: readFileSync(file) })]) {
    assert.equal(r.code, 0, r.stderr);
    const [first, second] = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.ok(second.evidence > 0);
    assert.deepEqual(first, second);
  }
});

test('predict --json fields, with and without --explain', { skip }, async () => {
  const r = await cli(['predict', f.model, '--json'], { input: 'good dull dull\nzzz\n' });
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = r.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(Object.keys(a), ['label', 'probability', 'probabilities', 'evidence']);
  assert.equal(a.label, 'neg');
  close(a.probability, 4 / 7);
  close(a.probabilities.neg, 4 / 7);
  close(a.probabilities.pos, 3 / 7);
  assert.equal(a.evidence, 3);
  assert.equal(b.evidence, 0);
  close(b.probabilities.pos, 0.5);

  const e = JSON.parse((await cli(['predict', f.model, '--json', '--explain', '5'], { input: 'good dull dull\n' })).stdout);
  assert.equal(e.explanation.length, 2);
  // dull occurs twice: 2·log(2/7 ÷ 1/7) toward neg; good: log(3/7 ÷ 1/7) toward pos.
  assert.equal(e.explanation[0].token, 'dull');
  assert.equal(e.explanation[0].label, 'neg');
  close(e.explanation[0].weight, 2 * Math.log(2), 1e-5);
  assert.equal(e.explanation[1].token, 'good');
  assert.equal(e.explanation[1].label, 'pos');
  close(e.explanation[1].weight, Math.log(3), 1e-5);
});

test('predict --explain adds a token:±weight column (+ toward the predicted label)', { skip }, async () => {
  const r = await cli(['predict', f.model, '--explain'], { input: 'good dull dull\ngood fun\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'neg\t0.5714\tdull:+1.386,good:-1.099\npos\t0.8571\tgood:+1.099,fun:+0.693\n');
  assert.equal((await cli(['predict', f.model, '--explain=1'], { input: 'good fun\n' })).stdout, 'pos\t0.8571\tgood:+1.099\n');
});

test('predict streams a 100,000-line file', { skip }, async () => {
  const big = join(dir, 'big.txt');
  const lines = [];
  for (let i = 0; i < 100_000; i++) lines.push(i % 4 === 0 ? 'bad dull' : 'good fun');
  writeFileSync(big, `${lines.join('\n')}\n`);
  const r = await cli(['predict', f.model, big]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.split('\n');
  assert.equal(out.pop(), '');
  assert.equal(out.length, 100_000);
  assert.equal(out.filter((line) => line.startsWith('neg\t')).length, 25_000);
  assert.equal(out[4], 'neg\t0.8571');
  assert.equal(out[5], 'pos\t0.8571');
});

// Eval fixture: predictions are certain (each text holds tokens of one class only).
// true pos: 3 × "good fun" (→ pos) + 1 × "bad" (→ neg); true neg: 2 × "bad dull" (→ neg)
// + 1 × "good" (→ pos); true "meh" (unknown to the model): 1 × "fun" (→ pos).
const EVAL_TSV = 'sentiment\treview\npos\tgood fun\npos\tgood fun\npos\tgood fun\npos\tbad\nneg\tbad dull\nneg\tbad dull\nneg\tgood\nmeh\tfun\n';
const EXPECTED = {
  n: 8,
  accuracy: 5 / 8,
  classes: { // the model's classes in label order, then labels it does not know
    neg: { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
    pos: { precision: 3 / 5, recall: 3 / 4, f1: (2 * 0.6 * 0.75) / 1.35, support: 4 },
    meh: { precision: 0, recall: 0, f1: 0, support: 1 },
  },
  confusion: { labels: ['neg', 'pos', 'meh'], matrix: [[2, 1, 0], [1, 3, 0], [0, 1, 0]] },
  // top-class probabilities (cli-run.js): "fun" 2/3, wrong; "bad" and "good" 3/4 (a bin edge: 32-bit weights put
  // it either side), wrong twice; "good fun" and "bad dull" 6/7, right 5 times. The other 7 bins are empty.
  reliability: [[2 / 3, 0, 1], [3 / 4, 0, 2], [6 / 7, 1, 5]],
  ece: (5 / 8) * (1 - 6 / 7) + (2 / 8) * (3 / 4) + (1 / 8) * (2 / 3),
};

test('eval --json: hand-computed accuracy, precision, recall, F1, confusion; unknown labels are errors', { skip }, async () => {
  const data = join(dir, 'eval.tsv');
  writeFileSync(data, EVAL_TSV);
  const r = await cli(['eval', f.model, data, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(got), ['n', 'accuracy', 'ece', 'classes', 'confusion', 'reliability']);
  assert.equal(got.n, EXPECTED.n);
  close(got.accuracy, EXPECTED.accuracy, 1e-12);
  close(got.ece, EXPECTED.ece, 1e-6); // the model's weights are 32-bit floats
  assert.equal(got.reliability.length, 10);
  assert.deepEqual(got.reliability.filter(([, , count]) => count === 0), Array(7).fill([null, null, 0]));
  got.reliability.filter(([, , count]) => count > 0).forEach(([predicted, observed, count], i) => {
    const [p, o, c] = EXPECTED.reliability[i];
    assert.equal(count, c);
    close(predicted, p, 1e-6);
    close(observed, o, 1e-12);
  });
  assert.deepEqual(Object.keys(got.classes), Object.keys(EXPECTED.classes));
  for (const [label, want] of Object.entries(EXPECTED.classes)) {
    for (const key of ['precision', 'recall', 'f1']) close(got.classes[label][key], want[key], 1e-12);
    assert.equal(got.classes[label].support, want.support);
  }
  assert.deepEqual(got.confusion, EXPECTED.confusion);
});

test('eval prints a scikit-learn style report and the confusion matrix', { skip }, async () => {
  const data = join(dir, 'eval-text.tsv');
  writeFileSync(data, EVAL_TSV);
  const r = await cli(['eval', f.model, data]);
  assert.equal(r.code, 0, r.stderr);
  const macroP = (0.6 + 2 / 3 + 0) / 3;
  const macroR = (0.75 + 2 / 3 + 0) / 3;
  const macroF = (EXPECTED.classes.pos.f1 + 2 / 3 + 0) / 3;
  const weightedP = (0.6 * 4 + (2 / 3) * 3) / 8;
  const weightedR = (0.75 * 4 + (2 / 3) * 3) / 8;
  const weightedF = (EXPECTED.classes.pos.f1 * 4 + (2 / 3) * 3) / 8;
  const n4 = (x) => x.toFixed(4).padStart(9);
  const expected = [
    `${''.padStart(12)}  ${['precision', 'recall', 'f1-score', 'support'].map((h) => h.padStart(9)).join(' ')}`,
    '',
    `${'neg'.padStart(12)}  ${n4(2 / 3)} ${n4(2 / 3)} ${n4(2 / 3)} ${'3'.padStart(9)}`,
    `${'pos'.padStart(12)}  ${n4(0.6)} ${n4(0.75)} ${n4(EXPECTED.classes.pos.f1)} ${'4'.padStart(9)}`,
    `${'meh'.padStart(12)}  ${n4(0)} ${n4(0)} ${n4(0)} ${'1'.padStart(9)}`,
    '',
    `${'accuracy'.padStart(12)}  ${''.padStart(9)} ${''.padStart(9)} ${n4(0.625)} ${'8'.padStart(9)}`,
    `${'ece'.padStart(12)}  ${''.padStart(9)} ${''.padStart(9)} ${n4(EXPECTED.ece)}`,
    `${'macro avg'.padStart(12)}  ${n4(macroP)} ${n4(macroR)} ${n4(macroF)} ${'8'.padStart(9)}`,
    `${'weighted avg'.padStart(12)}  ${n4(weightedP)} ${n4(weightedR)} ${n4(weightedF)} ${'8'.padStart(9)}`,
    '',
    'confusion matrix (rows: true label, columns: predicted label)',
    'true \\ predicted   neg   pos   meh',
    'neg                  2     1     0',
    'pos                  1     3     0',
    'meh                  0     1     0',
    '',
  ].join('\n');
  assert.equal(r.stdout, expected);
});

test('three classes from CSV with quoted fields, CRLF and empty lines', { skip }, async () => {
  const model = join(dir, 'three.nbm');
  const r = await cli(['train', f['three.csv'], '-o', model, '--text', 'text', '--label', 'label']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^classes\s+3: cooking \(2\), music \(2\), sports \(2\)$/m);
  // goal, match, the, keeper, oven, recipe, guitar, song
  assert.match(r.stdout, /^vocabulary\s+8 tokens kept of 8 seen$/m);
  const p = await cli(['predict', model], { input: 'what a goal\nan oven\nplay that guitar song\n' });
  assert.deepEqual(p.stdout.trim().split('\n').map((line) => line.split('\t')[0]), ['sports', 'cooking', 'music']);
  const e = JSON.parse((await cli(['eval', model, f['three.csv'], '--text', 'text', '--label', 'label', '--json'])).stdout);
  assert.equal(e.n, 6);
  assert.equal(e.accuracy, 1);
  assert.deepEqual(e.confusion, { labels: ['cooking', 'music', 'sports'], matrix: [[2, 0, 0], [0, 2, 0], [0, 0, 2]] });
  const info = JSON.parse((await cli(['info', model, '--json'])).stdout);
  assert.deepEqual(info.classes.map((c) => [c.label, c.documents]), [['cooking', 2], ['music', 2], ['sports', 2]]);
  assert.equal(info.vocabularySize, 8);
});

test('labels with line breaks, tabs or integer-like bytes: one line per input, tables in the model\'s order', { skip }, async () => {
  const data = join(dir, 'odd-labels.csv');
  writeFileSync(data, 'review,sentiment\ngood great,"line\none"\nbad awful,"tab\there"\nfine ok,10\nmeh so,9\n');
  const model = join(dir, 'odd-labels.nbm');
  const r = await cli(['train', data, '-o', model]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^classes\s+4: 10 \(1\), 9 \(1\), line\\none \(1\), tab\\there \(1\)$/m);
  const p = await cli(['predict', model], { input: 'good\nbad\nfine\n' });
  assert.deepEqual(p.stdout.split('\n').map((line) => line.split('\t')[0]), ['line\\none', 'tab\\there', '10', '']);
  const info = await cli(['info', model, '--top', '1']);
  assert.match(info.stdout, /^ {2}line\\none {2}1 documents/m);
  assert.deepEqual([...info.stdout.matchAll(/^top tokens for (.*?):/gm)].map((m) => m[1]), ['10', '9', 'line\\none', 'tab\\there']);
  const e = await cli(['eval', model, data]);
  const rows = e.stdout.split('\n\n')[1].split('\n').map((line) => line.trim().split(/\s+/)[0]);
  assert.deepEqual(rows, ['10', '9', 'line\\none', 'tab\\there']);
  assert.match(e.stdout, /^line\\none +0 +0 +1 +0$/m);
});

test('a label or metadata key named like an object\'s own machinery (__proto__, constructor) is kept everywhere', { skip }, async () => {
  const data = join(dir, 'proto-labels.tsv');
  writeFileSync(data, 'sentiment\treview\n__proto__\tred apple\n__proto__\tcherry red\nconstructor\tblue sky\nconstructor\tocean blue\n');
  const model = join(dir, 'proto-labels.nbm');
  const r = await cli(['train', data, '-o', model, '--meta', '__proto__=hello', '--meta', 'constructor=there']);
  assert.equal(r.code, 0, r.stderr);
  const e = JSON.parse((await cli(['eval', model, data, '--json'])).stdout);
  assert.deepEqual(Object.keys(e.classes), ['__proto__', 'constructor']);
  assert.deepEqual(e.classes.__proto__, { precision: 1, recall: 1, f1: 1, support: 2 }); // eslint-disable-line no-proto
  const { metadata } = JSON.parse((await cli(['info', model, '--json'])).stdout);
  assert.equal(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value, 'hello');
  assert.equal(Object.hasOwn(metadata, 'constructor') && metadata.constructor, 'there');
});

test('a hostile model\'s labels, metadata and confusion matrix: escaped on the terminal, no table of 30 classes', { skip }, async () => {
  const ESC = '\x1b';
  const data = join(dir, 'escapes.tsv');
  writeFileSync(data, `review\tsentiment\ngood great\tpos${ESC}]0;owned${ESC}\\\nbad awful\tneg\n`);
  const model = join(dir, 'escapes.nbm');
  const labels30 = Array.from({ length: 30 }, (_, i) => `c${i}`);
  const confusion = JSON.stringify({ labels: labels30, matrix: labels30.map(() => labels30.map(() => 1)) });
  assert.equal((await cli(['train', data, '-o', model, '--meta', `note${ESC}[2J=clear${ESC}[31m`, '--meta', `confusion=${confusion}`])).code, 0);
  const info = await cli(['info', model, '--top', '1']);
  const p = await cli(['predict', model, '--explain', '2'], { input: 'good\n' });
  const e = await cli(['eval', model, data]);
  for (const out of [info.stdout, p.stdout, e.stdout]) {
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(out), JSON.stringify(out));
    assert.match(out, /pos\\x1b\]0;owned\\x1b\\/);
  }
  assert.match(info.stdout, /^ {2}note\\x1b\[2J {2,}clear\\x1b\[31m$/m);
  assert.match(info.stdout, /^ {2}confusion +\{"labels":\["c0"/m, 'shown as stored, not drawn');
});

test('gzip input and standard input train the same model as the plain file', { skip }, async () => {
  const plain = join(dir, 'p.nbm');
  const gz = join(dir, 'g.nbm');
  const stdin = join(dir, 's.nbm');
  const same = ['--meta', 'data=fixture', '--ngrams', '1-2', '--binary'];
  assert.equal((await cli(['train', f['two.tsv'], '-o', plain, ...same])).code, 0);
  assert.equal((await cli(['train', f['two.tsv.gz'], '-o', gz, ...same])).code, 0);
  assert.equal((await cli(['train', '-', '-o', stdin, ...same], { input: TWO_TSV })).code, 0);
  assert.deepEqual(readFileSync(gz), readFileSync(plain));
  assert.deepEqual(readFileSync(stdin), readFileSync(plain));
});

test('metadata: data, documents, options, --meta pairs; date only from --date or SOURCE_DATE_EPOCH', { skip }, async () => {
  const a = join(dir, 'meta-a.nbm');
  const b = join(dir, 'meta-b.nbm');
  assert.equal((await cli(['train', f['two.tsv'], '-o', a, '--alpha', '0.5', '--meta', 'owner=qa', '--meta', 'note=x=y'])).code, 0);
  let info = JSON.parse((await cli(['info', a, '--json'])).stdout);
  assert.equal(info.metadata.data, 'two.tsv');
  assert.equal(info.metadata.documents, '4');
  assert.equal(info.metadata.owner, 'qa');
  assert.equal(info.metadata.note, 'x=y');
  assert.equal(info.metadata.date, undefined, 'no wall-clock date by default');
  assert.deepEqual(JSON.parse(info.metadata.options), {
    ngrams: [1, 1], alpha: 0.5, binary: false, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16,
    charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false,
  });
  assert.equal(info.options.alpha, 0.5);
  // SOURCE_DATE_EPOCH makes builds reproducible: the same bytes twice.
  const env = { SOURCE_DATE_EPOCH: '1700000000' };
  assert.equal((await cli(['train', f['two.tsv'], '-o', a], { env })).code, 0);
  assert.equal((await cli(['train', f['two.tsv'], '-o', b], { env })).code, 0);
  assert.deepEqual(readFileSync(a), readFileSync(b));
  assert.equal(JSON.parse((await cli(['info', a, '--json'])).stdout).metadata.date, '2023-11-14T22:13:20Z');
  assert.equal((await cli(['train', f['two.tsv'], '-o', a, '--date', '2024-02-29'], { env })).code, 0);
  info = JSON.parse((await cli(['info', a, '--json'])).stdout);
  assert.equal(info.metadata.date, '2024-02-29');
  assert.equal((await cli(['train', f['two.tsv'], '-o', a, '--date', '2024-03-01T00:30:00+01:00'])).code, 0);
  assert.equal(JSON.parse((await cli(['info', a, '--json'])).stdout).metadata.date, '2024-02-29T23:30:00Z');
  const text = (await cli(['info', a])).stdout;
  assert.match(text, /^kind {8}multinomial Naive Bayes$/m);
  assert.match(text, /^classes\s+2$/m);
  assert.match(text, /^ {2}pos {2}2 documents, prior 0\.5000$/m);
});

test('train: the tokenizer flags are stored in the model, and info names them', { skip }, async () => {
  const out = join(dir, 'tokenizer.nbm');
  const cases = [
    [[], { charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false },
      'character 1–2-grams of Chinese, Japanese, Thai and other scripts without spaces, emoji and emoticons as tokens, Unicode case folding, accents kept'],
    [['--char-ngrams', '3', '--fold-accents'], { charNgrams: [1, 3], emoji: true, unicodeCase: true, foldAccents: true },
      'character 1–3-grams of Chinese, Japanese, Thai and other scripts without spaces, emoji and emoticons as tokens, Unicode case folding, accents folded'],
    [['--char-ngrams', 'off', '--no-emoji', '--no-unicode-case'], { charNgrams: false, emoji: false, unicodeCase: false, foldAccents: false },
      'runs of scripts without spaces as words, emoji ignored, basic lower-casing, accents kept'],
  ];
  for (const [flags, options, line] of cases) {
    assert.equal((await cli(['train', f['two.tsv'], '-o', out, ...flags])).code, 0);
    const info = JSON.parse((await cli(['info', out, '--json'])).stdout);
    const { charNgrams, emoji, unicodeCase, foldAccents } = info.options;
    assert.deepEqual({ charNgrams, emoji, unicodeCase, foldAccents }, options, flags.join(' '));
    assert.match((await cli(['info', out])).stdout, new RegExp(`^tokenizer {3}${line}$`, 'm'));
  }
});

test('--meta over the model\'s limits (key bytes, entries with the built-in ones): a usage error before any work', { skip }, async () => {
  const out = join(dir, 'never.nbm');
  const missing = join(dir, 'missing.nbc'); // never read: the flags are checked first
  const pairs = (n) => Array.from({ length: n }, (_, i) => ['--meta', `k${i}=v`]).flat();
  await Promise.all([
    usageFails(['train', f['two.tsv'], '-o', out, '--meta', `${'é'.repeat(512)}k=v`], /^palette-sentiment: --meta keys must be at most 1024 bytes of UTF-8, got 1025$/m),
    usageFails(['finish', missing, '-o', out, '--meta', `${'k'.repeat(1025)}=v`], /--meta keys must be at most 1024 bytes of UTF-8, got 1025/),
    usageFails(['train', f['two.tsv'], '-o', out, ...pairs(4094)],
      /^palette-sentiment: a model holds at most 4096 metadata entries: 4094 --meta keys and 3 built-in ones make 4097$/m),
    usageFails(['train', f['two.tsv'], '-o', out, ...pairs(4091), '--date', '2024-01-01', '--calibrate', 'length'],
      /4091 --meta keys and 7 built-in ones make 4098/),
    usageFails(['finish', missing, '-o', out, ...pairs(4094)], /4094 --meta keys and 3 built-in ones make 4097/),
  ]);
  assert.equal(existsSync(out), false);
  const most = await cli(['train', f['two.tsv'], '-o', out, '--meta', `${'é'.repeat(512)}=v`, ...pairs(4092), '--meta', 'data=replaced']);
  assert.equal(most.code, 0, most.stderr);
  assert.equal(Object.keys(JSON.parse((await cli(['info', out, '--json'])).stdout).metadata).length, 4096);
});

test('usage errors exit 2', { skip }, async () => {
  await Promise.all([
    usageFails(['train'], /no data file/),
    usageFails(['train', f['two.tsv']], /no output file/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--ngrams', '4'], /--ngrams/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--char-ngrams', '0-2'], /--char-ngrams must be N or MIN-MAX .*or off/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--ngrams', '3-1'], /--ngrams/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--weight-bits', '12'], /--weight-bits/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--alpha', '0'], /--alpha/),
    // decimal numbers only: Number() would read 0x10 as 16
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--alpha', '0x10'], /--alpha must be a number from 1e-9 to 1e6, got '0x10'/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--alpha', '0b1'], /--alpha must be a number/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--min-df', '0'], /--min-df/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--meta', 'novalue'], /--meta/),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--date', 'yesterday'], /--date/),
    ...['2023-02-31', '2023-04-31T10:00:00Z', '2023-02-29T23:00:00+01:00', '2023-13-01'].map((date) => usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--date', date],
      new RegExp(`--date must be YYYY-MM-DD or an ISO 8601 time, got '${date.replace('+', '\\+')}'`))),
    usageFails(['train', f['two.tsv'], '-o', 'x.nbm', '--frobnicate'], /unknown option --frobnicate/),
    usageFails(['predict'], /no model/),
    usageFails(['predict', f.model, 'a', 'b'], /one input file/),
    usageFails(['predict', f.model, '--explain=many'], /--explain/),
    usageFails(['predict', f.model, '--explain=1001'], /--explain/),
    usageFails(['eval', f.model], /no data file/),
    usageFails(['info'], /no model/),
  ]);
});

test('file and data errors: one line, exit 1', { skip }, async () => {
  const out = join(dir, 'never.nbm');
  await Promise.all([
    fails(['train', join(dir, 'missing.tsv'), '-o', out], /missing\.tsv: no such file/),
    fails(['train', f.adir, '-o', out], /adir: is a directory/),
    fails(['train', f['bad.gz'], '-o', out], /bad\.gz: corrupt gzip/),
    fails(['train', f['two.tsv'], '-o', out, '--label', 'stars'], /no column 'stars'/),
    fails(['train', f['one-class.tsv'], '-o', out], /one class only \('pos'\)/),
    fails(['train', f['header-only.tsv'], '-o', out], /no data rows/),
    fails(['train', f['two.tsv'], '-o', join(dir, 'no-such-dir', 'm.nbm')], /cannot write there/),
    fails(['train', f['two.tsv'], '-o', f.adir], /is a directory/),
    // a name ending in a slash is a directory's, even one that does not exist: no file 'new-dir' is made
    fails(['train', f['two.tsv'], '-o', `${join(dir, 'new-dir')}/`], /new-dir\/: is a directory\n/),
    fails(['train', f['two.tsv'], '--partial', '-o', `${join(dir, 'new-dir')}/`], /new-dir\/: is a directory\n/),
    fails(['predict', join(dir, 'missing.nbm')], /missing\.nbm: no such file/, { input: 'x\n' }),
    fails(['predict', f['not-a-model.nbm']], /not a palette-sentiment model file/, { input: 'x\n' }),
    fails(['predict', f.model, join(dir, 'missing.txt')], /missing\.txt: no such file/),
    fails(['eval', f.model, join(dir, 'missing.tsv')], /missing\.tsv: no such file/),
    fails(['eval', f.model, f['bad.gz']], /corrupt gzip/),
    fails(['eval', f.model, f['two.tsv'], '--text', 'body'], /no column 'body'/),
    fails(['info', f['not-a-model.nbm']], /not a palette-sentiment model file/),
  ]);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(join(dir, 'new-dir')), false);
});

test('a count file given for a model is named as one, with the command that makes its model', { skip }, async () => {
  const counts = join(dir, 'shard.nbc');
  assert.equal((await cli(['train', f['two.tsv'], '--partial', '-o', counts])).code, 0);
  const named = /shard\.nbc: a count file \(train --partial, merge\), not a model: make its model with 'palette-sentiment finish .*shard\.nbc -o MODEL\.nbm'/;
  await fails(['predict', counts], named, { input: 'x\n' });
  await fails(['eval', counts, f['two.tsv']], named);
  await fails(['info', counts], named);
});

test('a failed train leaves an existing model untouched and no temporary file', { skip }, async () => {
  await expectModelKept(dir, f['two.tsv'], async (out) => {
    await fails(['train', f['one-class.tsv'], '-o', out], /one class only/);
    await fails(['train', f['bad.gz'], '-o', out], /corrupt gzip/);
    await fails(['train', join(dir, 'missing.tsv'), '-o', out], /no such file/);
  });
});

test('bench/split.mjs: a seeded permutation, 80/20', async () => {
  const next = splitmix64(0);
  // Reference values of splitmix64 seeded with 0 (Vigna's splitmix64.c).
  assert.equal(next(), 0xE220A8397B1DCDAFn);
  assert.equal(next(), 0x6E789E6AA1B965F4n);
  const order = shuffledIndices(1000, 42);
  assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(shuffledIndices(1000, 42), order);
  assert.notDeepEqual(shuffledIndices(1000, 43), order);
  const rows = Array.from({ length: 25 }, (_, i) => i);
  const { train, validation } = splitRows(rows);
  assert.equal(train.length, 20);
  assert.equal(validation.length, 5);
  assert.deepEqual([...train, ...validation].sort((a, b) => a - b), rows);
});

test('the shipped model: options, validation figures in its metadata, a sensible prediction', {
  skip: skip || (existsSync(SHIPPED) ? false : `${SHIPPED} is missing; run 'make model'`),
}, async () => {
  const info = JSON.parse((await cli(['info', SHIPPED, '--json'])).stdout);
  assert.deepEqual(JSON.parse(info.metadata.options), { ...SHIPPED_OPTIONS, ngrams: [...SHIPPED_OPTIONS.ngrams] });
  // the tokenizer of format 1 (a 1.0 file), which the new defaults leave alone
  assert.deepEqual({ ...info.options, ngrams: [...info.options.ngrams] }, { ...SHIPPED_TRAINING, ngrams: [...SHIPPED_TRAINING.ngrams] });
  assert.ok(Number(info.metadata.validation_accuracy) >= 0.89, info.metadata.validation_accuracy);
  assert.equal(info.metadata.documents, '25000');
  const confusion = JSON.parse(info.metadata.confusion);
  assert.equal(confusion.matrix.flat().reduce((a, b) => a + b, 0), 5000);
  assert.ok(info.bytes <= 4_000_000);
  const r = await cli(['predict', SHIPPED], { input: 'A wonderful film, moving and beautifully acted.\nA dull, boring waste of time. Awful.\n' });
  assert.deepEqual(r.stdout.trim().split('\n').map((line) => line.split('\t')[0]), ['1', '0']);
});
});
