// The eval report's tables line up in a terminal whatever the labels' script:
// a label's width is the columns it takes (two for a CJK character or an emoji,
// none for a combining accent), not its length in UTF-16 units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, confusionTable, ConfusionCounter } from '../../bin/lib/metrics.js';
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

test('confusion table: every column of counts lines up under its label', () => {
  const rows = confusionTable(metrics().confusion).trimEnd().split('\n');
  const ends = new Set(rows.map(columns));
  assert.equal(ends.size, 1, `rows end at columns ${[...ends].join(', ')}:\n${rows.join('\n')}`);
});
