// Number formatting shared by the subcommands' text output.

/** 512 B, 3.4 KiB, 2.46 MiB: KiB with 1 decimal, MiB with `mibDigits` (palette prints 1). */
export function formatBytes(n, mibDigits = 2) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(mibDigits)} MiB`;
}

/** How messages name an input file: '-' is 'standard input'. */
export const inputName = (file) => (file === '-' ? 'standard input' : file);
