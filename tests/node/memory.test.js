// Leaks: long runs of calls leave the WebAssembly memory as it was. A soak
// test for any function goes here; a function's own error cases stay in its
// subject's file.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { init, NaiveBayes } from '../../web/index.js';
import { wasm } from '../../web/wasm.js';
import { fixtureRows, prng, review } from './nb-fixtures.js';

before(() => init());

describe('Naive Bayes memory', () => {
  test('10,000 predictions (with occasional 100 KB texts) leave the WebAssembly memory size unchanged', async () => {
    const rows = fixtureRows(300, 8);
    const model = await NaiveBayes.train(rows.map((r) => r.text), rows.map((r) => r.label), { ngrams: [1, 2] });
    try {
      const rand = prng(12);
      const short = fixtureRows(200, 13).map((r) => r.text);
      let big = '';
      while (big.length < 100_000) big += `${review(rand, 'pos', 50)} `;
      const texts = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 50 ? big : short[i % short.length]));
      const explainOf = (i) => [0, 3, 10][i % 3];
      // warm-up: every kind of call once
      for (let i = 0; i < 300; i++) model.predict(texts[i], { explain: explainOf(i) });
      model.predictMany(short.slice(0, 10));
      const size = wasm().memory.buffer.byteLength;
      // a leak too small to grow the memory still moves where the next block lands
      const probe = () => {
        const ptr = wasm().ps_alloc(4096);
        wasm().ps_free(ptr);
        return ptr;
      };
      const before = probe();
      let positives = 0;
      for (let i = 0; i < texts.length; i++) {
        const p = model.predict(texts[i], { explain: explainOf(i) });
        if (p.label === 'pos') positives++;
      }
      assert.ok(positives > 0);
      assert.equal(wasm().memory.buffer.byteLength, size, 'memory grew during 10,000 predictions');
      assert.equal(probe(), before, 'the heap changed shape during 10,000 predictions (a leak?)');
    } finally {
      model.dispose();
    }
  });
});
