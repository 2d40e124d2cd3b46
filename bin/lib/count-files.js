// The count files (.nbc) that merge and finish read: each checked to be a
// readable file first, then read in chunks by the merge (web/nb-counts.js).
import { fileReader } from '../../web/node/file-store.js';
import { C } from '../../web/c-constants.js';
import { checkInputFile, CliError, fsReason, usageError } from './errors.js';
import { fileName } from './format.js';

const READ_BUDGET = 64 << 20; // bytes of read buffers for all the inputs together (the merge holds a copy too)

/** Throws the usage error of no count files, or more than one merge reads at once. */
export function checkCountFiles(files) {
  if (files.length === 0) throw usageError('no count files given');
  const most = C.NB_MERGE_MAX_INPUTS;
  if (files.length > most) throw usageError(`at most ${most} count files at once, got ${files.length}: merge them in groups first (palette-sentiment merge)`);
}

/** Readers of the count files named on the command line; throws a CliError naming a missing or unreadable one. */
export function countReaders(files) {
  const chunk = Math.min(1 << 20, Math.max(64 << 10, Math.floor(READ_BUDGET / files.length)));
  return files.map((file) => {
    checkInputFile(file, `${fileName(file)}: `);
    const reader = fileReader(file, { chunk });
    return {
      name: file,
      read() {
        try {
          return reader.read();
        } catch (error) {
          throw new CliError(`${fileName(file)}: ${fsReason(error)}`);
        }
      },
      close: () => reader.close(),
    };
  });
}
