// Native and WebAssembly builds agree byte for byte: the same training rows and
// options give identical model files, and the same texts identical predictions
// and explanations, checked against tests/c/tool_nb.c (make native; skipped
// with a message when build/native/tool_nb is missing).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, NaiveBayes } from '../../web/index.js';
import { useTmpDir } from './fixtures.js';
import { COMMON, FIXTURE_LABELS, fixtureRows, pick, POOLS, prng } from './nb-fixtures.js';

const TOOL = fileURLToPath(new URL('../../build/native/tool_nb', import.meta.url));

before(() => init());
const tmpPath = useTmpDir('ps-nb-parity-');

describe('native vs WebAssembly', () => {
  const NEW = { charNgrams: [1, 2], emoji: true, unicodeCase: true, foldAccents: false };
  const SETS = [
    { ngrams: [1, 1], binary: false, alpha: 1, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16, ...NEW },
    { ngrams: [1, 3], binary: true, alpha: 0.5, minDf: 2, maxFeatures: 0, stopwords: false, negation: false, weightBits: 8, ...NEW },
    { ngrams: [2, 3], binary: false, alpha: 0.1, minDf: 1, maxFeatures: 300, stopwords: true, negation: true, weightBits: 32, ...NEW },
    { ngrams: [1, 2], binary: true, alpha: 1, minDf: 1, maxFeatures: 0, stopwords: false, negation: true, weightBits: 16,
      charNgrams: [1, 3], emoji: true, unicodeCase: true, foldAccents: true },
    { ngrams: [1, 2], binary: false, alpha: 1, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16,
      charNgrams: false, emoji: false, unicodeCase: false, foldAccents: false },
    // the linear kinds (three classes: one-vs-rest) and calibration, fitted on the training rows by both
    { ngrams: [1, 2], binary: true, alpha: 0.5, minDf: 1, maxFeatures: 0, stopwords: false, negation: true, weightBits: 8, ...NEW,
      kind: 'nblr', l2: 2, epochs: 3, nbMix: 0.1, seed: 5, pieces: 2, calibration: 'length' },
    { ngrams: [1, 1], binary: true, alpha: 1, minDf: 2, maxFeatures: 0, stopwords: false, negation: false, weightBits: 32, ...NEW,
      kind: 'nblr', l2: 10, epochs: 2, nbMix: 0, seed: 0, pieces: 0 },
    { ngrams: [1, 3], binary: false, alpha: 1, minDf: 1, maxFeatures: 0, stopwords: false, negation: false, weightBits: 16, ...NEW,
      kind: 'complement', calibration: 'temperature' },
  ];
  const KINDS = { nb: 0, nblr: 1, complement: 2 };
  // Text in other scripts, with emoji and emoticons: each option set tokenizes it its own way, the same in both builds.
  const WORLD = ['很好吃，送餐快 👍🏽', '太难吃了 😡 :(', 'Υπέροχη ταινία ΥΠΕΡΟΧΗΣ :-)', 'ΑΠΑΊΣΙΑ ταινία', 'コーヒーが好き ❤️',
    'อร่อยมาก 👍', 'İstanbul çok güzel <3', 'STRASSE Straße 👎', 'Việt café 👨‍👩‍👧 1️⃣', 'iPhone 很差 🇫🇷 ^_^'];

  function parseNative(out, labels) {
    const results = [];
    for (const line of out.split('\n')) {
      if (line.startsWith('P ')) {
        const [, label, evidence, ...probs] = line.split(' ');
        results.push({
          label: labels[Number(label)], evidence: Number(evidence),
          probabilities: Object.fromEntries(probs.map((p, c) => [labels[c], Number(p)])), explanation: [],
        });
      } else if (line.startsWith('E ')) {
        const [, cls, weight] = line.split(' ', 3);
        const token = line.slice(4 + cls.length + weight.length);
        results.at(-1).explanation.push({ token, weight: Number(weight), label: labels[Number(cls)] });
      }
    }
    return results;
  }

  for (const [index, options] of SETS.entries()) {
    test(`identical model bytes and predictions, option set ${index + 1}: ${JSON.stringify(options)}`, async (t) => {
      if (!existsSync(TOOL)) {
        t.skip(`${TOOL} is missing: run make build/native/tool_nb`);
        return;
      }
      const rows = [...fixtureRows(400, 31 + index), ...WORLD.map((text, i) => ({ text, label: FIXTURE_LABELS[i % 2] }))];
      const rowsFile = tmpPath(`rows-${index}.tsv`);
      writeFileSync(rowsFile, rows.map((r) => `${r.label}\t${r.text}\n`).join(''));
      const nativeModel = tmpPath(`native-${index}.nbm`);
      const { calibration, ...o } = options;
      const linear = o.kind ? [KINDS[o.kind], o.l2 ?? 10, o.epochs ?? 5, o.nbMix ?? 0, o.seed ?? 0, o.pieces ?? 0,
        ...(calibration ? [calibration === 'length' ? 1 : 0] : [])] : [];
      execFileSync(TOOL, ['train', rowsFile, nativeModel, o.ngrams[0], o.ngrams[1], +o.binary, o.alpha, o.minDf,
        o.maxFeatures, +o.stopwords, +o.negation, o.weightBits, ...(o.charNgrams || [0, 0]), +o.emoji, +o.unicodeCase, +o.foldAccents,
        ...linear].map(String));
      const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), o);
      try {
        if (calibration) model.calibrate(rows.map((r) => r.text), rows.map((r) => r.label), { lengthAware: calibration === 'length' });
        const bytes = model.save();
        assert.deepEqual(new Uint8Array(readFileSync(nativeModel)), bytes, 'model files differ');

        const rand = prng(100 + index);
        const texts = [
          ...fixtureRows(60, 200 + index).map((r) => r.text),
          '', '!!! ... ???', 'xyzzy plugh', '<br /><b></b>&amp;', 'not good, never boring &#39;n&#39; ÉTÉ 😀', ...WORLD,
          Array.from({ length: 5000 }, () => pick(rand, [...COMMON, ...POOLS.pos, ...POOLS.neg])).join(' '),
        ];
        const textsFile = tmpPath(`texts-${index}.txt`);
        writeFileSync(textsFile, texts.map((text) => `${text}\n`).join(''));
        const out = execFileSync(TOOL, ['predict', nativeModel, textsFile, '25'], { encoding: 'utf8', maxBuffer: 64 << 20 });
        const native = parseNative(out, model.labels);
        assert.equal(native.length, texts.length);
        const js = model.predictMany(texts, { explain: 25 });
        texts.forEach((text, i) => {
          assert.deepEqual(js[i], native[i], `text ${i}: ${text.slice(0, 60)}`);
        });
        assert.ok(js.some((p) => p.explanation.length > 0));
        assert.ok(js.some((p) => p.evidence === 0));
      } finally {
        model.dispose();
      }
    });
  }
});
