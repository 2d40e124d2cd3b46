// Runs the palette-sentiment CLI as a child process for the node tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/palette-sentiment.js', import.meta.url));

/**
 * Runs the CLI; resolves {code, stdout, stderr}. Asynchronous, so tests can run it concurrently.
 * uid/gid run it as another user (the caller must be root); cli runs another copy of the CLI.
 */
export function runCli(args, { input, env, uid, gid, cli = CLI } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, SOURCE_DATE_EPOCH: '', ...env }, uid, gid });
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
