// The package as a stranger gets it: the `npm pack` tarball installed into
// fresh projects with pinned tools (tests/bundlers/<name>/package-lock.json).
// Vite and webpack build tests/bundlers/app with no configuration, esbuild its
// own app.js with the two loader flags the README gives, Rollup its own app.js
// with node-resolve only (the .wasm inlined, so the page fetches none), and a
// plain page imports the package's files with no bundler; each page then runs
// in one headless Chromium: palettes of a <canvas> and an <img>, a prediction
// with the shipped model, a <review-checker> and the worker, with no console error.
// Node runs a CommonJS and an ES module program; TypeScript checks the types
// under bundler, node16 and nodenext, without the DOM lib or @types/node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startBrowserEnv, startServer } from '../browser/browser.js';
import { pack, prepare, ROOT, run } from './harness.js';

const PROJECTS = ['vite', 'webpack', 'esbuild', 'rollup', 'plain', 'node', 'typescript'];
const SWATCH = ['#264653', '#e9c46a', '#e76f51']; // tests/bundlers/app/swatch.png: 50, 30 and 20 %
const EXPECTED = { canvas: ['#e76f51', '#2a9d8f'], image: SWATCH, worker: SWATCH, prediction: '1', checker: '0' };
const PALETTE_BUDGET = 42 * 1024; // gzip bytes of .wasm a palette-only page may download

/** What the package.json exports point at, as tarball paths. */
function exportTargets() {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.values(exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    .filter((target) => !target.includes('*')).map((target) => target.replace(/^\.\//, ''));
}

/** The package's .wasm builds by size: bundlers rename them. */
const BUILD_BY_SIZE = new Map(['palette-sentiment', 'palette-sentiment-palette', 'palette-sentiment-text']
  .map((name) => [readFileSync(join(ROOT, 'wasm-build', `${name}.wasm`)).length, name]));

/**
 * Serves root, opens path there in a fresh page and waits for the app's results:
 * {smoke, wasm: the builds fetched (page and workers), problems}.
 */
async function visit(env, root, path = '') {
  const server = await startServer({ root });
  try {
    const { page, problems } = await env.newPage({ width: 900, height: 700 });
    const fetched = new Set();
    page.context().on('response', (response) => {
      if (response.url().endsWith('.wasm')) fetched.add(BUILD_BY_SIZE.get(Number(response.headers()['content-length'])) ?? response.url());
    });
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => document.body.dataset.smoke, null, { timeout: 30_000 });
    const smoke = JSON.parse(await page.evaluate(() => document.body.dataset.smoke));
    return { smoke, wasm: [...fetched].sort(), problems };
  } finally {
    await server.close();
  }
}

async function checkTarball() {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json', '--loglevel=error'], ROOT);
  const files = JSON.parse(stdout)[0].files.map((f) => f.path);
  for (const target of exportTargets()) assert.ok(files.includes(target), `${target} is in the tarball`);
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'FORMAT.md', 'models/imdb-sentiment.nbm', 'bin/palette-sentiment.js']) {
    assert.ok(files.includes(file), file);
  }
  const unwanted = files.filter((f) => /^(tests|scripts|bench|c|build)\/|^web\/page\.|^index\.html$|^Makefile$/.test(f));
  assert.deepEqual(unwanted, []);
  const { stderr } = await run('npm', ['publish', '--dry-run'], ROOT);
  // Not being logged in to the registry is this machine's state, not the package's.
  const warnings = stderr.split('\n').filter((line) => /^npm warn/i.test(line) && !/requires you to be logged in/.test(line));
  assert.deepEqual(warnings, []);
}

async function checkNode(project) {
  const { dir } = await project;
  for (const program of ['index.cjs', 'index.mjs']) {
    const { stdout, stderr } = await run(process.execPath, [program], dir);
    assert.deepEqual(JSON.parse(stdout), { image: SWATCH, prediction: '1' }, program);
    assert.equal(stderr, '', `${program} prints no warning`);
  }
}

// name: [the folder served, the .wasm builds the page and its worker fetch]
const PAGES = {
  vite: ['dist', ['palette-sentiment-palette', 'palette-sentiment-text']],
  webpack: ['', ['palette-sentiment-palette', 'palette-sentiment-text']],
  esbuild: ['', ['palette-sentiment', 'palette-sentiment-palette']],
  rollup: ['', []],
  plain: ['', ['palette-sentiment-palette', 'palette-sentiment-text']],
};

async function checkPages(t, ready) {
  const env = await startBrowserEnv();
  if (env.skipReason) {
    t.skip(env.skipReason);
    return;
  }
  t.after(() => env.close());
  for (const [name, [served, builds]] of Object.entries(PAGES)) {
    await t.test(name, async () => {
      const { dir } = await ready[name];
      const { smoke, wasm, problems } = await visit(env, join(dir, served));
      assert.deepEqual(smoke, EXPECTED);
      assert.deepEqual(problems, []);
      assert.deepEqual(wasm, builds, 'the .wasm builds fetched');
    });
  }
  await t.test('webpack, a palette-only page: no Naive Bayes code, only the palette .wasm, within the size goal', async () => {
    const { dir } = await ready.webpack;
    const { smoke, wasm, problems } = await visit(env, dir, 'palette.html');
    assert.deepEqual(smoke, { image: SWATCH });
    assert.deepEqual(problems, []);
    assert.deepEqual(wasm, ['palette-sentiment-palette']);
    const gzip = gzipSync(readFileSync(join(ROOT, 'wasm-build', 'palette-sentiment-palette.wasm')), { level: 9 }).length;
    assert.ok(gzip <= PALETTE_BUDGET, `the palette page downloads ${gzip} bytes of gzipped .wasm`);
    assert.doesNotMatch(readFileSync(join(dir, 'dist-palette', 'main.js'), 'utf8'), /ps_nb_/);
    t.diagnostic(`a palette-only page downloads ${gzip} bytes of gzipped .wasm`);
  });
}

test('the packed package in bundlers, Node and TypeScript projects', { timeout: 900_000 }, async (t) => {
  const start = performance.now();
  const tarball = await pack();
  const ready = Object.fromEntries(PROJECTS.map((name) => [name, prepare(name, tarball)]));
  for (const project of Object.values(ready)) project.catch(() => {}); // each subtest reports its own failure

  await t.test('the tarball holds only what users need, every export target among it; npm publish --dry-run does not warn', checkTarball);
  await t.test('Node: a CommonJS program (require) and an ES module program', () => checkNode(ready.node));
  await t.test('TypeScript: bundler, node16, nodenext, no DOM lib and no @types/node, a CommonJS module (tsc in its build)', () => ready.typescript);
  await t.test('no bundler reports an import cycle in the package', async () => {
    for (const name of PROJECTS) {
      const { output } = await ready[name];
      assert.doesNotMatch(output, /circular/i, `${name}'s build`);
    }
  });
  await t.test('Vite, webpack, esbuild, Rollup and unbundled pages run in headless Chromium with no console error', (tt) => checkPages(tt, ready));
  for (const name of PROJECTS) t.diagnostic(`${name}: ${JSON.stringify((await ready[name]).ms)} ms`);
  t.diagnostic(`the bundler tests took ${Math.round((performance.now() - start) / 1000)} s`);
});
