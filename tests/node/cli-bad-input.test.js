// How the CLI handles bad input, beyond cli-nb.test.js and cli-palette.test.js:
// unreadable files, directories where a file is expected for every command,
// rows with missing or extra fields, a truncated gzip stream, an unterminated
// quoted field, an empty file, a truncated model: each one line on stderr and
// exit 1. CRLF line ends, empty lines and a BOM train the same model as clean LF.
// Rows are counted from the header (row 1). A failure late in a long file leaves the old model and no temporary file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI, expectModelKept, expectOneLineFailure, runCli, skipWithoutWasm as skip, TWO_TSV as TSV, unprivileged } from './cli-run.js';

let dir;
const f = {};

const cli = (args, { input } = {}) => runCli(args, { input, env: { NO_COLOR: '1' } });

const fails = (args, pattern, options) => expectOneLineFailure(args, pattern, { ...options, env: { NO_COLOR: '1' } });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ps-cli-bad-input-'));
  const write = (name, data) => { f[name] = join(dir, name); writeFileSync(f[name], data); };
  write('two.tsv', TSV);
  write('short-row.tsv', 'review\tsentiment\ngood fun\tpos\nbad\nbad dull\tneg\n');
  write('extra-field.tsv', 'review\tsentiment\ngood\tfun\tpos\nbad dull\tneg\n');
  write('short-row.csv', 'text,label,id\n"good, fun",pos,1\nbad,neg\n');
  write('unterminated.csv', 'text,label\n"good fun,pos\nbad,neg\n');
  write('empty.tsv', '');
  write('crlf.tsv', `\uFEFF${TSV.replace(/\n/g, '\r\n').replace('good\tpos\r\n', 'good\tpos\r\n\r\n\r\n')}\r\n`);
  write('truncated.tsv.gz', gzipSync(TSV.repeat(50)).subarray(0, 40));
  write('unreadable.tsv', TSV);
  write('unreadable.png', Buffer.from([0x89, 0x50, 0x4E, 0x47]));
  mkdirSync(join(dir, 'adir'));
  f.adir = join(dir, 'adir');
  f.model = join(dir, 'two.nbm');
  const r = await cli(['train', f['two.tsv'], '-o', f.model, '--meta', 'data=x']);
  assert.equal(r.code, 0, r.stderr);
  write('truncated.nbm', readFileSync(f.model).subarray(0, 100));
  f.unreadableModel = join(dir, 'unreadable.nbm');
  writeFileSync(f.unreadableModel, readFileSync(f.model));
  for (const name of [f['unreadable.tsv'], f['unreadable.png'], f.unreadableModel]) chmodSync(name, 0o000);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('rows with missing or extra fields, a truncated gzip, an unterminated quote, an empty file: one line, exit 1', { skip }, async () => {
  const out = join(dir, 'never.nbm');
  await Promise.all([
    fails(['train', f['short-row.tsv'], '-o', out], /short-row\.tsv: row 3 has 1 field\(s\); the header has 2/),
    fails(['train', f['extra-field.tsv'], '-o', out], /extra-field\.tsv: row 2 has 3 field\(s\); the header has 2 \(a tab inside a field/),
    fails(['train', f['short-row.csv'], '-o', out, '--text', 'text', '--label', 'label'], /row 3 has 2 field\(s\); the header has 3/),
    fails(['train', f['unterminated.csv'], '-o', out, '--text', 'text', '--label', 'label'], /ends inside a quoted field/),
    fails(['train', f['truncated.tsv.gz'], '-o', out], /truncated\.tsv\.gz: corrupt gzip data/),
    fails(['train', f['empty.tsv'], '-o', out], /empty\.tsv: the file is empty/),
    fails(['train', '-', '-o', out], /the file is empty/, { input: '' }),
    fails(['eval', f.model, f['short-row.tsv']], /row 3 has 1 field/),
    fails(['eval', f.model, f['truncated.tsv.gz']], /corrupt gzip data/),
  ]);
  assert.equal(existsSync(out), false);
});

test('a label over 1024 bytes of UTF-8: one line naming the file and the row, exit 1, with --partial and --jobs 2 too', { skip }, async () => {
  const out = join(dir, 'never.nbm');
  const data = `review\tsentiment\ngood\tpos\nbad\t${'é'.repeat(513)}\nfun\tpos\n`;
  writeFileSync(join(dir, 'long-label.tsv'), data);
  const file = join(dir, 'long-label.tsv');
  const message = /^palette-sentiment: .*long-label\.tsv: row 3 has a 'sentiment' label of 1026 bytes of UTF-8; at most 1024 are allowed$/m;
  await Promise.all([
    fails(['train', file, '-o', out], message),
    fails(['train', file, '--partial', '-o', out], message),
    fails(['train', '-', '-o', out, '--jobs', '2'], /^palette-sentiment: standard input: row 3 has a 'sentiment' label of 1026 bytes/, { input: data }),
  ]);
  assert.equal(existsSync(out), false);
  assert.equal((await cli(['train', '-', '-o', out], { input: data.replace('é', '') })).code, 0, 'a label of 1024 bytes');
});

test('a directory where a file is expected, for every command', { skip }, async () => {
  await Promise.all([
    fails(['predict', f.adir], /adir: is a directory/, { input: 'x\n' }),
    fails(['predict', f.model, f.adir], /adir: is a directory/),
    fails(['eval', f.adir, f['two.tsv']], /adir: is a directory/),
    fails(['eval', f.model, f.adir], /adir: is a directory/),
    fails(['info', f.adir], /adir: is a directory/),
  ]);
});

test('standard output on a full disk (/dev/full): one line, exit 1, for every command that prints', {
  skip: skip || (!existsSync('/dev/full') && 'no /dev/full'),
}, () => {
  const full = openSync('/dev/full', 'w');
  try {
    for (const [args, input] of [[['predict', f.model], 'good\nbad\n'], [['info', f.model]], [['eval', f.model, f['two.tsv']]],
      [['train', f['two.tsv'], '-o', join(dir, 'full.nbm')]], [['--help']]]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { input, stdio: ['pipe', full, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, 'palette-sentiment: standard output: no space left on device\n', args.join(' '));
    }
  } finally {
    closeSync(full);
  }
});

test('an output directory that cannot be written: one line before any work, for train, merge and finish', { skip }, async () => {
  // The data's last row is bad: a run that got as far as reading it would fail on it instead.
  const data = join(dir, 'late-bad-row.tsv');
  writeFileSync(data, `${TSV}bad\n`);
  const locked = join(dir, 'locked');
  mkdirSync(locked, { mode: 0o555 });
  const as = unprivileged(dir);
  const cases = [
    [['train', data, '-o', join(locked, 'm.nbm')], as, locked],
    [['train', data, '--partial', '-o', join(locked, 'c.nbc')], as, locked],
    [['merge', join(dir, 'missing.nbc'), '-o', join(locked, 'all.nbc')], as, locked],
    [['finish', join(dir, 'missing.nbc'), '-o', join(locked, 'm.nbm')], as, locked],
  ];
  // root may write anywhere a mode allows, but not create files in /proc
  if (existsSync('/proc/self')) cases.push([['train', data, '-o', '/proc/m.nbm'], {}, '/proc']);
  for (const [args, options, where] of cases) {
    const output = args[args.indexOf('-o') + 1];
    await fails(args, new RegExp(`^palette-sentiment: ${output}: cannot write there \\(${where}: [a-z ]+\\)\n$`), options);
  }
  assert.deepEqual(readdirSync(locked), []);
});

test('a truncated model file: one line naming the problem', { skip }, async () => {
  await Promise.all([
    fails(['predict', f['truncated.nbm']], /truncated\.nbm: .*truncated/, { input: 'good\n' }),
    fails(['info', f['truncated.nbm']], /truncated/),
    fails(['eval', f['truncated.nbm'], f['two.tsv']], /truncated/),
  ]);
});

test('unreadable files (chmod 000): one line, exit 1', { skip }, async () => {
  const as = unprivileged(dir);
  const denied = (args, pattern, options) => fails(args, pattern, { ...options, ...as });
  const writable = join(dir, 'writable'); // the output is checked first: only the input may fail
  mkdirSync(writable);
  chmodSync(writable, 0o777);
  const out = join(writable, 'never2.nbm');
  await Promise.all([
    denied(['train', f['unreadable.tsv'], '-o', out], /unreadable\.tsv: .*permission denied\n$/),
    denied(['eval', f.model, f['unreadable.tsv']], /unreadable\.tsv: .*permission denied\n$/),
    denied(['predict', f.unreadableModel], /unreadable\.nbm: .*permission denied\n$/, { input: 'x\n' }),
    denied(['info', f.unreadableModel], /unreadable\.nbm: .*permission denied\n$/),
    denied(['predict', f.model, f['unreadable.tsv']], /unreadable\.tsv: .*permission denied\n$/),
    denied(['palette', f['unreadable.png']], /unreadable\.png: .*permission denied\n$/),
  ]);
  assert.equal(existsSync(out), false);
});

test('CRLF line ends, empty lines and a UTF-8 BOM train the same model as clean LF', { skip }, async () => {
  const crlf = join(dir, 'crlf.nbm');
  const r = await cli(['train', f['crlf.tsv'], '-o', crlf, '--meta', 'data=x']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^documents\s+4$/m);
  assert.deepEqual(readFileSync(crlf), readFileSync(f.model));
  // and predict/eval read CRLF input the same way
  const p = await cli(['predict', f.model], { input: 'good fun\r\nbad dull\r\n' });
  assert.deepEqual(p.stdout.trim().split('\n').map((line) => line.split('\t')[0]), ['pos', 'neg']);
  const e = JSON.parse((await cli(['eval', f.model, f['crlf.tsv'], '--json'])).stdout);
  assert.equal(e.n, 4);
  assert.equal(e.accuracy, 1);
});

test('a bad row late in a long file keeps the old model and leaves no temporary file', { skip }, async () => {
  let long = 'review\tsentiment\n';
  for (let i = 0; i < 20_000; i++) long += `word${i} good fun\tpos\nword${i} bad dull\tneg\n`;
  const late = join(dir, 'late-error.tsv');
  writeFileSync(late, `${long}a row without its label\n`);
  await expectModelKept(dir, f['two.tsv'], async (out) => {
    await fails(['train', late, '-o', out], /row 40002 has 1 field/);
    await fails(['train', '-', '-o', out], /corrupt gzip/, { input: gzipSync(long).subarray(0, 5000) });
  });
});
