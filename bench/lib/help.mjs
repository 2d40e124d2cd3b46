// Imported first by every benchmark: `--help` or `-h` on its command line
// prints the comment at the top of the script run (what it measures and its
// usage) and exits, before anything is measured.
import { readFileSync } from 'node:fs';

if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
  const lines = readFileSync(process.argv[1], 'utf8').split('\n');
  const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('//')));
  process.stdout.write(`${header.map((line) => line.replace(/^\/\/ ?/, '')).join('\n')}\n`);
  process.exit(0);
}
