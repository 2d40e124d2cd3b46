// The machinery of bundlers.test.js: pack the package as npm would publish it,
// and set up each smoke project in build/bundlers/<name>: the shared app
// (tests/bundlers/app) and the project's own files, a page per <page>.head.html
// (app/page.html with that <script> in its head), its tools installed from its
// package-lock.json (npm ci, from npm's cache when it can), the tarball
// installed beside them, then `npm run build`. node_modules is kept between
// runs while the lock file is unchanged.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = fileURLToPath(new URL('./', import.meta.url));
export const WORK = join(ROOT, 'build', 'bundlers');
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** Runs command; resolves to {stdout, stderr, ms}; rejects with the command and its output if it fails. */
export function run(command, args, cwd, env = {}) {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Math.round(performance.now() - start);
      if (code === 0) resolve({ stdout, stderr, ms });
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** npm pack into build/bundlers (its prepack runs make); resolves to the tarball's path. */
export async function pack() {
  mkdirSync(WORK, { recursive: true });
  // make has built the .wasm (the Makefile runs this test after it); prepack would print its output.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', WORK, '--json', '--loglevel=error'], ROOT);
  return join(WORK, JSON.parse(stdout)[0].filename);
}

/** build/bundlers/name with fresh sources: everything but node_modules is replaced. */
function freshCopy(name) {
  const dir = join(WORK, name);
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (entry !== 'node_modules') rmSync(join(dir, entry), { recursive: true, force: true });
  }
  // Timestamps kept, so that an unchanged package-lock.json is older than the last install.
  cpSync(join(SOURCES, 'app'), dir, { recursive: true, preserveTimestamps: true });
  cpSync(join(SOURCES, name), dir, { recursive: true, preserveTimestamps: true });
  const page = readFileSync(join(SOURCES, 'app', 'page.html'), 'utf8');
  for (const head of readdirSync(dir).filter((file) => file.endsWith('.head.html'))) {
    writeFileSync(join(dir, head.replace('.head', '')), page.replace('<!-- head -->', readFileSync(join(dir, head), 'utf8').trim()));
  }
  return dir;
}

function installedFromLock(dir) {
  const stamp = join(dir, 'node_modules', '.package-lock.json');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(join(dir, 'package-lock.json')).mtimeMs;
}

/**
 * Sets up and builds the smoke project tests/bundlers/name with the tarball.
 * Resolves to {dir, ms: {ci?, tarball, build?}, output}: output is what the build printed (stdout, then stderr).
 */
export async function prepare(name, tarball) {
  const dir = freshCopy(name);
  const ms = {};
  let output = '';
  if (!installedFromLock(dir)) ms.ci = (await run('npm', ['ci', ...NPM_FLAGS], dir)).ms;
  rmSync(join(dir, 'node_modules', 'palette-sentiment'), { recursive: true, force: true });
  ms.tarball = (await run('npm', ['install', '--no-save', ...NPM_FLAGS, tarball], dir)).ms;
  if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.build) {
    const build = await run('npm', ['run', 'build', '--silent'], dir);
    ms.build = build.ms;
    output = build.stdout + build.stderr;
  }
  return { dir, ms, output };
}
