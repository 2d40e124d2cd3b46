// The eval report's tables line up in a terminal whatever the labels' script:
// a label's width is the columns it takes (two for a CJK character or an emoji,
// none for a combining accent), not its length in UTF-16 units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, confusionTable, ConfusionCounter } from '../../bin/lib/metrics.js';
import { parseConfusion } from '../../web/model-metadata.js';
import { C } from '../../web/c-constants.js';
import { columns } from '../../bin/lib/format.js';

const LABELS = ['negative', '中文', 'e\u0301te\u0301', '😀', '한국어 리뷰'];

function metrics() {
  const counter = new ConfusionCounter(LABELS);
  LABELS.forEach((label, i) => {
    for (let j = 0; j < 3 + i; j++) counter.add(label, LABELS[(i + (j % 2)) % LABELS.length]);
  });
  return counter.report();
}

test('columns: two for wide characters and emoji, none for combining marks and joiners', () => {
  assert.equal(columns('abc'), 3);
  assert.equal(columns('中文'), 4);
  assert.equal(columns('e\u0301'), 1);
  assert.equal(columns('😀'), 2);
  assert.equal(columns('한국어 리뷰'), 11);
  assert.equal(columns('ｆｕｌｌ'), 8);
  assert.equal(columns('a\u200Db'), 2);
});

test('classification report: every row ends at the same column', () => {
  const rows = classificationReport(metrics()).split('\n').filter((line) => line.trim());
  const ends = new Set(rows.map(columns));
  assert.equal(ends.size, 1, `rows end at columns ${[...ends].join(', ')}:\n${rows.join('\n')}`);
  for (const label of LABELS) assert.ok(rows.some((row) => row.trimStart().startsWith(`${label}  `)), label);
});

test('confusion metadata of a hostile model: no matrix of more labels than a model has classes; big tables do not overflow', () => {
  const object = (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, { [`k${i}`]: i }])));
  assert.equal(parseConfusion(object(3)).labels.length, 3);
  assert.equal(parseConfusion(object(C.NB_MAX_CLASSES)).labels.length, C.NB_MAX_CLASSES);
  assert.equal(parseConfusion(object(C.NB_MAX_CLASSES + 1)), null);
  assert.equal(parseConfusion(JSON.stringify({ labels: Array.from({ length: C.NB_MAX_CLASSES + 1 }, String), matrix: [] })), null);
  const big = parseConfusion(object(1000)); // a million cells: once Math.max(...cells), past the call stack
  assert.equal(confusionTable(big).split('\n').length, 1002);
});

test('confusion table: every column of counts lines up under its label', () => {
  const rows = confusionTable(metrics().confusion).trimEnd().split('\n');
  const ends = new Set(rows.map(columns));
  assert.equal(ends.size, 1, `rows end at columns ${[...ends].join(', ')}:\n${rows.join('\n')}`);
});

test('macro average: over the classes in the data or the predictions, as scikit-learn\'s; a class in neither adds no zeros', () => {
  const counter = new ConfusionCounter(['a', 'b', 'c']); // the model's classes; 'c' is neither in the data nor predicted
  counter.add('a', 'a');
  counter.add('a', 'b');
  counter.add('b', 'b');
  const { classes, macro } = counter.report();
  assert.deepEqual(classes.c, { precision: 0, recall: 0, f1: 0, support: 0 }); // still listed
  assert.equal(macro.precision, (1 + 0.5) / 2);
  assert.equal(macro.recall, (0.5 + 1) / 2);
  assert.equal(macro.f1, (2 / 3 + 2 / 3) / 2);
  // a class in the data but never predicted, or predicted but not in the data, counts
  const missed = new ConfusionCounter(['a', 'b', 'c']);
  missed.add('a', 'a');
  missed.add('c', 'a');
  assert.equal(missed.report().macro.recall, (1 + 0) / 2);
});
