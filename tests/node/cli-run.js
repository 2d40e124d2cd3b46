// Runs the palette-sentiment CLI as a child process for the node tests, and
// what the cli-*.test.js files share: the skip reason when the .wasm is not
// built, a two-class training file, the check that a failed train keeps the old model.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/palette-sentiment.js', import.meta.url));
const WASM = fileURLToPath(new URL('../../wasm-build/palette-sentiment.wasm', import.meta.url));

/** The `skip` option of every test that runs the CLI: false, or why it cannot run. */
export const skipWithoutWasm = existsSync(WASM) ? false : `${WASM} is not built; run 'make'`;

// Two classes, four tokens, each token in one class only. Counts (alpha 1, V = 4):
// pos: good 2, fun 1 (N = 3); neg: bad 2, dull 1 (N = 3); priors 1/2 each. So
// P(good|pos) = 3/7, P(fun|pos) = 2/7, P(bad|pos) = P(dull|pos) = 1/7, and symmetrically.
export const TWO_TSV = 'review\tsentiment\ngood fun\tpos\ngood\tpos\nbad\tneg\nbad dull\tneg\n';

/**
 * Runs the CLI; resolves {code, stdout, stderr}. Asynchronous, so tests can run it concurrently.
 * uid/gid run it as another user (the caller must be root); cli runs another copy of the CLI; nodeOptions go to node.
 */
export function runCli(args, { input, env, uid, gid, cli = CLI, nodeOptions = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, cli, ...args], { env: { ...process.env, SOURCE_DATE_EPOCH: '', ...env }, uid, gid });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // the command may exit before reading its input
    child.stdin.end(input);
  });
}

/** Runs a command expected to fail: exit 1, nothing on stdout, one stderr line naming the program and matching pattern. */
export async function expectOneLineFailure(args, pattern, options) {
  const r = await runCli(args, options);
  assert.equal(r.code, 1, `exit code of ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '', args.join(' '));
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, /^palette-sentiment: /);
  assert.match(r.stderr, pattern);
  return r;
}

/**
 * Trains a model from `data` into a fresh folder dir/keep, awaits failingRuns(modelPath)
 * (train runs that must fail), then checks that the model is unchanged and that no
 * temporary file is left beside it.
 */
export async function expectModelKept(dir, data, failingRuns) {
  const sub = join(dir, 'keep');
  mkdirSync(sub);
  const out = join(sub, 'model.nbm');
  assert.equal((await runCli(['train', data, '-o', out])).code, 0);
  const before = readFileSync(out);
  await failingRuns(out);
  assert.deepEqual(readFileSync(out), before);
  assert.deepEqual(readdirSync(sub), ['model.nbm']);
}

/**
 * runCli options that make the CLI unable to read or write what its user cannot. Root can anyway, so as
 * root the CLI runs as nobody (65534), from a copy of the package in dir (made readable to all).
 */
export function unprivileged(dir) {
  if (process.getuid?.() !== 0) return {};
  const pkg = join(dir, 'pkg');
  if (!existsSync(pkg)) {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    for (const part of ['bin', 'web', 'package.json', 'wasm-build']) cpSync(join(root, part), join(pkg, part), { recursive: true });
  }
  chmodSync(dir, 0o755);
  return { uid: 65534, gid: 65534, cli: join(pkg, 'bin', 'palette-sentiment.js') };
}
