// Integers with thousands separators (web/format.js, for the widget and the CLI): fmtInt() writes them as
// toLocaleString('en-US') does, without loading ICU's locale data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtFileSize, fmtInt } from '../../web/format.js';

test('fmtInt() writes every integer as toLocaleString(\'en-US\') does', () => {
  const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 12500, 99999, 100000, 350000, 999999, 1000000,
    2576326, 5166413, 123456789, 2 ** 32, Number.MAX_SAFE_INTEGER];
  for (let n = 1; n < 2e15; n = n * 7 + 3) samples.push(n);
  for (const n of samples) {
    assert.equal(fmtInt(n), n.toLocaleString('en-US'), String(n));
    assert.equal(fmtInt(-n), (-n).toLocaleString('en-US'), String(-n));
  }
  assert.equal(fmtInt(25000), '25,000');
});

test('fmtInt() of a non-integer is toLocaleString(\'en-US\')\'s', () => {
  for (const n of [1.5, 12345.678, 1e21, -0.25]) assert.equal(fmtInt(n), n.toLocaleString('en-US'), String(n));
});

test('fmtFileSize() is in decimal units, as the README gives the shipped models\' sizes', () => {
  assert.equal(fmtFileSize(3_709_092), '3.7 MB'); // models/imdb-sentiment.nbm, "3.7 MB" in the README
  assert.equal(fmtFileSize(317_000), '317 kB');
  assert.equal(fmtFileSize(999_499), '999 kB');
  assert.equal(fmtFileSize(1_000_000), '1.0 MB');
  assert.equal(fmtFileSize(10), '1 kB');
});
