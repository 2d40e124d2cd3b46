// Node only: reading files. process.getBuiltinModule (Node >= 20.16), not
// import('node:fs'), so that bundlers building for the browser find no node:
// import to resolve or to leave out.

import { PaletteSentimentError } from './errors.js';

export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** The bytes of a file: URL. */
export function readFileUrl(url) {
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  return readFile(fileURLToPath(url));
}

// The library decodes images of under 2 GiB (stb_image takes an int length), and
// Node refuses to read a file of 2 GiB or more into one buffer with a plain RangeError.
const MAX_IMAGE_BYTES = 2 ** 31 - 1;

function checkImageSize({ size }) {
  if (size > MAX_IMAGE_BYTES) {
    throw new PaletteSentimentError('IMAGE_TOO_LARGE', `the file is ${(size / 2 ** 30).toFixed(1)} GiB; an image must be under 2 GiB`);
  }
}

/** The bytes of an image's file: URL; IMAGE_TOO_LARGE from 2 GiB, before reading. */
export async function readImageUrl(url) {
  const { open } = process.getBuiltinModule('node:fs/promises');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  const file = await open(fileURLToPath(url));
  try {
    checkImageSize(await file.stat());
    return await file.readFile();
  } finally {
    await file.close();
  }
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
 * An image file's bytes: in fileBuffer for a regular file of less than REUSED_UP_TO
 * bytes (valid until the next call), else readFileSync's; IMAGE_TOO_LARGE from 2 GiB.
 */
export function readFileReused(path) {
  const fs = process.getBuiltinModule('node:fs');
  const fd = fs.openSync(path, 'r');
  try {
    const stat = fs.fstatSync(fd);
    checkImageSize(stat);
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
