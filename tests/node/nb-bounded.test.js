// Training within a memory limit and on worker threads (the Node entry): the
// model must be the bytes of unbounded single-threaded training, the counts a
// trainer writes out must merge back into it, and temporary files must go.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, NaiveBayes, NaiveBayesTrainer, PaletteSentimentError } from '../../web/node.js';
import { bytesReader, finishCounts } from '../../web/nb-counts.js';
import { FAN_IN } from '../../web/nb-trainer.js';
import { modelOf } from '../../web/naive-bayes.js';
import { longTailCorpus } from './nb-fixtures.js';
import { NO_WORKERS_OPTIONS, PROCESS_OPTIONS } from './fixtures.js';
import { lastWorkerMemory, lastWorkerThreads, trainParallel } from '../../web/node/parallel-train.js';
import { fileReader } from '../../web/node/file-store.js';

const MIB = 2 ** 20;
const OPTIONS = { ngrams: [1, 3], binary: true, minDf: 2, maxFeatures: 5000, weightBits: 8 };

// Every test here runs with TMPDIR set to its own folder, so that leftovers can be seen.
let temporary;
before(async () => {
  await init();
  temporary = mkdtempSync(join(tmpdir(), 'nb-bounded-'));
  process.env.TMPDIR = temporary;
  process.on('exit', () => rmSync(temporary, { recursive: true, force: true }));
});
const leftovers = () => readdirSync(temporary);
const filesUnder = (dir) => readdirSync(dir, { withFileTypes: true })
  .reduce((n, e) => n + (e.isDirectory() ? filesUnder(join(dir, e.name)) : 1), 0);

const { texts, labels } = longTailCorpus(3000, 11);

function trainWith(options) {
  const trainer = new NaiveBayesTrainer({ ...OPTIONS, ...options });
  try {
    trainer.addMany(texts, labels);
    const model = trainer.finish();
    try {
      return { bytes: model.save(), spilled: trainer.spilledBytes, distinct: trainer.distinctTokens };
    } finally {
      model.dispose();
    }
  } finally {
    trainer.dispose();
  }
}

test('a memory limit gives the bytes of unbounded training, however often the counts are written out', () => {
  const unbounded = trainWith({ memoryLimit: 1024 * MIB });
  assert.equal(unbounded.spilled, 0);
  for (const mib of [1, 2, 5]) {
    const bounded = trainWith({ memoryLimit: mib * MIB });
    assert.ok(bounded.spilled > 0, `${mib} MiB: the counts were written out`);
    assert.deepEqual(bounded.bytes, unbounded.bytes, `${mib} MiB: same model bytes`);
    assert.equal(bounded.distinct, unbounded.distinct, `${mib} MiB: same distinct tokens`);
  }
  assert.deepEqual(leftovers(), [], 'no temporary file left');
});

test('more runs than a merge takes at once: merged in passes, the same bytes', () => {
  const many = longTailCorpus(20000, 5);
  const model = (options) => {
    const trainer = new NaiveBayesTrainer({ ...OPTIONS, ...options });
    trainer.addMany(many.texts, many.labels);
    const runs = filesUnder(temporary);
    const m = trainer.finish();
    const bytes = m.save();
    m.dispose();
    trainer.dispose();
    return { bytes, runs };
  };
  const bounded = model({ memoryLimit: MIB });
  assert.ok(bounded.runs > FAN_IN, `${bounded.runs} runs, more than the ${FAN_IN} merged at once`);
  assert.deepEqual(bounded.bytes, model({ memoryLimit: 1024 * MIB }).bytes);
  assert.deepEqual(leftovers(), []);
});

test('finish() merges the counts still in memory with those written out, and training goes on after it', () => {
  const half = texts.length / 2;
  const expect = (to) => {
    const trainer = new NaiveBayesTrainer(OPTIONS);
    trainer.addMany(texts.slice(0, to), labels.slice(0, to));
    const model = trainer.finish();
    const bytes = model.save();
    model.dispose();
    trainer.dispose();
    return bytes;
  };
  const trainer = new NaiveBayesTrainer({ ...OPTIONS, memoryLimit: 2 * MIB });
  trainer.addMany(texts.slice(0, half), labels.slice(0, half));
  assert.ok(trainer.spilledBytes > 0 && trainer.vocabularySize > 0, 'counts both on disk and in memory');
  for (const [to, want] of [[half, expect(half)], [texts.length, expect(texts.length)]]) {
    trainer.addMany(texts.slice(trainer.documents, to), labels.slice(trainer.documents, to));
    const model = trainer.finish();
    assert.deepEqual(model.save(), want, `${to} documents`);
    model.dispose();
  }
  const chunks = [];
  trainer.writeCounts((chunk) => chunks.push(chunk));
  assert.equal(trainer.vocabularySize, 0, 'writeCounts empties the trainer');
  trainer.dispose();
  assert.deepEqual(leftovers(), []);
});

test('jobs: worker threads give the bytes of one trainer, with or without a memory limit, metadata and all', async () => {
  const metadata = { source: 'long tail', 'é ✓': 'a value' };
  const one = await NaiveBayes.train(texts, labels, { ...OPTIONS, metadata });
  const expected = one.save();
  one.dispose();
  for (const options of [{ jobs: 2 }, { jobs: 3, memoryLimit: 3 * MIB }]) {
    const model = await NaiveBayes.train(texts, labels, { ...OPTIONS, metadata, ...options });
    assert.deepEqual(model.info().metadata, metadata);
    assert.deepEqual(model.save(), expected, JSON.stringify(options));
    model.dispose();
  }
  assert.deepEqual(leftovers(), []);
});

test('jobs: the workers read each record as one trainer does (NFC for unicodeCase, number labels, long texts)', async () => {
  // a third of the texts decomposed (é as e + U+0301, a Hangul syllable as jamo), one of 100 kB, labels numbers
  const typed = texts.map((t, i) => (i % 3 ? t : `${t} Cafe\u0301 \u1100\u1161\u11a8 ne\u0301e`));
  typed[7] = `${typed[7]} ${'caf\u00e9 noe\u0308l '.repeat(9000)}`;
  const numbers = labels.map((label) => (label === 'pos' ? 1 : 0));
  for (const options of [OPTIONS, { ...OPTIONS, unicodeCase: false }]) { // unicodeCase is the default
    const one = await NaiveBayes.train(typed, numbers, options);
    const expected = one.save();
    one.dispose();
    const model = await NaiveBayes.train(typed, numbers, { ...options, jobs: 2 });
    assert.deepEqual(model.save(), expected, JSON.stringify(options));
    model.dispose();
  }
  assert.deepEqual(leftovers(), []);
});

test('jobs: a bad record is named by its place in the whole input, not in its batch', async () => {
  const records = texts.slice(0, 1500).map((text, i) => ({ text, label: labels[i] }));
  records[1234] = { text: 5, label: 'pos' };
  await assert.rejects(NaiveBayes.train(records, { ...OPTIONS, jobs: 2 }), { name: 'TypeError', message: /^records\[1234\]\.text must be a string/ });
  records[1234] = { text: 'fine', label: '' };
  await assert.rejects(NaiveBayes.train(records, { ...OPTIONS, jobs: 2 }), { name: 'RangeError', message: /^records\[1234\]\.label must not be empty/ });
  assert.deepEqual(leftovers(), []);
});

test('jobs: a training takes the workers the last one left waiting, and a training that failed leaves none', async () => {
  const one = await NaiveBayes.train(texts, labels, OPTIONS);
  const expected = one.save();
  one.dispose();
  const threads = [];
  for (const options of [{ jobs: 2 }, { jobs: 2, memoryLimit: 3 * MIB }, { jobs: 3 }]) {
    const model = await NaiveBayes.train(texts, labels, { ...OPTIONS, ...options });
    assert.deepEqual(model.save(), expected, JSON.stringify(options));
    model.dispose();
    threads.push(lastWorkerThreads());
  }
  assert.deepEqual(threads[1], threads[0], 'the second training runs on the workers of the first');
  assert.deepEqual(threads[2].slice(0, 2), threads[0], 'and a third with one more worker');
  const records = texts.slice(0, 1500).map((text, i) => ({ text, label: labels[i] }));
  records[1234] = { text: 5, label: 'pos' };
  await assert.rejects(NaiveBayes.train(records, { ...OPTIONS, jobs: 3 }), TypeError);
  const model = await NaiveBayes.train(texts, labels, { ...OPTIONS, jobs: 2 });
  assert.deepEqual(model.save(), expected, 'after a failed training');
  model.dispose();
  assert.deepEqual(lastWorkerThreads().filter((id) => threads[2].includes(id)), [], 'the workers of the failed training were stopped');
  const last = lastWorkerThreads();
  const kept = await trainParallel([records.slice(0, 1000)], OPTIONS, 2, { keepWorkers: false }); // as the CLI trains
  kept.dispose();
  assert.deepEqual(lastWorkerThreads(), last, 'it takes the waiting workers');
  const after = await NaiveBayes.train(texts, labels, { ...OPTIONS, jobs: 2 });
  after.dispose();
  assert.deepEqual(lastWorkerThreads().filter((id) => last.includes(id)), [], 'keepWorkers: false stopped them');
  assert.deepEqual(leftovers(), []);
});

test('jobs: workers start in a process given V8\'s options, and waiting ones do not keep it alive', () => {
  const script = `import { init, NaiveBayes } from ${JSON.stringify(new URL('../../web/node.js', import.meta.url).href)};
    await init();
    const model = await NaiveBayes.train(['good fun', 'bad dull', 'fine good', 'dull bad'], ['p', 'n', 'p', 'n'], { jobs: 2 });
    model.dispose();
    console.log(performance.timeOrigin + performance.now());`;
  const run = spawnSync(process.execPath, [...PROCESS_OPTIONS, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  const exited = performance.timeOrigin + performance.now();
  assert.equal(run.status, 0, run.stderr);
  const lingered = exited - Number(run.stdout);
  assert.ok(lingered < 1000, `the process ended ${lingered.toFixed(0)} ms after its training, not at once (workers wait 5 s)`);
});

test('jobs where the process may not start workers (the permission model): the calling thread counts, the same bytes', () => {
  const script = `import { init, NaiveBayes } from ${JSON.stringify(new URL('../../web/node.js', import.meta.url).href)};
    await init();
    const texts = ['good fun', 'bad dull', 'fine good', 'dull bad'], labels = ['p', 'n', 'p', 'n'];
    const bytes = async (jobs) => { const m = await NaiveBayes.train(texts, labels, { jobs }); try { return Buffer.from(m.save()).toString('hex'); } finally { m.dispose(); } };
    console.log((await bytes(2)) === (await bytes(1)));`;
  const run = spawnSync(process.execPath, [...NO_WORKERS_OPTIONS, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout.trim(), 'true');
});

test('a merge of count files that fails closes every file it opened', { skip: !existsSync('/proc/self/fd') && 'no /proc/self/fd here to count open files' }, () => {
  const trainer = new NaiveBayesTrainer(OPTIONS);
  trainer.addMany(texts.slice(0, 200), labels.slice(0, 200));
  const chunks = [];
  trainer.writeCounts((chunk) => chunks.push(chunk));
  trainer.dispose();
  const bytes = Buffer.concat(chunks);
  const dir = mkdtempSync(join(temporary, 'files-'));
  const good = join(dir, 'good.nbc'), cut = join(dir, 'cut.nbc');
  writeFileSync(good, bytes);
  writeFileSync(cut, bytes.subarray(0, 100)); // inside the header
  const open = () => readdirSync('/proc/self/fd').length;
  const before = open();
  assert.throws(() => finishCounts([fileReader(good), fileReader(cut)]), { code: /^COUNTS_/ });
  assert.equal(open(), before, 'the good file was read in part and must be closed');
  rmSync(dir, { recursive: true });
});

test('jobs share memoryLimit and each takes 1 MiB at least: 4 jobs in 2 MiB run as 2, the same bytes', async () => {
  const one = await NaiveBayes.train(texts, labels, OPTIONS);
  const expected = one.save();
  one.dispose();
  const model = await NaiveBayes.train(texts, labels, { ...OPTIONS, jobs: 4, memoryLimit: 2 * MIB });
  assert.deepEqual(model.save(), expected);
  model.dispose();
  assert.equal(lastWorkerMemory().length, 2);
  assert.deepEqual(leftovers(), []);
});

test('every kind: a memory limit and jobs give the bytes of one unbounded trainer (count streams hold no kind)', async () => {
  for (const kind of ['complement', 'nblr']) {
    const options = { ...OPTIONS, kind };
    const unbounded = trainWith({ kind, memoryLimit: 1024 * MIB });
    const bounded = trainWith({ kind, memoryLimit: 2 * MIB });
    assert.ok(bounded.spilled > 0, `${kind}: the counts were written out`);
    assert.deepEqual(bounded.bytes, unbounded.bytes, `${kind}: a memory limit`);
    if (kind === 'nblr') continue; // NaiveBayes.train of kind nblr counts with kind nb (NaiveBayes.RATIOS)
    const one = await NaiveBayes.train(texts, labels, options);
    assert.equal(one.info().kind, kind);
    const expected = one.save();
    one.dispose();
    assert.deepEqual(expected, unbounded.bytes, `${kind}: NaiveBayes.train and the trainer`);
    for (const more of [{ jobs: 2 }, { jobs: 3, memoryLimit: 3 * MIB }]) {
      const model = await NaiveBayes.train(texts, labels, { ...options, ...more });
      assert.deepEqual(model.save(), expected, `${kind} ${JSON.stringify(more)}`);
      model.dispose();
    }
  }
  assert.deepEqual(leftovers(), []);
});

test('one class, or every token pruned: NB_NO_DATA saying which, also from counts merged (jobs, a memory limit)', async () => {
  const cases = [
    [['good', 'great'], ['pos', 'pos'], {}, /^one class only \('pos', 2 documents\): a model needs at least two$/],
    [['good', 'bad'], ['pos', 'neg'], { minDf: 2 }, /^every token was pruned: none is in min-df documents or more$/],
  ];
  for (const [texts, labels, options, message] of cases) {
    for (const bounds of [{ jobs: 2 }, { memoryLimit: 8 << 20 }]) {
      await assert.rejects(NaiveBayes.train(texts, labels, { ...OPTIONS, ...options, ...bounds }), (error) => {
        assert.equal(error.code, 'NB_NO_DATA');
        assert.match(error.message, message, JSON.stringify(bounds));
        return true;
      });
    }
  }
  assert.deepEqual(leftovers(), []);
});

test('no documents: NB_NO_DATA for every jobs (worker threads once reported a corrupt temporary file)', async () => {
  const none = async function* () {};
  for (const jobs of [1, 2]) {
    for (const [name, args] of [['arrays', [[], []]], ['records', [[]]], ['async generator', [none()]]]) {
      await assert.rejects(NaiveBayes.train(...args, { ...OPTIONS, jobs }), (error) => {
        assert.equal(error.code, 'NB_NO_DATA', `jobs ${jobs}, ${name}: ${error.message}`);
        assert.equal(error.message, 'no training data: no document was counted', `jobs ${jobs}, ${name}`);
        return true;
      });
    }
  }
  assert.deepEqual(leftovers(), []);
});

test('writeCounts before any document: NB_NO_DATA, not a count file of no class that merge and finish refuse', () => {
  const trainer = new NaiveBayesTrainer(OPTIONS);
  const chunks = [];
  assert.throws(() => trainer.writeCounts((chunk) => chunks.push(chunk)), { code: 'NB_NO_DATA' });
  assert.equal(chunks.length, 0);
  trainer.add('a good film', 'pos').add('a bad film', 'neg'); // still usable
  trainer.finish().dispose();
  trainer.dispose();
});

test('writeCounts: the counts written out (twice over, as shards) finish into the same model', () => {
  const whole = trainWith({});
  const half = texts.length / 2;
  const shards = [[0, half], [half, texts.length]].map(([from, to]) => {
    const trainer = new NaiveBayesTrainer({ ...OPTIONS, memoryLimit: 2 * MIB });
    const chunks = [];
    trainer.addMany(texts.slice(from, to), labels.slice(from, to));
    const tokens = trainer.writeCounts((chunk) => chunks.push(chunk));
    assert.ok(tokens > 0);
    trainer.dispose();
    return Buffer.concat(chunks);
  });
  const { model, tokens } = finishCounts(shards.map((bytes, i) => bytesReader(bytes, `shard ${i}`)));
  const finished = modelOf(model);
  assert.deepEqual(finished.save(), whole.bytes);
  assert.equal(tokens, whole.distinct);
  finished.dispose();
});

test('after writeCounts a trainer writes its next documents as another shard; finish and merge say why they cannot', () => {
  const whole = trainWith({});
  const half = texts.length / 2;
  for (const memoryLimit of [undefined, MIB]) { // in memory, and with runs written to disk
    const trainer = new NaiveBayesTrainer({ ...OPTIONS, ...(memoryLimit ? { memoryLimit } : {}) });
    const other = new NaiveBayesTrainer(OPTIONS);
    const shards = [[], []];
    trainer.addMany(texts.slice(0, half), labels.slice(0, half));
    trainer.writeCounts((chunk) => shards[0].push(chunk));
    assert.throws(() => trainer.finish(), /written out by writeCounts\(\).*palette-sentiment finish/);
    assert.throws(() => trainer.merge(other), /written out by writeCounts/);
    assert.throws(() => other.merge(trainer), /written out by writeCounts/);
    trainer.addMany(texts.slice(half), labels.slice(half));
    trainer.writeCounts((chunk) => shards[1].push(chunk));
    const { model } = finishCounts(shards.map((chunks, i) => bytesReader(Buffer.concat(chunks), `shard ${i}`)));
    const finished = modelOf(model);
    assert.deepEqual(finished.save(), whole.bytes, `memoryLimit ${memoryLimit}`);
    for (const t of [finished, trainer, other]) t.dispose();
  }

  // A sink that throws part way: the counts are gone, and every later use says so.
  const trainer = new NaiveBayesTrainer(OPTIONS);
  trainer.addMany(texts.slice(0, 200), labels.slice(0, 200));
  assert.throws(() => trainer.writeCounts(() => { throw new Error('no space left on device'); }), /no space left/);
  for (const use of [() => trainer.finish(), () => trainer.add('more', 'pos'), () => trainer.documents, () => trainer.writeCounts(() => {})]) {
    assert.throws(use, /writeCounts failed part way \(no space left on device\), so its counts are lost; dispose it/);
  }
  trainer.dispose();
  assert.throws(() => trainer.spilledBytes, /after dispose/);
});

test('a document that does not fit the limit on its own: NB_TOO_LARGE naming the memory it needs', () => {
  const trainer = new NaiveBayesTrainer({ ...OPTIONS, memoryLimit: MIB });
  const huge = Array.from({ length: 60000 }, (_, i) => `x${i}`).join(' ');
  assert.throws(() => trainer.add(huge, 'pos'), (error) => {
    assert.ok(error instanceof PaletteSentimentError);
    assert.equal(error.code, 'NB_TOO_LARGE');
    assert.ok(error.memoryNeeded > MIB, `memoryNeeded ${error.memoryNeeded}`);
    assert.match(error.message, /^a document of [\d,]+ bytes needs up to \d+\.\d\d MiB of training memory; memoryLimit is 1\.00 MiB: raise it to at least \d+ MiB$/);
    assert.equal(Number(error.message.match(/needs up to ([\d.]+) MiB/)[1]), +(error.memoryNeeded / MIB).toFixed(2), 'the message says memoryNeeded');
    return true;
  });
  trainer.add('a small one fits', 'pos'); // the trainer is still usable
  assert.equal(trainer.documents, 1);
  trainer.dispose();
});

test('a memoryLimit over what one WebAssembly memory holds: the counts are written out at 1.5 GiB, not NO_MEMORY', () => {
  // Random words, 100 new tokens a document: about 15 million fill 1.5 GiB. With the 4 GiB limit itself the table
  // grew until the 2 GB memory could not, and add() threw NO_MEMORY (after about 12 million).
  const trainer = new NaiveBayesTrainer({ memoryLimit: 4 * 1024 * MIB });
  try {
    let state = 12345;
    const word = () => {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      return (state >>> 0).toString(36);
    };
    let documents = 0;
    while (trainer.spilledBytes === 0) {
      assert.ok(documents < 400_000, 'the counts were never written out');
      const batch = Array.from({ length: 1000 }, () => Array.from({ length: 100 }, () => word() + word()).join(' '));
      trainer.addMany(batch, batch.map((_, i) => (i % 2 ? 'a' : 'b')));
      documents += batch.length;
    }
    assert.ok(documents > 100_000, `written out after ${documents} documents: the limit is the ceiling, not less`);
  } finally {
    trainer.dispose();
  }
  assert.deepEqual(leftovers(), []);
});

test('with jobs, NB_TOO_LARGE names the memoryLimit the jobs need together, and that limit trains', async () => {
  const huge = Array.from({ length: 60000 }, (_, i) => `x${i}`).join(' ');
  const texts = [huge, 'a small one', 'and another'], labels = ['pos', 'neg', 'neg'];
  const options = { ...OPTIONS, minDf: 1 };
  const oneJob = await NaiveBayes.train(texts, labels, { ...options, memoryLimit: MIB }).catch((error) => error);
  const perJob = oneJob.memoryNeeded;
  const limit = Math.ceil(perJob / MIB) * MIB; // enough for one job, not for three
  const error = await NaiveBayes.train(texts, labels, { ...options, memoryLimit: limit, jobs: 3 }).catch((e) => e);
  assert.equal(error.code, 'NB_TOO_LARGE', String(error));
  assert.equal(error.memoryNeeded, 3 * perJob);
  const advised = Number(error.message.match(/raise memoryLimit to at least (\d+) MiB, or use one job$/)?.[1]);
  assert.ok(advised * MIB > limit, error.message);
  const model = await NaiveBayes.train(texts, labels, { ...options, memoryLimit: advised * MIB, jobs: 3 });
  model.dispose();
});

test('bad memoryLimit and jobs values are refused before any work', async () => {
  for (const memoryLimit of [0, MIB - 1, MIB + 0.5, -1, '256M', NaN]) {
    assert.throws(() => new NaiveBayesTrainer({ memoryLimit }), /memoryLimit/, String(memoryLimit));
  }
  for (const jobs of [0, 257, 1.5, '2']) {
    await assert.rejects(NaiveBayes.train(['a'], ['x'], { jobs }), /jobs/, String(jobs));
  }
  await assert.rejects(NaiveBayes.train(['a', 'b'], ['x', 'y'], { jobs: 2, alpha: -1 }), /alpha/);
  await assert.rejects(NaiveBayes.train([{ text: 'a', label: 'x' }, null], { jobs: 2 }), { name: 'TypeError', message: /records\[1\] must be \{text, label\}/ });
  assert.deepEqual(leftovers(), []);
});
