// Number formatting shared by the subcommands' text output.

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

export const thousands = (n) => n.toLocaleString('en-US');

/** How messages name an input file: '-' is 'standard input'. */
export const inputName = (file) => (file === '-' ? 'standard input' : file);
