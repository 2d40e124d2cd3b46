// What the JavaScript and the docs take from the C library must agree with it:
// the generated files are current, every status has the same name in C, in
// index.d.ts and in the README, every option table row matches its C setter at
// and beyond its limits, the defaults are C's, and the versions agree.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, NB_DEFAULTS, PALETTE_DEFAULTS } from '../../web/index.js';
import { paletteLibrary } from '../../web/palette-wasm.js';
import { textLibrary } from '../../web/text-wasm.js';
import { STATUS_NAMES } from '../../web/c-constants.js';
import { PALETTE_OPTIONS } from '../../web/palette.js';
import { NB_OPTIONS } from '../../web/nb-options.js';
import { getterOf, setterOf, toC } from '../../web/option-spec.js';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path) => readFileSync(root(path), 'utf8');
const ERROR_NAMES = STATUS_NAMES.slice(1);

// The C functions of each option table's handle kind.
const LIBRARY = { palette: paletteLibrary, nb: textLibrary };
const { wasm } = paletteLibrary;

before(() => init());

function cString(ptr, w = wasm()) {
  const bytes = new Uint8Array(w.memory.buffer, ptr);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}

test('the generated C tables and web/c-constants.js are what their scripts write', () => {
  for (const script of ['gen-c-constants.mjs', 'gen-srgb-table.mjs', 'gen-tokenize-tables.mjs', 'gen-unicode-tables.mjs']) {
    const r = spawnSync(process.execPath, [root(`scripts/${script}`), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${script} --check: ${r.stderr}`);
  }
});

/** The code literals given to new PaletteSentimentError(…) in the JS API (web/*.js); HTTP_${…} counts as HTTP_<status>. */
function thrownCodes() {
  const codes = new Set();
  for (const file of readdirSync(root('web')).filter((name) => name.endsWith('.js'))) {
    for (const [, code] of read(`web/${file}`).matchAll(/new PaletteSentimentError\(\s*[`']([A-Z_]+(?:\$\{)?)/g)) {
      codes.add(code.replace('${', '<status>'));
    }
  }
  return codes;
}

test('every status has the same name in C, in index.d.ts and in the README table', () => {
  for (const { wasm: w } of [paletteLibrary, textLibrary]) {
    assert.deepEqual(STATUS_NAMES.map((_, i) => cString(w().ps_status_name(i), w())), [...STATUS_NAMES]);
    assert.equal(cString(w().ps_status_name(STATUS_NAMES.length), w()), 'UNKNOWN');
  }
  const union = /readonly code:([\s\S]*?);/.exec(read('web/index.d.ts'))[1];
  const typed = [...union.matchAll(/'([A-Z_]+)'|`(HTTP_)\$\{number\}`/g)].map((m) => m[1] ?? 'HTTP_<status>');
  const documented = [...read('README.md').matchAll(/^\| `([A-Z_]+(?:<status>)?)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented.slice(0, ERROR_NAMES.length), ERROR_NAMES, 'the C statuses open the error-code table of README.md');
  assert.deepEqual(typed, documented, 'the PaletteSentimentError.code union of web/index.d.ts is the README table');
});

test('the JS layer\'s own error codes are the ones the README documents after C\'s, and each is thrown', () => {
  const documented = [...read('README.md').matchAll(/^\| `([A-Z_]+(?:<status>)?)` \|/gm)].map((m) => m[1]).slice(ERROR_NAMES.length);
  const thrown = thrownCodes();
  const jsOnly = [...thrown].filter((code) => !ERROR_NAMES.includes(code)).sort();
  assert.deepEqual(jsOnly, [...documented].sort(), 'codes thrown in web/*.js but not C statuses = the README\'s JS-only rows');
});

/** Status of setting value with a C setter on a fresh options handle of kind 'palette' or 'nb'. */
function setStatus(kind, spec, value) {
  const { wasm: lib, outSlot, readSlot } = LIBRARY[kind];
  const w = lib();
  w[`ps_${kind}_options_create`](outSlot(0));
  const handle = readSlot(0);
  try {
    return w[setterOf(`${kind}_options`, spec)](handle, value);
  } finally {
    w[`ps_${kind}_options_destroy`](handle);
  }
}

function probes(spec) {
  switch (spec.type) {
    case 'boolean': return [[0, true], [1, true], [2, false]];
    case 'space': return [[0, true], [1, true], [2, false], [-1, false]];
    case 'kind': return [[0, true], [1, true], [2, true], [3, false]];
    case 'choice': return spec.choices.flatMap((c) => [[c, true], [c - 1, spec.choices.includes(c - 1)], [c + 1, spec.choices.includes(c + 1)]]);
    case 'number': return [[spec.min, true], [spec.max, true], [spec.min - 1e-9 * Math.max(1, spec.min), false], [spec.max * (1 + 1e-9), false], [NaN, false]];
    default: return [
      [spec.min, true], [spec.max, true],
      ...(spec.min > 0 ? [[spec.min - 1, false]] : []),
      ...(spec.max < 0xFFFFFFFF ? [[spec.max + 1, false]] : []),
    ];
  }
}

for (const [kind, table] of [['palette', PALETTE_OPTIONS], ['nb', NB_OPTIONS]]) {
  test(`each ${kind} option table row matches its C setter at and beyond its limits${kind === 'nb' ? ', and C\'s default' : ''}`, () => {
    const { wasm: lib, outSlot, readSlot } = LIBRARY[kind];
    const w = lib();
    w[`ps_${kind}_options_create`](outSlot(0));
    const defaults = readSlot(0);
    try {
      for (const spec of Object.values(table)) {
        if (spec.decoder) continue; // maxPixels is the decoder's, not an options handle's
        for (const [value, ok] of probes(spec)) {
          assert.equal(setStatus(kind, spec, value) === 0, ok, `${setterOf(`${kind}_options`, spec)}(${value})`);
        }
        // the palette build exports no getters (nothing reads them back); test_palette checks its handle's defaults
        if (kind === 'nb') assert.equal(w[getterOf(`${kind}_options`, spec)](defaults), toC(spec, spec.default), `default of ${spec.key}`);
      }
    } finally {
      w[`ps_${kind}_options_destroy`](defaults);
    }
  });
}

test('the defaults and ranges index.d.ts documents are the option tables\'', () => {
  const dts = read('web/index.d.ts');
  const documented = (key) => {
    const m = new RegExp(`/\\*\\* ([^*]*?) \\*/\\s*${key}\\?:`).exec(dts);
    assert.ok(m, `${key} is documented in index.d.ts`);
    return m[1];
  };
  const shown = (value) => (Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'number' ? value.toLocaleString('en-US') : String(value));
  for (const [defaults, table] of [[PALETTE_DEFAULTS, PALETTE_OPTIONS], [NB_DEFAULTS, NB_OPTIONS]]) {
    for (const [key, value] of Object.entries(defaults)) {
      const doc = documented(key);
      if (typeof value !== 'string') assert.match(doc, new RegExp(`Default ${shown(value).replace(/[[\].]/g, '\\$&')}\\.`), key);
      const spec = table[key];
      if (spec?.type === 'integer' && spec.max < 0xFFFFFFFF) assert.ok(doc.includes(`${spec.min}–${spec.max}`), `${key}: ${doc}`);
    }
  }
});

test('ps_version() is the package version', () => {
  assert.equal(cString(wasm().ps_version()), JSON.parse(read('package.json')).version);
});

test('the palette and text builds split c/exports.txt: every symbol reaches one of them, only the core reaches both', async () => {
  const exportsOf = async (name) => WebAssembly.Module.exports(await WebAssembly.compile(readFileSync(root(`wasm-build/${name}.wasm`))))
    .filter((e) => e.kind === 'function' && e.name.startsWith('ps_')).map((e) => e.name).sort();
  const listed = read('c/exports.txt').split('\n').filter(Boolean).map((line) => line.replace(/^_/, '')).sort();
  const [full, palette, text] = await Promise.all(['palette-sentiment', 'palette-sentiment-palette', 'palette-sentiment-text'].map(exportsOf));
  assert.deepEqual(full, listed, 'the full build exports c/exports.txt');
  const missing = listed.filter((name) => !palette.includes(name) && !text.includes(name));
  assert.deepEqual(missing, [], 'symbols in neither half: add their module to EXPORTS_palette or EXPORTS_text in the Makefile');
  const both = palette.filter((name) => text.includes(name));
  assert.ok(both.every((name) => /^ps_(status|version|alloc|free|memory)/.test(name)), `only the core is in both halves: ${both}`);
  assert.ok(!palette.some((name) => /^ps_(nb|tokenize)_/.test(name)), 'no Naive Bayes function in the palette build');
  assert.ok(!text.some((name) => /^ps_(image|palette)_/.test(name)), 'no image function in the text build');
});
