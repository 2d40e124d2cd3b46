// Where the shared data sets live: ../shared/data beside the repository, or $PS_DATA.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const DATA_DIR = process.env.PS_DATA
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');

export function dataPath(...parts) {
  const p = path.join(DATA_DIR, ...parts);
  return existsSync(p) ? p : null;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
