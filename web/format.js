// Numbers as the pages and the CLI show them (English digit grouping).

/**
 * 12345 → '12,345', as toLocaleString('en-US') writes it. Integers get their commas here: in Node the first
 * use of Intl loads ICU's locale data, 14-30 ms that a CLI run printing one line of counts would pay.
 */
export const fmtInt = (n) => (Number.isSafeInteger(n) && !Object.is(n, -0)
  ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  : n.toLocaleString('en-US'));

/** A share in [0, 1] with one decimal: 0.8932 → '89.3%'. */
export const fmtShare = (x) => `${(x * 100).toFixed(1)}%`;

/** A probability: like fmtShare, but never rounded to a certain '100.0%' or '0.0%'. */
export function fmtPercent(p) {
  if (p >= 0.9995) return '> 99.9%';
  if (p < 0.0005) return '< 0.1%';
  return fmtShare(p);
}

/** A natural-log weight as the ratio it stands for: 1.2 → '3.3×', 5 → '148×'. */
export function fmtRatio(weight) {
  const r = Math.exp(weight);
  return r >= 100 ? `${fmtInt(Math.round(r))}×` : `${r.toFixed(r >= 10 ? 0 : 1)}×`;
}

/** A memory size in MiB to two decimals: 1.2 MiB → '1.20 MiB'. */
export const fmtMiB = (bytes) => `${(bytes / 1048576).toFixed(2)} MiB`;

/** A memory size in whole MiB, rounded up (a limit that is enough): 1.2 MiB → '2 MiB'. */
export const fmtMiBUp = (bytes) => `${Math.ceil(bytes / 1048576)} MiB`;

/** A file size in decimal units, as the README and file managers give it: '3.7 MB' from 1 MB up, else whole kB (at least '1 kB'). */
export function fmtFileSize(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} kB`;
}
