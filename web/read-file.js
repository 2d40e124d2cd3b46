// Node only: reading files. process.getBuiltinModule (Node >= 20.16), not
// import('node:fs'), so that bundlers building for the browser find no node:
// import to resolve or to leave out.

export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** The bytes of a file: URL. */
export function readFileUrl(url) {
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  return readFile(fileURLToPath(url));
}

/** The file: URL of a path, relative to the working directory. */
export function fileUrlOf(path) {
  return process.getBuiltinModule('node:url').pathToFileURL(path);
}

// readFileReused: each thread reads files into one buffer, grown as needed and
// reused, for callers that are done with a file's bytes before reading the
// next (extractPaletteFiles copies them into WebAssembly memory). A fresh
// buffer per file is written on fresh pages, one page fault per 4 KiB,
// and on a virtual machine a fault can cost 10 µs. Larger files are
// not kept.
let fileBuffer = new Uint8Array(0);
const REUSED_UP_TO = 64 * 2 ** 20;

/**
 * A file's bytes: in fileBuffer for a regular file of less than REUSED_UP_TO
 * bytes (valid until the next call), else readFileSync's.
 */
export function readFileReused(path) {
  const fs = process.getBuiltinModule('node:fs');
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size >= REUSED_UP_TO) return fs.readFileSync(fd); // from the start: nothing read yet
    if (stat.size + 1 > fileBuffer.length) fileBuffer = new Uint8Array(Math.max(stat.size + 1, 2 * fileBuffer.length));
    let length = 0;
    for (let got; (got = fs.readSync(fd, fileBuffer, length, fileBuffer.length - length, null)) > 0;) {
      length += got;
      if (length === fileBuffer.length) return fs.readFileSync(path); // it grew while read
    }
    return fileBuffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}
