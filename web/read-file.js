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
