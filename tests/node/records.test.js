// readRecords (bin/lib/records.js) on files of several megabytes of rows with
// quoted fields, doubled quotes, newlines inside quotes, CRLF and empty lines,
// many of them across read and gunzip chunks: every record comes back as written.
// Also the bound on one field (and on one of predict's lines, bin/lib/lines.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readRecords } from '../../bin/lib/records.js';

const PIECES = ['word', 'é', '"', ',', '\n', '\r\n', ' ', 'x'.repeat(50), '\t', '""', '日本'];

function randomRows(seed, count) {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const text = () => Array.from({ length: Math.floor(random() * 60) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
  return Array.from({ length: count }, (_, i) => ({ label: `c${i % 3}`, text: text(), other: random() < 0.5 ? text() : 'plain', eol: random() < 0.5 ? '\r\n' : '\n', blank: random() < 0.05 }));
}

function fileOf(rows, csv) {
  const quote = (s) => `"${s.replaceAll('"', '""')}"`;
  const flat = (s) => s.replace(/[\t\r\n]/g, ' ');
  let body = csv ? 'label,text,other\r\n' : 'label\ttext\tother\n';
  for (const r of rows) {
    const fields = csv ? [r.label, quote(r.text), quote(r.other)] : [r.label, flat(r.text), flat(r.other)];
    body += fields.join(csv ? ',' : '\t') + r.eol + (r.blank ? r.eol : '');
  }
  return body;
}

test('several megabytes of CSV and TSV, plain and gzip: every record as written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-records-'));
  try {
    const rows = randomRows(7, 30_000);
    for (const csv of [true, false]) {
      const want = rows.map((r) => ({ text: csv ? r.text : r.text.replace(/[\t\r\n]/g, ' '), label: r.label }));
      const body = fileOf(rows, csv);
      for (const gz of [false, true]) {
        const file = path.join(dir, `rows.${csv ? 'csv' : 'tsv'}${gz ? '.gz' : ''}`);
        writeFileSync(file, gz ? gzipSync(body) : body);
        const got = [];
        for await (const batch of readRecords(file, { text: 'text', label: 'label' })) got.push(...batch);
        assert.equal(got.length, want.length, file);
        assert.deepEqual(got, want, file);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a field past 2^28 characters (a few hundred KB of gzip): one clear error, not a string-length crash', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'records-huge-'));
  try {
    const member = gzipSync(Buffer.alloc(1 << 20, 'a')); // 1 MiB of one letter; gzip members decode one after another
    const file = path.join(dir, 'huge.tsv.gz');
    writeFileSync(file, Buffer.concat([gzipSync('review\tsentiment\npos\t'), ...Array.from({ length: 257 }, () => member)]));
    await assert.rejects(async () => { for await (const batch of readRecords(file)) assert.ok(batch); },
      { name: 'CliError', message: 'a field longer than 268,435,456 characters; is this the right file?' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predict\'s lines: one past 2^28 characters is one clear error, not a string-length crash', async () => {
  const { textLines } = await import('../../bin/lib/lines.js');
  const chunk = Buffer.alloc(1 << 20, 'a');
  async function* stream() { yield Buffer.from('first line\n'); for (let i = 0; i < 257; i++) yield chunk; }
  const seen = [];
  await assert.rejects(async () => { for await (const line of textLines(stream())) seen.push(line); },
    { name: 'CliError', message: 'a line longer than 268,435,456 characters; is this the right input?' });
  assert.deepEqual(seen, ['first line']);
});
