// `palette-sentiment merge`: count files (train --partial) combined into one.
import { outputFlag, parse } from '../lib/args.js';
import { PaletteSentimentError } from '../../web/node.js';
import { mergeCounts } from '../../web/nb-counts.js';
import { checkOutput, summaryStream, createFileAtomic } from '../lib/atomic-write.js';
import { checkCountFiles, countReaders } from '../lib/count-files.js';
import { CliError } from '../lib/errors.js';
import { countsSummary } from '../lib/model-summary.js';
import { initWasm } from '../lib/wasm.js';

export const summary = 'combine count files (train --partial) into one';

export const usage = `Usage: palette-sentiment merge <counts.nbc>... -o <all.nbc>

Combines the count files written by 'palette-sentiment train --partial' (or by
earlier merges) into one: the counts of all their documents, as if one trainer
had read them all. Merging is associative and commutative: any grouping and
order of the same files give the same bytes. The files must have been trained
with the same options; 'palette-sentiment finish' makes a model of the result.
The inputs are streamed: memory stays small however large they are.

Options:
  -o, --output FILE     where to write the merged counts (required), through a
                        temporary file beside it: a failed run leaves no
                        partial file and an existing FILE untouched
  -h, --help            show this help

Exit status: 0 success, 1 a file could not be read or written, or the files do
not go together (other options, corrupt or truncated), 2 usage error.

Example (a map-reduce with GNU parallel; see the README):
  palette-sentiment merge shard-*.nbc -o all.nbc && palette-sentiment finish all.nbc -o model.nbm
`;

const OPTIONS = { output: { type: 'string', short: 'o' } };

export async function run(argv, ctx) {
  const { values, positionals } = parse(argv, OPTIONS);
  checkCountFiles(positionals);
  const output = outputFlag(values.output, 'all.nbc');
  const started = performance.now();
  await initWasm();
  checkOutput(output);
  const readers = countReaders(positionals);
  const out = createFileAtomic(output, 'the counts');
  let size = 0;
  try {
    const { tokens, documents } = mergeCounts(readers, (chunk) => { out.write(chunk); size += chunk.length; });
    await out.commit();
    const ms = performance.now() - started;
    summaryStream(output, ctx).write(countsSummary({ documents, tokens, output, size, totalMs: ms }));
    return 0;
  } catch (error) {
    out.abort();
    if (error instanceof PaletteSentimentError) throw new CliError(error.message);
    throw error;
  }
}
