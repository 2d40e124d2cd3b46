// Tokenizer throughput on the IMDB training file (../shared/data/imdb/train.tsv.gz):
// MB of review text per second through ps_tokenize_words in the text .wasm, one
// review per call, for the format-1 tokenizer and for the options newer than it.
// `--baseline OLD.wasm` measures another build (for example one of main) in the
// same process, rounds alternating, so both see the same machine load; each figure
// is the best of `--rounds N` (default 7). Also prints the Chinese file's figures
// when ../shared/data/zh/waimai_10k.tsv.gz is there. A script that prints figures.
import './lib/help.mjs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { dataPath } from './data.mjs';
import { readAllRecords } from './split.mjs';
import { loadBuild } from './lib/wasm-build.mjs';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '7' } } });
const CURRENT = new URL('../wasm-build/palette-sentiment-text.wasm', import.meta.url);

/** A tokenizer run over texts with options set by configure(w, handle), timed per round. */
function runner(w, configure, texts) {
  const slot = w.ps_alloc(8);
  if (w.ps_nb_options_create(slot) !== 0) throw new Error('ps_nb_options_create failed');
  const handle = new Uint32Array(w.memory.buffer, slot, 1)[0];
  configure(w, handle);
  const options = w.ps_nb_options_tok(handle);
  const encoded = texts.map((t) => new TextEncoder().encode(t));
  const longest = Math.max(...encoded.map((b) => b.length));
  const input = w.ps_alloc(longest + 1);
  const wordsCap = longest + 1;
  const words = w.ps_alloc(20 * wordsCap);
  const tokensCap = 4 * longest + 64;
  const tokens = w.ps_alloc(tokensCap);
  const bytes = encoded.reduce((a, b) => a + b.length, 0);
  return {
    bytes,
    round() {
      const heap = new Uint8Array(w.memory.buffer);
      const t0 = performance.now();
      for (const b of encoded) {
        heap.set(b, input);
        const st = w.ps_tokenize_words(options, input, b.length, words, wordsCap, tokens, tokensCap, slot, slot + 4);
        if (st !== 0) throw new Error(`ps_tokenize_words: status ${st}`);
      }
      return performance.now() - t0;
    },
  };
}

const FORMAT_1 = (w, o) => {
  w.ps_nb_options_set_char_ngrams?.(o, 0, 0);
  w.ps_nb_options_set_emoji?.(o, 0);
  w.ps_nb_options_set_unicode_case?.(o, 0);
};
const DEFAULTS = () => {};
const ACCENTS = (w, o) => w.ps_nb_options_set_fold_accents(o, 1);

async function measure(name, texts) {
  const current = await loadBuild(CURRENT);
  const runs = [
    ...(values.baseline ? [[`baseline ${values.baseline}`, runner(await loadBuild(values.baseline), FORMAT_1, texts)]] : []),
    ['this build, format-1 tokenizer', runner(current, FORMAT_1, texts)],
    ['this build, defaults (char 1-2, emoji, Unicode case)', runner(current, DEFAULTS, texts)],
    ['this build, defaults + accent folding', runner(current, ACCENTS, texts)],
  ];
  const best = runs.map(() => Infinity);
  for (let r = 0; r < Number(values.rounds); r++) {
    runs.forEach(([, run], i) => { best[i] = Math.min(best[i], run.round()); });
  }
  const mb = runs[0][1].bytes / 1e6;
  console.log(`\n${name}: ${texts.length.toLocaleString('en-US')} texts, ${mb.toFixed(1)} MB; best of ${values.rounds} rounds`);
  runs.forEach(([label], i) => {
    const ratio = i > 0 && values.baseline ? `  ${((best[0] / best[i]) * 100).toFixed(1)} % of the baseline` : '';
    console.log(`  ${label.padEnd(56)} ${(mb / (best[i] / 1000)).toFixed(1).padStart(6)} MB/s${ratio}`);
  });
}

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (${process.platform}, node ${process.version})`);
const imdb = dataPath('imdb', 'train.tsv.gz');
if (!imdb) {
  console.log('bench/tokenize: ../shared/data/imdb/train.tsv.gz not found (set PS_DATA); nothing to measure');
  process.exit(0);
}
await measure('IMDB train.tsv.gz', (await readAllRecords(imdb, { text: 'review', label: 'sentiment' })).map((r) => r.text));
const zh = dataPath('zh', 'waimai_10k.tsv.gz');
if (zh) await measure('waimai_10k.tsv.gz', (await readAllRecords(zh, { text: 'review', label: 'sentiment' })).map((r) => r.text));
console.log(`\nload average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
