// Every benchmark answers --help with the comment at its top (what it measures, its usage) and measures nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const BENCH = new URL('../../bench/', import.meta.url);
const scripts = readdirSync(BENCH).filter((name) => name.endsWith('.mjs') && readFileSync(new URL(name, BENCH), 'utf8').includes("import './lib/help.mjs';"));

test('bench scripts: --help and -h print the header comment and exit 0', () => {
  assert.ok(scripts.length >= 10, `scripts with help: ${scripts.join(', ')}`);
  for (const name of scripts) {
    const source = readFileSync(new URL(name, BENCH), 'utf8').split('\n');
    const header = source.slice(0, source.findIndex((line) => !line.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n');
    for (const flag of ['--help', '-h']) {
      const out = execFileSync(process.execPath, [new URL(name, BENCH).pathname, flag], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(out, `${header}\n`, `${name} ${flag}`);
    }
  }
});
