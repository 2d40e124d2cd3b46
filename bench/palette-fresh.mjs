// The fresh-process part of bench/palette.mjs: the first palette in a new
// process (bench/palette-cold.mjs, pixels from a raw file, so nothing else
// runs first), the CLI on one image, and the CLI's --jobs on 100 photos
// (again without NODE_EXTRA_CA_CERTS where it is set, and extractPalettes on
// the same files in this process, beside it). A
// first call varies a lot from process to process (2-4× on this 2-core
// machine), so each fresh-process figure is the median of FRESH_RUNS.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../scripts/png.mjs';
import { extractPalettes } from '../web/index.js';
import { extractPaletteFiles } from '../web/palette-pool.js';
import { photoCrops } from './palette-images.mjs';
import { median } from './data.mjs';
import { coreThroughput } from './lib/cores.mjs';

const COLD = fileURLToPath(new URL('./palette-cold.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/palette-sentiment.js', import.meta.url));
const JOB_PHOTOS = 100;
const FRESH_RUNS = 5;

const tmp = mkdtempSync(path.join(tmpdir(), 'ps-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function writePng(image, name) {
  const file = path.join(tmp, name);
  writeFileSync(file, encodePng(image.width, image.height, new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength)));
  return file;
}

function timed(fn) {
  const t0 = performance.now();
  const out = fn();
  return { out, ms: performance.now() - t0 };
}

/** Each field's median over FRESH_RUNS runs of run() (which returns an object of numbers). */
function medianOf(run) {
  const runs = Array.from({ length: FRESH_RUNS }, run);
  return Object.fromEntries(Object.keys(runs[0]).map((key) => [key, median(runs.map((r) => r[key]))]));
}

/** Per set and k: the first call in a fresh process against a warm one, and the CLI on one image (medians). */
export function coldRows(sets, summary, ks, wasmFile) {
  const rows = [{ text: `\nfresh process, medians of ${FRESH_RUNS}: read / compile / instantiate+_initialize ms; first, second, warm extraction ms (extractMs; whole first call)` }];
  for (const { set, images } of sets) {
    for (const k of ks) {
      const image = images.find((im) => im.name === summary[set]?.[k]?.typical);
      if (!image) continue;
      const raw = path.join(tmp, 'pixels.raw');
      writeFileSync(raw, image.data);
      const args = [COLD, raw, String(image.width), String(image.height), String(k), ...(wasmFile ? [wasmFile] : [])];
      const c = medianOf(() => JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })));
      const warm = summary[set][k].ours.ms;
      rows.push({
        text: `  ${image.name.padEnd(34)} k${k}  load ${c.readMs.toFixed(1)} / ${c.compileMs.toFixed(1)} / ${c.instantiateMs.toFixed(1)}`
          + `  first ${c.firstMs.toFixed(2)} (${c.firstCallMs.toFixed(2)})  second ${c.secondMs.toFixed(2)}  warm ${c.warmMs.toFixed(2)}`
          + `  memory ${(c.memoryBefore / 2 ** 20).toFixed(0)} → ${(c.memoryAfter / 2 ** 20).toFixed(0)} MB`,
        target: `first call in a fresh process / warm, ${set} k${k}`,
        value: `${(c.firstMs / warm).toFixed(2)}× (whole call ${(c.firstCallMs / summary[set][k].ours.call).toFixed(2)}×)`,
      });
      const file = writePng(image, 'one.png');
      const cli = medianOf(() => {
        const run = timed(() => execFileSync(process.execPath, [CLI, 'palette', '--json', '-k', String(k), file], { encoding: 'utf8' }));
        return { ms: run.ms, extractMs: JSON.parse(run.out).ms };
      });
      const ms = cli.extractMs;
      rows.push({
        text: `  CLI, one image: extraction ${ms.toFixed(2)} ms, the whole process ${cli.ms.toFixed(0)} ms`,
        target: `CLI on one image (fresh process) / warm, ${set} k${k}`,
        value: `${(ms / warm).toFixed(2)}×`,
      });
    }
  }
  return rows;
}

/**
 * The CLI on the files with --jobs 1 and 2, twice each, on one photo (what a
 * process costs before its first image) and `node -e 0` (what Node's own start
 * costs), under each of envs, all taking turns; the best of each, per env.
 */
function cliRounds(files, envs) {
  const results = envs.map(() => ({ best: { 1: Infinity, 2: Infinity, one: Infinity, node: Infinity }, outputs: {} }));
  for (let round = 0; round < 2; round++) {
    envs.forEach((env, e) => {
      const { best, outputs } = results[e];
      const run = (args) => timed(() => spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, env }));
      for (const jobs of [1, 2]) {
        const { out, ms } = run([CLI, 'palette', '--jobs', String(jobs), ...files]);
        best[jobs] = Math.min(best[jobs], ms);
        outputs[jobs] = out.stdout;
      }
      best.one = Math.min(best.one, run([CLI, 'palette', files[0]]).ms);
      best.node = Math.min(best.node, run(['-e', '0']).ms);
    });
  }
  // With a fixed cost S a process and W of work, two threads give at most (S + W) / (S + W / 2).
  return results.map(({ best, outputs }) => ({
    ...best, same: outputs[1] === outputs[2], ratio: best[1] / best[2], ceiling: best[1] / (best.one + (best[1] - best.one) / 2),
  }));
}

const cliLine = (c, indent) => `--jobs 1 ${c[1].toFixed(0)} ms, --jobs 2 ${c[2].toFixed(0)} ms (${c.ratio.toFixed(3)}×); same output: ${c.same}`
  + `\n${indent}the CLI on one photo: ${c.one.toFixed(0)} ms (Node's own start, node -e 0: ${c.node.toFixed(0)} ms), so 2 threads could at best make it ${c.ceiling.toFixed(3)}× faster`;

/**
 * `palette` on 100 photos with --jobs 1 and 2 (cliRounds); where NODE_EXTRA_CA_CERTS is set, also
 * without it, taking turns, since Node reads those certificates at every start (tens of ms on this
 * machine), which weighs on the fixed cost of each process; then extractPalettes on the same files'
 * bytes and extractPaletteFiles on the files in this process, jobs 1 and 2, and the machine's own
 * two-thread throughput (bench/lib/cores.mjs).
 */
export async function jobsRows(sets) {
  const large = sets.find(({ set }) => set === 'large')?.images ?? [];
  if (large.length === 0) return [];
  if (!execFileSync(process.execPath, [CLI, 'palette', '--help'], { encoding: 'utf8' }).includes('--jobs')) {
    return [{ text: '\nCLI --jobs: not supported by this CLI' }];
  }
  const files = photoCrops(large, JOB_PHOTOS).map((image, i) => writePng(image, `photo-${String(i).padStart(3, '0')}.png`));
  const { NODE_EXTRA_CA_CERTS: certs, ...withoutCerts } = process.env;
  const [asIs, plain = null] = cliRounds(files, certs === undefined ? [process.env] : [process.env, withoutCerts]);
  const bytes = files.map((file) => readFileSync(file));
  const pool = { 1: Infinity, 2: Infinity };
  const filePool = { 1: Infinity, 2: Infinity };
  for (let round = 0; round < 3; round++) { // the first round starts the workers, which then wait for the next call
    for (const jobs of [1, 2]) {
      let t0 = performance.now();
      await extractPalettes(bytes, undefined, { jobs });
      pool[jobs] = Math.min(pool[jobs], performance.now() - t0);
      t0 = performance.now();
      await extractPaletteFiles(files, undefined, { jobs });
      filePool[jobs] = Math.min(filePool[jobs], performance.now() - t0);
    }
  }
  const rows = [{
    text: `\nCLI on ${JOB_PHOTOS} photos of 768×512 (PNG): ${cliLine(asIs, '  ')}`
      + (plain ? `\n  without NODE_EXTRA_CA_CERTS (set here): ${cliLine(plain, '    ')}` : '')
      + `\n  in this process, best of 3: extractPalettes on the same ${JOB_PHOTOS} PNGs' bytes: jobs 1 ${pool[1].toFixed(0)} ms, jobs 2 ${pool[2].toFixed(0)} ms (${(pool[1] / pool[2]).toFixed(3)}×)`
      + `\n    extractPaletteFiles on the files (what the CLI runs): jobs 1 ${filePool[1].toFixed(0)} ms, jobs 2 ${filePool[2].toFixed(0)} ms (${(filePool[1] / filePool[2]).toFixed(3)}×)`
      + `\n  ${(await coreThroughput()).text}`,
    target: `${JOB_PHOTOS} photos via the CLI, --jobs 2 vs --jobs 1`,
    value: `${asIs.ratio.toFixed(3)}× faster`, // 3 decimals: 1.795 must not read as the 1.8 of the target
  }];
  if (plain) rows.push({ target: '  the same, without NODE_EXTRA_CA_CERTS', value: `${plain.ratio.toFixed(3)}× faster` });
  return rows;
}
