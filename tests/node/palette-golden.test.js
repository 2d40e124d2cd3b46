// The palettes of a fixed set of images against tests/fixtures/palette-golden.json,
// recorded by the native build (last after issue #11's second pass; its commit
// says how far each palette moved; the 2048×1152 image's when it was added): each must be
// unchanged, or its mean ΔE76 over every pixel at most 1 % higher; and the
// WebAssembly and native (tests/tools/tool_palette.c) builds must agree to the bit.
// PS_GOLDEN_WRITE=1 rewrites the file from the native tool (only on purpose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, extractPalette, decodeImage, remapImage } from '../../web/index.js';
import { encodePng, makeRichImage } from './fixtures.js';

const GOLDEN = fileURLToPath(new URL('../fixtures/palette-golden.json', import.meta.url));
const TOOL = fileURLToPath(new URL('../../build/native/tool_palette', import.meta.url));
const UI = process.env.PS_DATA ? join(process.env.PS_DATA, 'images', 'ui') : fileURLToPath(new URL('../../../shared/data/images/ui', import.meta.url));
// [k, space, seed, alphaThreshold, restarts]
const OPTIONS = [[5, 'lab', 0, 128, 3], [8, 'lab', 7, 0, 3], [6, 'rgb', 1, 128, 2]];

/**
 * The image set: generated images (the last two large enough for every histogram path: counted in parts
 * from JS, and past 2^21 pixels) and, when present, 6 UI screenshots.
 */
function images(dir) {
  const made = [[61, 37, 5], [320, 240, 11], [1024, 768, 3], [2048, 1152, 13]].map(([w, h, seed]) => {
    const file = join(dir, `rich-${w}x${h}.png`);
    writeFileSync(file, encodePng(w, h, new Uint8Array(makeRichImage(w, h, seed).data.buffer)));
    return { name: `rich-${w}x${h}`, file };
  });
  const ui = existsSync(UI) ? readdirSync(UI).filter((f) => f.endsWith('.png')).sort().slice(0, 6) : [];
  return [...made, ...ui.map((f) => ({ name: `ui/${f}`, file: join(UI, f) }))];
}

function native(file, [k, space, seed, alpha, restarts]) {
  const out = execFileSync(TOOL, [file, k, space, seed, alpha, restarts].map(String), { encoding: 'utf8' });
  const [head, ...lines] = out.trim().split('\n');
  return { deltaE: Number(head.split(' ')[3]), colors: lines.map((line) => { const [hex, count] = line.split(' '); return [`#${hex}`, Number(count)]; }) };
}

test('palettes of a fixed image set: unchanged or within 1 % ΔE, and native = WebAssembly', { skip: existsSync(TOOL) ? false : `${TOOL} is missing` }, async () => {
  await init();
  const dir = mkdtempSync(join(tmpdir(), 'ps-golden-'));
  try {
    const golden = process.env.PS_GOLDEN_WRITE ? {} : JSON.parse(readFileSync(GOLDEN, 'utf8'));
    for (const { name, file } of images(dir)) {
      const pixels = decodeImage(readFileSync(file));
      for (const opts of OPTIONS) {
        const [k, space, seed, alphaThreshold, restarts] = opts;
        const key = `${name} ${opts.join(' ')}`;
        const js = extractPalette(pixels, { k, space, seed, alphaThreshold, restarts });
        const got = { deltaE: js.deltaE, colors: js.colors.map((c) => [c.hex, c.count]) };
        assert.deepEqual(native(file, opts), got, `${key}: native and WebAssembly differ`);
        const remapDeltaE = remapImage(pixels, js).deltaE;
        if (process.env.PS_GOLDEN_WRITE) { golden[key] = { ...got, remapDeltaE }; continue; }
        const want = golden[key];
        if (!want) continue; // an image of ../shared that was not there when the file was written
        if (JSON.stringify(want.colors) !== JSON.stringify(got.colors)) {
          assert.ok(remapDeltaE <= want.remapDeltaE * 1.01, `${key}: mean ΔE ${remapDeltaE} > 1.01 × ${want.remapDeltaE}`);
        } else {
          assert.equal(got.deltaE, want.deltaE, key);
        }
      }
    }
    if (process.env.PS_GOLDEN_WRITE) writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 1)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
