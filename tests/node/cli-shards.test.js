// train --memory/--jobs/--partial, merge and finish: every way of training
// the same documents gives the same bytes (GNU parallel's shards included),
// and faults (no room for temporary files, a full disk, Ctrl-C) leave no
// partial output, no temporary file and an existing output as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, expectOneLineFailure, runCli, skipWithoutWasm as skip, unprivileged } from './cli-run.js';
import { longTailCorpus } from './nb-fixtures.js';
import { NO_WORKERS_OPTIONS, PROCESS_OPTIONS } from './fixtures.js';

const OPTIONS = ['--ngrams', '1-3', '--binary', '--min-df', '2', '--max-features', '20000', '--weight-bits', '8'];
const SHARDS = 4;
let dir;
let corpus; // a TSV file above the size where train uses more than one job
let rows;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-shards-'));
  const { texts, labels } = longTailCorpus(16000, 3);
  rows = texts.map((text, i) => `${text}\t${labels[i]}`);
  corpus = join(dir, 'corpus.tsv');
  writeFileSync(corpus, `review\tsentiment\n${rows.join('\n')}\n`);
  mkdirSync(join(dir, 'tmp'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name) => join(dir, name);
const bytes = (name) => readFileSync(file(name));
const env = () => ({ TMPDIR: file('tmp') });
const noTemporaryLeft = () => assert.deepEqual(readdirSync(file('tmp')), [], 'temporary files left');

async function cli(args, options = {}) {
  const r = await runCli(args, { env: env(), ...options });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('train: --jobs and --memory give the bytes of one unbounded job, and say the same', { skip }, async () => {
  const outputs = [];
  for (const [name, extra] of [['one.nbm', ['--jobs', '1', '--memory', '4G']], ['two.nbm', ['--jobs', '2']],
    ['tight.nbm', ['--jobs', '2', '--memory', '2M']], ['tight1.nbm', ['--jobs', '1', '--memory', '1M']]]) {
    outputs.push((await cli(['train', corpus, '-o', file(name), ...OPTIONS, ...extra])).replace(/^time.*\n/m, '').replace(name, ''));
  }
  for (const name of ['two.nbm', 'tight.nbm', 'tight1.nbm']) assert.deepEqual(bytes(name), bytes('one.nbm'), name);
  assert.deepEqual(new Set(outputs).size, 1, outputs.join('\n'));
  noTemporaryLeft();
});

test('train --jobs 2 in a process given V8\'s options, or one that may not start workers: the same bytes', { skip }, async () => {
  await cli(['train', corpus, '-o', file('one-job.nbm'), ...OPTIONS, '--jobs', '1']);
  for (const [name, nodeOptions] of [['v8.nbm', PROCESS_OPTIONS], ['no-workers.nbm', [...NO_WORKERS_OPTIONS, `--allow-fs-write=${dir}`]]]) {
    await cli(['train', corpus, '-o', file(name), ...OPTIONS, '--jobs', '2'], { nodeOptions });
    assert.deepEqual(bytes(name), bytes('one-job.nbm'), name);
  }
  noTemporaryLeft();
});

test('shards: --partial, merge in any grouping and order, finish: the bytes of training on everything', { skip }, async () => {
  const header = 'review\tsentiment\n';
  const size = Math.ceil(rows.length / SHARDS);
  await Promise.all(Array.from({ length: SHARDS }, async (_, i) => {
    writeFileSync(file(`s${i}.tsv`), header + rows.slice(i * size, (i + 1) * size).join('\n') + '\n');
    await cli(['train', file(`s${i}.tsv`), '--partial', '-o', file(`s${i}.nbc`), ...OPTIONS, '--jobs', '1']);
  }));
  await cli(['merge', file('s0.nbc'), file('s1.nbc'), '-o', file('m01.nbc')]);
  await cli(['merge', file('s3.nbc'), file('s2.nbc'), '-o', file('m32.nbc')]);
  await cli(['merge', file('m32.nbc'), file('m01.nbc'), '-o', file('grouped.nbc')]);
  await cli(['merge', file('s2.nbc'), file('s0.nbc'), file('s3.nbc'), file('s1.nbc'), '-o', file('flat.nbc')]);
  await cli(['train', corpus, '--partial', '-o', file('whole.nbc'), ...OPTIONS, '--jobs', '2', '--memory', '2M']);
  assert.deepEqual(bytes('grouped.nbc'), bytes('flat.nbc'));
  assert.deepEqual(bytes('grouped.nbc'), bytes('whole.nbc'));

  await cli(['train', corpus, '-o', file('trained.nbm'), ...OPTIONS, '--date', '2026-01-02']);
  const summary = await cli(['finish', file('grouped.nbc'), '-o', file('finished.nbm'), '--meta', 'data=corpus.tsv', '--date', '2026-01-02']);
  assert.deepEqual(bytes('finished.nbm'), bytes('trained.nbm'));
  assert.match(summary, /^documents {3}16,000$/m);
  await cli(['finish', file('s1.nbc'), file('s0.nbc'), file('s3.nbc'), file('s2.nbc'), '-o', file('finished2.nbm'),
    '--meta', 'data=corpus.tsv', '--date', '2026-01-02']);
  assert.deepEqual(bytes('finished2.nbm'), bytes('trained.nbm'));

  // finish's overrides give the model trained with those options
  const other = ['--min-df', '3', '--max-features', '5000', '--alpha', '0.5', '--weight-bits', '16'];
  await cli(['train', corpus, '-o', file('other.nbm'), ...OPTIONS, ...other]);
  await cli(['finish', file('flat.nbc'), '-o', file('other-finished.nbm'), ...other, '--meta', 'data=corpus.tsv']);
  assert.deepEqual(bytes('other-finished.nbm'), bytes('other.nbm'));
  noTemporaryLeft();
});

const hasParallel = spawnSync('parallel', ['--version']).status === 0;

test('the README recipe: GNU parallel trains 4 shards, merge and finish give the single-process bytes', {
  skip: skip || (!hasParallel && 'GNU parallel is not installed (Debian package parallel; make setup installs it)'),
}, async () => {
  const work = file('gnu');
  mkdirSync(work);
  const train = `"${process.execPath}" "${CLI}" train - --partial -o shard-{#}.nbc ${OPTIONS.join(' ')}`;
  const recipe = spawnSync('bash', ['-c', `parallel --pipe --header : -N ${Math.ceil(rows.length / SHARDS)} -j ${SHARDS} '${train}' < "${corpus}"`],
    { cwd: work, env: { ...process.env, ...env() }, encoding: 'utf8' });
  assert.equal(recipe.status, 0, recipe.stderr);
  const shards = readdirSync(work).filter((name) => name.endsWith('.nbc')).sort();
  assert.deepEqual(shards, Array.from({ length: SHARDS }, (_, i) => `shard-${i + 1}.nbc`));
  await cli(['merge', ...shards.map((name) => join(work, name)), '-o', join(work, 'all.nbc')]);
  await cli(['finish', join(work, 'all.nbc'), '-o', join(work, 'model.nbm'), '--meta', 'data=stdin']);
  await cli(['train', '-', '-o', file('stdin.nbm'), ...OPTIONS], { input: readFileSync(corpus) });
  assert.deepEqual(readFileSync(join(work, 'model.nbm')), bytes('stdin.nbm'));
});

test('count files that do not go together, or are damaged: one line naming the file(s), no output', { skip }, async () => {
  const small = file('small.tsv');
  writeFileSync(small, `review\tsentiment\n${rows.slice(0, 200).join('\n')}\n`);
  await cli(['train', small, '--partial', '-o', file('a.nbc'), ...OPTIONS]);
  await cli(['train', small, '--partial', '-o', file('b.nbc'), '--ngrams', '1-2']);
  const a = bytes('a.nbc');
  writeFileSync(file('short.nbc'), a.subarray(0, a.length - 9));
  const flipped = Buffer.from(a);
  flipped[Math.floor(a.length / 2)] ^= 0x10;
  writeFileSync(file('flipped.nbc'), flipped);
  const out = file('never.nbc');
  // the message names each option that differs, with its value in both files
  const differ = (name, first, list) => new RegExp(`${name}: was trained with other options than \\S*${first}: ${list.replaceAll('[', '\\[')}\n$`);
  await expectOneLineFailure(['merge', file('a.nbc'), file('b.nbc'), '-o', out],
    differ('b\\.nbc', 'a\\.nbc', 'ngrams [1,2] against [1,3], binary false against true, minDf 1 against 2, maxFeatures 0 against 20000, weightBits 16 against 8'));
  await expectOneLineFailure(['finish', file('b.nbc'), file('a.nbc'), '-o', out], /a\.nbc: was trained with other options than \S*b\.nbc: ngrams \[1,3\] against \[1,2\], /);
  // the tokenizer's options are in the count file's header too: counts of other tokens never merge
  await cli(['train', small, '--partial', '-o', file('c.nbc'), ...OPTIONS, '--fold-accents']);
  await expectOneLineFailure(['merge', file('a.nbc'), file('c.nbc'), '-o', out], differ('c\\.nbc', 'a\\.nbc', 'foldAccents true against false'));
  // and so are the pruning and weighting finish applies unless given again
  await cli(['train', small, '--partial', '-o', file('d.nbc'), ...OPTIONS, '--alpha', '0.5']);
  await expectOneLineFailure(['finish', file('a.nbc'), file('d.nbc'), '-o', out, '--alpha', '0.5'], differ('d\\.nbc', 'a\\.nbc', 'alpha 0.5 against 1'));
  await expectOneLineFailure(['merge', file('a.nbc'), file('short.nbc'), '-o', out], /short\.nbc: not a complete count file/);
  await expectOneLineFailure(['finish', file('flipped.nbc'), '-o', out], /flipped\.nbc: corrupt count file/);
  await expectOneLineFailure(['finish', small, '-o', out], /small\.tsv: not a palette-sentiment count file/);
  await expectOneLineFailure(['merge', file('missing.nbc'), '-o', out], /missing\.nbc: no such file/);
  assert.equal(existsSync(out), false);
});

/** Runs the CLI with a file size limit of `blocks` 512-byte blocks (ulimit -f): writes beyond it fail with EFBIG. */
function runWithFileLimit(blocks, args) {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, CLI, ...args],
      { env: { ...process.env, ...env() } });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('no room for temporary files, a full disk: one line, no partial output, the old output kept, nothing left', { skip }, async () => {
  const keep = file('keep');
  mkdirSync(keep);
  const model = join(keep, 'model.nbm');
  await cli(['train', corpus, '-o', model, ...OPTIONS]);
  const before = readFileSync(model);
  const tight = [...OPTIONS, '--memory', '2M', '--jobs', '2'];

  const as = unprivileged(dir);
  chmodSync(keep, 0o777); // the output is checked first: only the temporary files may fail
  const readOnly = file('read-only');
  mkdirSync(readOnly, { mode: 0o555 });
  const denied = await runCli(['train', corpus, '-o', model, ...tight], { ...as, env: { TMPDIR: readOnly } });
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stderr, /^palette-sentiment: cannot write temporary files in .*read-only \(permission denied\): set TMPDIR.*, or use --jobs 1 /);
  assert.equal(denied.stderr.trimEnd().split('\n').length, 1);

  for (const args of [['train', corpus, '-o', model, ...tight], ['train', corpus, '--partial', '-o', model, ...tight]]) {
    const full = await runWithFileLimit(64, args);
    assert.equal(full.code, 1, full.stderr);
    assert.match(full.stderr, /^palette-sentiment: cannot write temporary files in .*\(file too large\)/);
  }
  const bigOutput = await runWithFileLimit(8, ['train', corpus, '-o', model, ...OPTIONS, '--jobs', '1']);
  assert.equal(bigOutput.code, 1, bigOutput.stderr);
  assert.match(bigOutput.stderr, /model\.nbm: cannot write the model \(file too large\)/);

  assert.deepEqual(readFileSync(model), before);
  assert.deepEqual(readdirSync(keep), ['model.nbm']);
  noTemporaryLeft();
});

test('Ctrl-C (SIGINT) or SIGTERM while spilling: exit 130/143, no temporary file, no partial output', { skip }, async () => {
  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    const out = file(`interrupted-${signal}.nbm`);
    const child = spawn(process.execPath, [CLI, 'train', corpus, '-o', out, ...OPTIONS, '--memory', '1M', '--jobs', '2'],
      { env: { ...process.env, ...env() } });
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 400 && !readdirSync(file('tmp')).some((name) => readdirSync(join(file('tmp'), name)).length > 0); i++) {
      await new Promise((resolve) => { setTimeout(resolve, 25); });
    }
    assert.ok(readdirSync(file('tmp')).length > 0, 'the run wrote temporary files before the signal');
    child.kill(signal);
    assert.equal(await exited, status, signal);
    noTemporaryLeft();
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith(`.interrupted-${signal}`)), []);
  }
});

test('Ctrl-C (SIGINT) in the synchronous work of merge and finish: exit 130, the old output byte for byte, nothing left', { skip }, async () => {
  const small = file('signal.tsv');
  writeFileSync(small, `review\tsentiment\n${rows.slice(0, 500).join('\n')}\n`);
  await cli(['train', small, '--partial', '-o', file('signal.nbc'), ...OPTIONS]);
  for (const command of ['merge', 'finish']) {
    const work = file(`signal-${command}`);
    mkdirSync(work);
    const out = join(work, 'out');
    writeFileSync(out, 'OLD\n');
    // The counts come through a FIFO: the command opens and reads it synchronously, in the middle of its
    // merge, and blocks there until the signal has been sent; only then do the counts follow.
    const fifo = join(work, 'counts.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const child = spawn(process.execPath, [CLI, command, fifo, '-o', out], { env: { ...process.env, ...env() } });
    const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
    const writer = await open(fifo, 'w');
    child.kill('SIGINT');
    await writer.writeFile(bytes('signal.nbc'));
    await writer.close();
    assert.equal(await exited, 130, command);
    assert.equal(readFileSync(out, 'utf8'), 'OLD\n', command);
    assert.deepEqual(readdirSync(work).sort(), ['counts.fifo', 'out'], command);
  }
  noTemporaryLeft();
});

test('an output that is an input of train or finish (a link to it included) is refused before any work; merge may replace its input', { skip }, async () => {
  const work = file('same');
  mkdirSync(work);
  const data = join(work, 'data.tsv');
  writeFileSync(data, `review\tsentiment\n${rows.slice(0, 200).join('\n')}\n`);
  const counts = join(work, 'counts.nbc');
  await cli(['train', data, '--partial', '--binary', '-o', counts]);
  symlinkSync(data, join(work, 'link.tsv'));
  linkSync(counts, join(work, 'hard.nbc'));
  const [dataBefore, countsBefore] = [readFileSync(data), readFileSync(counts)];
  for (const [args, input] of [
    [['train', data, '-o', data], data], [['train', data, '--partial', '-o', join(work, 'link.tsv')], data],
    [['finish', counts, '-o', counts], counts], [['finish', join(work, 'hard.nbc'), '-o', counts], join(work, 'hard.nbc')],
    [['finish', counts, '-o', data, '--kind', 'nblr', '--data', data], data],
  ]) {
    const r = await runCli(args, { env: env() });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n')[0], `palette-sentiment: -o ${args[args.indexOf('-o') + 1]} is the input ${input}: writing there would replace it`);
  }
  assert.deepEqual(readFileSync(data), dataBefore);
  assert.deepEqual(readFileSync(counts), countsBefore);
  // merge reads its inputs to the end before the output replaces one of them
  await cli(['merge', counts, join(work, 'hard.nbc'), '-o', counts]);
  await cli(['merge', join(work, 'hard.nbc'), join(work, 'hard.nbc'), '-o', join(work, 'twice.nbc')]);
  assert.deepEqual(readFileSync(counts), readFileSync(join(work, 'twice.nbc')));
  noTemporaryLeft();
});

test('a --memory below what one document needs: one line naming the least that works', { skip }, async () => {
  const huge = file('huge.tsv');
  writeFileSync(huge, `review\tsentiment\n${Array.from({ length: 60000 }, (_, i) => `x${i}`).join(' ')}\tpos\nok\tneg\n`);
  const r = await expectOneLineFailure(['train', huge, '-o', file('never.nbm'), '--memory', '1M'], /huge\.tsv: a document needs up to .* more than --memory 1\.00 MiB: give at least --memory \d+M/);
  const least = /--memory (\d+M)\n/.exec(r.stderr)[1];
  await cli(['train', huge, '-o', file('fits.nbm'), '--memory', least]);
  // and the least: one MiB less is refused, naming the same
  await expectOneLineFailure(['train', huge, '-o', file('never.nbm'), '--memory', `${Number.parseInt(least, 10) - 1}M`],
    new RegExp(`give at least --memory ${least}\n`));
  // with jobs (over 4 MiB of text), the least is what every job needs, together
  const filler = Array.from({ length: 60000 }, (_, i) => `row ${i} of filler text\t${i % 2 ? 'pos' : 'neg'}\n`).join('');
  writeFileSync(huge, readFileSync(huge, 'utf8') + filler.repeat(3));
  const two = await expectOneLineFailure(['train', huge, '-o', file('never.nbm'), '--memory', least, '--jobs', '2'],
    /a document needs up to .* in each of 2 jobs, more than --memory .* shared by 2 jobs: give at least --memory \d+M, or --jobs 1\n/);
  const leastForTwo = /--memory (\d+)M, or --jobs 1\n/.exec(two.stderr)[1];
  await cli(['train', huge, '-o', file('fits.nbm'), '--memory', least, '--jobs', '1']); // the fewer jobs named fit
  // the jobs share --memory, each taking 1 MiB at least (1M runs one): the least named is for the 4 jobs asked for
  const four = await expectOneLineFailure(['train', huge, '-o', file('never.nbm'), '--memory', '1M', '--jobs', '4'],
    /huge\.tsv: a document needs up to .* in each of 4 jobs, more than --memory 1\.00 MiB shared by 4 jobs: give at least --memory \d+M\n/);
  await cli(['train', huge, '-o', file('fits.nbm'), '--memory', /--memory (\d+M)\n/.exec(four.stderr)[1], '--jobs', '4']);
  assert.ok(Number(leastForTwo) > Number.parseInt(least, 10), two.stderr);
  await cli(['train', huge, '-o', file('fits.nbm'), '--memory', `${leastForTwo}M`, '--jobs', '2']);
});

test('the least --memory named takes the longest document, also one after the counts were written out', { skip }, async () => {
  // three classes (so the trainer lays its records out again once) of short reviews, which fill the counts
  // many times over, and among them long reviews of growing lengths: the --memory named when the first long
  // one does not fit takes them all (the file is read again for its longest), and the next run trains
  const { texts } = longTailCorpus(6000, 5);
  const mixedRows = texts.map((text, i) => `${text}\t${['pos', 'neg', 'mid'][i % 3]}\n`);
  for (let j = 0; j < 24; j++) {
    const words = Array.from({ length: 1000 + 300 * j }, (_, i) => `v${j}x${i}`).join(' ');
    mixedRows.splice(600 + 220 * j, 0, `${words}\t${j % 2 ? 'pos' : 'neg'}\n`);
  }
  const mixed = file('mixed.tsv');
  writeFileSync(mixed, `review\tsentiment\n${mixedRows.join('')}`);
  const train = (memory) => ['train', mixed, '-o', file('mixed.nbm'), '--ngrams', '1-3', '--memory', memory, '--jobs', '1'];
  const r = await expectOneLineFailure(train('1M'), /mixed\.tsv: the longest document needs up to .*: give at least --memory \d+M/);
  const least = /--memory (\d+M)\n/.exec(r.stderr)[1];
  await cli(train(least));
  await cli(['train', mixed, '-o', file('mixed-whole.nbm'), '--ngrams', '1-3', '--memory', '1G', '--jobs', '1']);
  assert.deepEqual(bytes('mixed.nbm'), bytes('mixed-whole.nbm'));
  // standard input, which cannot be read again, is read on to its end: the same least
  const input = readFileSync(mixed);
  const piped = (memory) => ['train', '-', '-o', file('mixed.nbm'), '--ngrams', '1-3', '--memory', memory, '--jobs', '1'];
  const fromStdin = await expectOneLineFailure(piped('1M'), /standard input: the longest document needs up to .*: give at least --memory \d+M/, { input });
  assert.equal(/--memory (\d+M)\n/.exec(fromStdin.stderr)[1], least);
  await cli(piped(least), { input });
  await cli(['train', '-', '-o', file('mixed-whole.nbm'), '--ngrams', '1-3', '--memory', '1G', '--jobs', '1'], { input });
  assert.deepEqual(bytes('mixed.nbm'), bytes('mixed-whole.nbm'));
  noTemporaryLeft();
});

test('an output that is a link, a FIFO or a device: the link kept and its file written, the others written into', { skip }, async () => {
  const work = file('special');
  mkdirSync(work);
  const counts = join(work, 'counts.nbc');
  writeFileSync(join(work, 'data.tsv'), `review\tsentiment\n${rows.slice(0, 300).join('\n')}\n`);
  await cli(['train', join(work, 'data.tsv'), '--partial', '-o', counts]);
  await cli(['finish', counts, '-o', join(work, 'plain.nbm')]);
  const model = readFileSync(join(work, 'plain.nbm'));
  const isLink = (name) => lstatSync(join(work, name)).isSymbolicLink();
  writeFileSync(join(work, 'target.nbm'), 'OLD\n');
  symlinkSync('target.nbm', join(work, 'link.nbm'));
  symlinkSync('made.nbm', join(work, 'dangling.nbm'));
  await cli(['finish', counts, '-o', join(work, 'link.nbm')]);
  await cli(['finish', counts, '-o', join(work, 'dangling.nbm')]);
  assert.ok(isLink('link.nbm') && isLink('dangling.nbm'), 'the links stay links');
  assert.deepEqual(readFileSync(join(work, 'target.nbm')), model);
  assert.deepEqual(readFileSync(join(work, 'made.nbm')), model);
  // a FIFO gets the bytes, as the shell's > would give them
  const fifo = join(work, 'model.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const child = runCli(['finish', counts, '-o', fifo], { env: env() });
  const reader = await open(fifo, 'r');
  const got = await reader.readFile();
  await reader.close();
  assert.equal((await child).code, 0);
  assert.deepEqual(got, model);
  assert.ok(lstatSync(fifo).isFIFO());
  // devices (made here: c 1 3 is null, c 1 7 is full; only root may make them)
  if (spawnSync('mknod', [join(work, 'null'), 'c', '1', '3']).status === 0 && spawnSync('mknod', [join(work, 'full'), 'c', '1', '7']).status === 0) {
    await cli(['finish', counts, '-o', join(work, 'null')]);
    await expectOneLineFailure(['finish', counts, '-o', join(work, 'full')], /full: cannot write the model \(.*space.*\)/i);
    assert.ok(statSync(join(work, 'null')).isCharacterDevice() && statSync(join(work, 'full')).isCharacterDevice());
  }
  assert.deepEqual(readdirSync(work).filter((name) => name.endsWith('.tmp')), []);
  noTemporaryLeft();
});

test('-o /dev/stdout: standard output holds the model or counts alone, the summary goes to standard error', {
  skip: skip || (!existsSync('/dev/stdout') && 'no /dev/stdout'),
}, async () => {
  const work = file('to-stdout');
  mkdirSync(work);
  writeFileSync(join(work, 'data.tsv'), `review\tsentiment\n${rows.slice(0, 300).join('\n')}\n`);
  await cli(['train', join(work, 'data.tsv'), '--partial', '-o', join(work, 'counts.nbc')]);
  await cli(['finish', join(work, 'counts.nbc'), '-o', join(work, 'model.nbm')]);
  await cli(['train', join(work, 'data.tsv'), '-o', join(work, 'trained.nbm'), '--meta', 'data=x']);
  for (const [args, expected] of [
    [['finish', join(work, 'counts.nbc'), '-o', '/dev/stdout'], 'model.nbm'],
    [['merge', join(work, 'counts.nbc'), '-o', '/dev/stdout'], 'counts.nbc'],
    [['train', join(work, 'data.tsv'), '-o', '/dev/stdout', '--meta', 'data=x'], 'trained.nbm'],
  ]) {
    const child = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env(), SOURCE_DATE_EPOCH: '' } });
    assert.equal(child.status, 0, `${args[0]}: ${child.stderr}`);
    assert.deepEqual(child.stdout, readFileSync(join(work, expected)), args[0]);
    assert.match(child.stderr.toString(), /\/dev\/stdout: \d/, args[0]);
  }
  // a reader slower than the command: standard output (which Node makes non-blocking) is waited for
  await cli(['train', corpus, '--partial', '-o', join(work, 'big.nbc'), ...OPTIONS]);
  assert.ok(readFileSync(join(work, 'big.nbc')).length > 1 << 20, 'counts larger than a socket buffer');
  const child = spawn(process.execPath, [CLI, 'merge', join(work, 'big.nbc'), '-o', '/dev/stdout'], { env: { ...process.env, ...env() } });
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.stdout.pause();
  const closed = new Promise((resolve) => child.on('close', resolve));
  await new Promise((resolve) => { setTimeout(resolve, 500); });
  child.stdout.resume();
  assert.equal(await closed, 0);
  assert.deepEqual(Buffer.concat(chunks), readFileSync(join(work, 'big.nbc')));
  assert.ok(!lstatSync('/dev/stdout').isFile(), '/dev/stdout is left as it was');
});

test('more than 1,024 classes: train, merge and finish say so, merge and finish naming the file that passes it', { skip }, async () => {
  const half = (from) => `review\tsentiment\n${Array.from({ length: 600 }, (_, i) => `w${from + i}\tc${from + i}\n`).join('')}`;
  writeFileSync(file('classes-a.tsv'), half(0));
  writeFileSync(file('classes-b.tsv'), half(600));
  writeFileSync(file('classes-all.tsv'), half(0) + half(600).split('\n').slice(1).join('\n'));
  await cli(['train', file('classes-a.tsv'), '--partial', '-o', file('classes-a.nbc')]);
  await cli(['train', file('classes-b.tsv'), '--partial', '-o', file('classes-b.nbc')]);
  await expectOneLineFailure(['train', file('classes-all.tsv'), '-o', file('never.nbm')], /classes-all\.tsv: .*over 1,024 classes/);
  await expectOneLineFailure(['merge', file('classes-a.nbc'), file('classes-b.nbc'), '-o', file('never.nbc')], /classes-b\.nbc: over 1,024 classes/);
  await expectOneLineFailure(['finish', file('classes-a.nbc'), file('classes-b.nbc'), '-o', file('never.nbm')], /classes-b\.nbc: over 1,024 classes/);
  noTemporaryLeft();
});

test('finish of counts whose every token is pruned: one line naming the file and the likely cause', { skip }, async () => {
  const counts = file('all-pruned.nbc');
  await cli(['train', corpus, '--partial', '-o', counts]);
  await expectOneLineFailure(['finish', counts, '-o', file('never.nbm'), '--min-df', '1000000'],
    /^palette-sentiment: .*all-pruned\.nbc: every token was pruned: none is in min-df documents or more$/m);
});

test('finish of counts of one class: one line naming the file and the class', { skip }, async () => {
  const data = file('one-class.tsv');
  writeFileSync(data, 'id\tsentiment\treview\n1\tpos\tgreat movie\n2\tpos\tgood film\n');
  const counts = file('one-class.nbc');
  await cli(['train', data, '--partial', '-o', counts]);
  await expectOneLineFailure(['finish', counts, '-o', file('never.nbm')],
    /^palette-sentiment: .*one-class\.nbc: one class only \('pos', 2 documents\): a model needs at least two$/m);
});

test('usage errors of --memory, --jobs, merge and finish: exit 2', { skip }, async () => {
  const usage = async (args, pattern) => {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  };
  await Promise.all([
    usage(['train', corpus, '-o', file('x.nbm'), '--memory', '512K'], /--memory must be a size of at least 1M/),
    usage(['train', corpus, '-o', file('x.nbm'), '--memory', 'lots'], /--memory/),
    usage(['train', corpus, '-o', file('x.nbm'), '--jobs', '0'], /--jobs must be an integer from 1 to 256/),
    usage(['merge', file('a.nbc')], /no output file given \(-o all\.nbc\)/),
    usage(['merge', '-o', file('x.nbc')], /no count files given/),
    usage(['finish', '-o', file('x.nbm')], /no count files given/),
    usage(['finish', file('a.nbc'), '-o', file('x.nbm'), '--min-df', '0'], /--min-df must be an integer/),
    usage(['finish', file('a.nbc'), '-o', file('x.nbm'), '--ngrams', '2'], /unknown option --ngrams/),
    ...['merge', 'finish'].map((command) => usage([command, ...Array(4097).fill(file('a.nbc')), '-o', file('x')],
      /^palette-sentiment: at most 4096 count files at once, got 4097: merge them in groups first/m)),
  ]);
});
