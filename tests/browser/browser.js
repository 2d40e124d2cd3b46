// Shared set-up for the browser tests: serve the repository with
// scripts/serve.mjs on a free port, drive Debian's /usr/bin/chromium with
// playwright-core, and collect console errors, page errors and CSP violations.
//
//   const env = await startBrowserTest(t);         // null: skipped, with the reason
//   if (!env) return;
//   const { page, problems } = await env.newPage({ width: 1280, height: 900 });
//   await page.goto(env.url);
//   …
//   assert.deepEqual(problems, []);               // env closes after the test
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init } from '../../web/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const WASM = fileURLToPath(new URL('../../wasm-build/palette-sentiment.wasm', import.meta.url));

/** Starts scripts/serve.mjs on a free port, serving root (default: the repository); resolves to {url, close()} once it listens. */
export function startServer({ timeoutMs = 10_000, root = ROOT } = {}) {
  const child = spawn(process.execPath, ['scripts/serve.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SERVE_ROOT: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`scripts/serve.mjs did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    function fail(error) {
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => fail(new Error(`scripts/serve.mjs exited with ${code}:\n${output}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: match[1],
        close: () => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill();
        }),
      });
    });
  });
}

/** Why the browser tests cannot run here, or null if they can. */
export async function skipReason() {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (!existsSync(WASM)) return `${WASM} is not built; run 'make'`;
  try {
    await import('playwright-core');
  } catch {
    return "playwright-core is not installed; run 'npm ci'";
  }
  return null;
}

/**
 * Starts the server and Chromium. Resolves to {skipReason} when that is not
 * possible here, else to {url, origin, browser, newPage(viewport), close()}.
 */
export async function startBrowserEnv() {
  const reason = await skipReason();
  if (reason) return { skipReason: reason };
  const { chromium } = await import('playwright-core');
  const server = await startServer();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.close();
    throw error;
  }
  const origin = new URL(server.url).origin;
  const contexts = [];
  return {
    url: server.url,
    origin,
    browser,
    /**
     * A fresh context and page with clipboard permissions; `problems` collects
     * console errors and warnings, uncaught page errors (page and workers) and
     * CSP violations as strings.
     */
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
        });
      });
      const page = await context.newPage();
      const problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('worker', (worker) => worker.on('console', (message) => {
        if (message.type() === 'error') problems.push(`worker console.error: ${message.text()}`);
      }));
      return { context, page, problems };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * The set-up of every browser test t: the server and Chromium, closed after t,
 * and the Node API initialised on the same .wasm the page loads. Resolves to
 * the environment, or to null after t.skip(reason) when it cannot run here.
 */
export async function startBrowserTest(t) {
  const env = await startBrowserEnv();
  if (env.skipReason) {
    t.skip(env.skipReason);
    return null;
  }
  t.after(() => env.close());
  await init(readFileSync(WASM));
  return env;
}

/** tests/browser/out/name (the folder is created, and git-ignored). */
export function outPath(name) {
  mkdirSync(OUT_DIR, { recursive: true });
  return `${OUT_DIR}${name}`;
}
