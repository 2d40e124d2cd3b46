// The `palette-sentiment palette` command, run as a child process against the
// built .wasm, on PNG fixtures whose colours and shares are known in advance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bandedImage, encodePng, NO_WORKERS_OPTIONS, PROCESS_OPTIONS } from './fixtures.js';
import { exportPalette } from '../../web/exports.js';
import { CLI, skipWithoutWasm as skip } from './cli-run.js';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

// Fixtures: every expectation below is derived from these definitions, not from the CLI.
const RED = [230, 57, 70];
const NAVY = [29, 53, 87];
const TEAL = [42, 157, 143];
const SAND = [233, 196, 106];
const SLATE = [38, 70, 83];
const FIXTURES = {
  // 10 × 10: 60 red pixels then 40 navy ones.
  two: { width: 10, bands: [{ rgb: RED, rows: 6 }, { rgb: NAVY, rows: 4 }] },
  // 20 × 10: 100 teal, 60 sand, 40 slate.
  three: { width: 20, bands: [{ rgb: TEAL, rows: 5 }, { rgb: SAND, rows: 3 }, { rgb: SLATE, rows: 2 }] },
  // 8 × 8: 24 opaque sand pixels, 40 transparent (ignored: alpha < 128).
  alpha: { width: 8, bands: [{ rgb: NAVY, rows: 5, alpha: 0 }, { rgb: SAND, rows: 3 }] },
  // Every pixel transparent: no colour to report.
  clear: { width: 4, bands: [{ rgb: RED, rows: 4, alpha: 0 }] },
};

const hexOf = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The palette a fixture must give when k ≥ its number of distinct opaque colours. */
function expectedColors(name) {
  const { width, bands } = FIXTURES[name];
  const opaque = bands.filter((band) => (band.alpha ?? 255) >= 128);
  const total = opaque.reduce((n, band) => n + band.rows * width, 0);
  return opaque
    .map((band) => ({ hex: hexOf(band.rgb), rgb: band.rgb, count: band.rows * width, share: (band.rows * width) / total }))
    .sort((a, b) => b.count - a.count);
}

const plainLines = (name) => expectedColors(name).map((c) => `${c.hex} ${c.share.toFixed(4)}\n`).join('');

let dir;
const files = {};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ps-cli-'));
  for (const [name, spec] of Object.entries(FIXTURES)) {
    const { width, height, rgba } = bandedImage(spec.width, spec.bands);
    files[name] = join(dir, `${name}.png`);
    writeFileSync(files[name], encodePng(width, height, rgba));
  }
  const good = readFileSync(files.two);
  files.truncated = join(dir, 'truncated.png');
  writeFileSync(files.truncated, good.subarray(0, 40));
  files.text = join(dir, 'notes.txt');
  writeFileSync(files.text, 'this is not an image\n');
  files.empty = join(dir, 'empty.png');
  writeFileSync(files.empty, '');
  files.dir = join(dir, 'a-directory');
  mkdirSync(files.dir);
  files.missing = join(dir, 'missing.png');
  files.huge = join(dir, 'sparse-3g.png');
  writeFileSync(files.huge, good);
  truncateSync(files.huge, 3 * 2 ** 30); // sparse: no disk used
  // Preload that makes the child believe its stdout is a terminal.
  files.ttyPreload = join(dir, 'tty.cjs');
  writeFileSync(files.ttyPreload, "Object.defineProperty(process.stdout, 'isTTY', { value: true });\n");
});

after(() => rmSync(dir, { recursive: true, force: true }));

function cli(args, { input, env = {}, preload, cwd, nodeOptions = [] } = {}) {
  const nodeArgs = [...nodeOptions, ...(preload ? ['--require', preload] : []), CLI, ...args];
  const cleanEnv = { ...process.env, ...env };
  if (!('NO_COLOR' in env)) delete cleanEnv.NO_COLOR;
  cleanEnv.TERM = env.TERM ?? 'xterm-256color';
  const r = spawnSync(process.execPath, nodeArgs, { input, env: cleanEnv, cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('piped: one "#rrggbb share" line per colour, the known colours and shares', { skip }, () => {
  const r = cli(['palette', files.two]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '#e63946 0.6000\n#1d3557 0.4000\n');
  assert.equal(r.stdout, plainLines('two'));
});

test('piped: three colours sorted by share; k and space flags in every spelling', { skip }, () => {
  for (const args of [[], ['-k', '8'], ['--k=8'], ['-k8'], ['--k', '3'], ['--space', 'rgb'], ['--space=lab', '--seed', '7']]) {
    const r = cli(['palette', ...args, files.three]);
    assert.equal(r.code, 0, `${args}: ${r.stderr}`);
    assert.equal(r.stdout, plainLines('three'), args.join(' '));
    assert.equal(r.stdout, '#2a9d8f 0.5000\n#e9c46a 0.3000\n#264653 0.2000\n');
  }
});

test('-k smaller than the distinct colours gives k lines whose shares sum to 1', { skip }, () => {
  for (const k of [1, 2]) {
    const r = cli(['palette', '-k', String(k), files.three]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, k);
    for (const line of lines) assert.match(line, /^#[0-9a-f]{6} [01]\.\d{4}$/);
    const sum = lines.reduce((s, line) => s + Number(line.split(' ')[1]), 0);
    assert.ok(Math.abs(sum - 1) <= 0.0001 * k, `shares sum to ${sum}`);
  }
  assert.equal(cli(['palette', '-k', '1', files.three]).stdout.split(' ')[1], '1.0000\n');
});

test('the same seed gives the same palette', { skip }, () => {
  const a = cli(['palette', '-k', '2', '--seed', '12345', files.three]);
  const b = cli(['palette', '-k', '2', '--seed', '12345', files.three]);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
});

test('transparent pixels are not counted', { skip }, () => {
  const r = cli(['palette', files.alpha]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '#e9c46a 1.0000\n');
});

test('piped with several files: a "# file" line before each block', { skip }, () => {
  const r = cli(['palette', files.two, files.three]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `# ${files.two}\n${plainLines('two')}# ${files.three}\n${plainLines('three')}`);
});

test('--json: one object per file with every field, typed and correct', { skip }, () => {
  const r = cli(['palette', '--json', files.two, files.three, files.alpha]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  const expected = [['two', 10, 10], ['three', 20, 10], ['alpha', 8, 8]];
  lines.forEach((line, i) => {
    const [name, width, height] = expected[i];
    const obj = JSON.parse(line);
    assert.deepEqual(Object.keys(obj).sort(), ['colors', 'decodeMs', 'deltaE', 'file', 'height', 'ms', 'width']);
    assert.equal(obj.file, files[name]);
    assert.equal(obj.width, width);
    assert.equal(obj.height, height);
    assert.equal(obj.colors.length, expectedColors(name).length);
    obj.colors.forEach((c, j) => {
      assert.deepEqual(Object.keys(c).sort(), ['count', 'hex', 'rgb', 'share']);
      const want = expectedColors(name)[j];
      assert.equal(c.hex, want.hex);
      assert.deepEqual(c.rgb, want.rgb);
      assert.equal(c.count, want.count);
      assert.ok(Number.isInteger(c.count));
      assert.ok(Math.abs(c.share - want.share) < 1e-9, `${c.share} vs ${want.share}`);
    });
    // Every pixel is exactly one of the palette colours: the mean ΔE76 is 0.
    assert.equal(typeof obj.deltaE, 'number');
    assert.ok(obj.deltaE >= 0 && obj.deltaE < 1e-6, `deltaE ${obj.deltaE}`);
    for (const key of ['ms', 'decodeMs']) {
      assert.equal(typeof obj[key], 'number');
      assert.ok(Number.isFinite(obj[key]) && obj[key] >= 0, `${key} ${obj[key]}`);
    }
  });
});

test('--css: per file a comment naming it, then the page\'s CSS export (--palette-N on :root)', { skip }, () => {
  const r = cli(['palette', '--css', files.two, files.three]);
  assert.equal(r.code, 0, r.stderr);
  const block = (name) => `/* ${files[name]} */\n/* ${name}: palette-sentiment */\n:root {\n${
    expectedColors(name).map((c, i) => `  --palette-${i + 1}: ${c.hex}; /* rgb(${c.rgb.join(', ')}), ${(c.share * 100).toFixed(1)}% */\n`).join('')}}\n`;
  assert.equal(r.stdout, `${block('two')}\n${block('three')}`);
  // the same variables as the web page's CSS export of that file
  assert.ok(r.stdout.includes(exportPalette('css', expectedColors('two'), { name: 'two.png' })));
});

test("--css: a file name holding '*/' cannot close the comment early", { skip }, () => {
  const odd = join(dir, 'a*/b.png');
  mkdirSync(join(dir, 'a*'), { recursive: true });
  writeFileSync(odd, readFileSync(files.two));
  const r = cli(['palette', '--css', odd]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], `/* ${odd.replaceAll('*/', '*\\/')} */`);
});

test('a file name holding a line break or a terminal escape stays on its one line, harmless: "# file", the terminal header, the error', { skip }, () => {
  const odd = join(dir, 'two\nlines\r\x1b[2J\x9b.png');
  writeFileSync(odd, readFileSync(files.two));
  const escaped = odd.replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\x1b', '\\x1b').replaceAll('\x9b', '\\x9b');
  const piped = cli(['palette', odd, files.three]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, `# ${escaped}\n${plainLines('two')}# ${files.three}\n${plainLines('three')}`);
  const tty = cli(['palette', odd], { preload: files.ttyPreload, env: { NO_COLOR: '1' } });
  assert.equal(tty.code, 0, tty.stderr);
  assert.ok(tty.stdout.startsWith(`${escaped}  10×10  `), tty.stdout);
  const missing = cli(['palette', `${odd}.missing`]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `palette-sentiment: ${escaped}.missing: no such file\n`);
  const empty = cli(['palette', '']); // a name that would print as nothing at all
  assert.equal(empty.stderr, "palette-sentiment: '' (an empty file name): no such file\n");
  const css = cli(['palette', '--css', odd]);
  assert.ok(css.stdout.startsWith(`/* ${escaped} */\n`), css.stdout);
});

test("'-' reads the image from standard input", { skip }, () => {
  const bytes = readFileSync(files.two);
  const plain = cli(['palette', '-'], { input: bytes });
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout, plainLines('two'));
  const json = cli(['palette', '--json', '-k', '4', '-'], { input: bytes });
  assert.equal(json.code, 0, json.stderr);
  const obj = JSON.parse(json.stdout);
  assert.equal(obj.file, '-');
  assert.deepEqual(obj.colors.map((c) => c.hex), ['#e63946', '#1d3557']);
  // Mixed with files, stdin is one of the inputs, in order.
  const mixed = cli(['palette', files.three, '-'], { input: bytes });
  assert.equal(mixed.stdout, `# ${files.three}\n${plainLines('three')}# -\n${plainLines('two')}`);
});

test('bad files: one stderr line each, exit 1, the good files still printed', { skip }, () => {
  const bad = ['missing', 'truncated', 'text', 'empty', 'dir', 'clear'];
  const args = ['palette', files.two, ...bad.map((name) => files[name]), files.three];
  const r = cli(args);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, `# ${files.two}\n${plainLines('two')}# ${files.three}\n${plainLines('three')}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, bad.length, r.stderr);
  bad.forEach((name, i) => {
    assert.ok(lines[i].startsWith(`palette-sentiment: ${files[name]}: `), lines[i]);
    assert.ok(lines[i].length > `palette-sentiment: ${files[name]}: `.length + 3, lines[i]);
  });
  assert.match(lines[0], /no such file/);
  assert.match(lines[1], /truncated or corrupt/);
  assert.match(lines[2], /unsupported/);
  assert.match(lines[3], /empty/);
  assert.match(lines[4], /directory/);
  assert.match(lines[5], /no pixel/);
  // a file of 2 GiB or more, which Node will not read into one buffer
  for (const jobs of ['1', '2']) {
    const huge = cli(['palette', '--jobs', jobs, files.two, files.huge, files.three]);
    assert.equal(huge.code, 1);
    assert.equal(huge.stdout, `# ${files.two}\n${plainLines('two')}# ${files.three}\n${plainLines('three')}`);
    assert.match(huge.stderr, new RegExp(`^palette-sentiment: ${files.huge}: .*under 2 GiB\n$`));
  }
  // --json skips the bad file too and keeps one valid object per good file.
  const json = cli(['palette', '--json', files.missing, files.two]);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).file, files.two);
  // A corrupt image on stdin is named as the other commands name it (its JSON and '# ' header keep '-', the argument).
  const stdin = cli(['palette', '-'], { input: readFileSync(files.truncated) });
  assert.equal(stdin.code, 1);
  assert.match(stdin.stderr, /^palette-sentiment: standard input: .+\n$/);
  assert.equal(stdin.stdout, '');
});

test('terminal: a header per file, then a 24-bit swatch, the hex and a percentage per colour', { skip }, () => {
  const r = cli(['palette', files.two, files.alpha], { preload: files.ttyPreload });
  assert.equal(r.code, 0, r.stderr);
  const [first, second] = r.stdout.split('\n\n');
  const lines = first.trimEnd().split('\n');
  assert.match(lines[0], new RegExp(`^${files.two.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+10×10\\s+\\d+ B\\s+mean ΔE76 0\\.00$`));
  assert.equal(lines.length, 3);
  assert.equal(lines[1], '  \x1b[48;2;230;57;70m   \x1b[0m #e63946   60.00%');
  assert.equal(lines[2], '  \x1b[48;2;29;53;87m   \x1b[0m #1d3557   40.00%');
  assert.ok(second.startsWith(files.alpha));
  assert.match(second, /\x1b\[48;2;233;196;106m {3}\x1b\[0m #e9c46a  100\.00%/);
});

test('terminal with NO_COLOR or TERM=dumb: no escape sequences at all', { skip }, () => {
  for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
    const r = cli(['palette', files.two], { preload: files.ttyPreload, env });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\x1b/);
    assert.deepEqual(r.stdout.trimEnd().split('\n').slice(1), ['  #e63946   60.00%', '  #1d3557   40.00%']);
  }
  // An empty NO_COLOR does not count (no-color.org).
  assert.match(cli(['palette', files.two], { preload: files.ttyPreload, env: { NO_COLOR: '' } }).stdout, /\x1b\[48;2;/);
});

test('usage errors exit 2 with a message naming the flag, and print nothing on stdout', () => {
  const cases = [
    [['palette', '-k', '0', 'x.png'], /-k must be an integer from 1 to 256/],
    [['palette', '-k', '257', 'x.png'], /-k must be an integer from 1 to 256/],
    [['palette', '-k', '2.5', 'x.png'], /-k must be an integer/],
    [['palette', '--k=abc', 'x.png'], /-k must be an integer/],
    [['palette', '--k=', 'x.png'], /-k must be an integer/],
    [['palette', 'x.png', '-k'], /option -k, --k needs a value/],
    [['palette', '--space', 'hsv', 'x.png'], /--space must be 'lab' or 'rgb', got 'hsv'/],
    [['palette', '--seed', '-1', 'x.png'], /option --seed needs a value \(write --seed=VALUE/],
    [['palette', '-k', '-3', 'x.png'], /option -k needs a value \(write --k=VALUE/],
    [['palette', '--seed=-1', 'x.png'], /--seed must be an integer from 0 to 4294967295/],
    [['palette', '--seed', '4294967296', 'x.png'], /--seed must be an integer/],
    [['palette', '--seed', 'abc', 'x.png'], /--seed must be an integer/],
    [['palette', '--frobnicate', 'x.png'], /unknown option --frobnicate/],
    [['palette', '-x', 'x.png'], /unknown option -x/],
    [['palette', '--json=yes', 'x.png'], /option --json does not take a value/],
    [['palette'], /no image given/],
    [['palette', '-k', '3'], /no image given/],
    [['palette', '--json', '--css', 'x.png'], /--json and --css cannot be used together/],
    [['palette', '-', '-'], /only once/],
    [['paint', 'x.png'], /unknown command 'paint'/],
    [['--frobnicate'], /unknown option --frobnicate/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, /^palette-sentiment: /, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  const bare = cli([]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^Usage: palette-sentiment <command>/);
});

test('a file named like an option: the unknown option names it and how to pass it', () => {
  writeFileSync(join(dir, '-two.png'), readFileSync(files.two));
  const r = cli(['palette', '-two.png'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^palette-sentiment: unknown option -t \(for the file '-two\.png', write \.\/-two\.png or put it after --\)\n/);
  for (const args of [['palette', './-two.png'], ['palette', '--', '-two.png']]) {
    const ok = cli(args, { cwd: dir });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, plainLines('two'));
  }
  assert.doesNotMatch(cli(['palette', '-x', 'two.png'], { cwd: dir }).stderr, /for the file/);
});

test('--help and --version exit 0 and print to stdout', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = cli(args);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: palette-sentiment <command>/);
    assert.match(r.stdout, /^ {2}palette {4}/m);
    assert.equal(r.stderr, '');
  }
  for (const args of [['palette', '--help'], ['palette', '-h'], ['help', 'palette'], ['palette', '-k', '0', '--help']]) {
    const r = cli(args);
    assert.equal(r.code, 0, args.join(' ')); // --help wins over other flags, even invalid ones
    assert.match(r.stdout, /^Usage: palette-sentiment palette <image\.\.\.>/);
    for (const flag of ['-k', '--space', '--seed', '--json', '--css', '# <file>', 'NO_COLOR']) assert.ok(r.stdout.includes(flag), flag);
  }
  for (const args of [['--version'], ['-v']]) {
    const r = cli(args);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${PKG.version}\n`);
  }
});

test('--jobs: the same output and errors, in argument order, for any number of workers', { skip }, () => {
  const names = ['three', 'missing', 'two', 'truncated', 'alpha', 'three', 'clear', 'two'];
  const args = (jobs, format) => ['palette', ...format, '--jobs', String(jobs), ...names.map((name) => files[name])];
  const noTiming = (out) => out.replace(/"ms":[0-9.e-]+,"decodeMs":[0-9.e-]+/g, '');
  for (const format of [[], ['--json'], ['--css']]) {
    const one = cli(args(1, format));
    assert.equal(one.code, 1);
    for (const jobs of [2, 3, 16]) {
      const many = cli(args(jobs, format));
      assert.equal(many.code, 1, `--jobs ${jobs} ${format}`);
      assert.equal(noTiming(many.stdout), noTiming(one.stdout), `--jobs ${jobs} ${format}`);
      assert.equal(many.stderr, one.stderr, `--jobs ${jobs} ${format}`);
    }
  }
  // the order is the arguments', and the default (the number of cores) agrees too, as do V8's options given to the
  // process (which a worker may not be given) and a process that may not start workers (all on the main thread)
  const plain = cli(['palette', '-j', '2', files.two, files.three]);
  assert.equal(plain.stdout, `# ${files.two}\n${plainLines('two')}# ${files.three}\n${plainLines('three')}`);
  assert.equal(cli(['palette', files.two, files.three]).stdout, plain.stdout);
  for (const nodeOptions of [PROCESS_OPTIONS, NO_WORKERS_OPTIONS]) {
    const r = cli(['palette', '-j', '2', files.two, files.three], { nodeOptions });
    assert.deepEqual([r.code, r.stderr, r.stdout], [0, '', plain.stdout], nodeOptions.join(' '));
  }
  for (const bad of ['0', '1025', 'x', '1.5']) {
    const r = cli(['palette', '--jobs', bad, files.two]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--jobs must be an integer from 1 to 1024/);
  }
});
