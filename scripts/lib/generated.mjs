// The end of every scripts/gen-*.mjs: write the generated file, or with
// --check exit 1 when the committed one differs from what would be written.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export function writeGenerated(url, text, script) {
  const file = path.relative(process.cwd(), fileURLToPath(url));
  if (!process.argv.includes('--check')) {
    writeFileSync(url, text);
    return;
  }
  if (readFileSync(url, 'utf8') !== text) {
    console.error(`${file} is stale: run node scripts/${script}`);
    process.exit(1);
  }
}
