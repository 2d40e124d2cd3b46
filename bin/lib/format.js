// Number and column formatting shared by the subcommands' text output.

/** 512 B, 3.4 KiB, 2.46 MiB: KiB with 1 decimal, MiB with `mibDigits` (palette prints 1). */
export function formatBytes(n, mibDigits = 2) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(mibDigits)} MiB`;
}

const ESCAPED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A file name, label, token or metadata value on one line and in one column of text output, and harmless on a
 * terminal: line breaks and tabs written as \n, \r, \t, every other control character (C0, DEL, C1: the
 * escape sequences a hostile model file or file name could carry) as \xHH.
 */
export const oneLine = (text) => String(text).replace(/[\x00-\x1f\x7f-\x9f]/g,
  (c) => ESCAPED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** How messages name a file: an empty name would print as nothing at all. */
export const fileName = (file) => (file === '' ? "'' (an empty file name)" : file);
/** How messages name an input file: '-' is 'standard input'. */
export const inputName = (file) => (file === '-' ? 'standard input' : fileName(file));

// Characters a terminal draws two columns wide (East Asian wide and fullwidth ones, most emoji) or none (combining
// marks, joiners and other format characters); every other character takes one.
const NO_COLUMN = /[\p{Mn}\p{Me}\p{Cf}]/u;
const TWO_COLUMNS = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F680}-\u{1F6FF}\u{1F900}-\u{1F9FF}\u{1FA70}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;

/** The terminal columns text takes: tables of labels in any script line up by it, not by its length. */
export function columns(text) {
  let n = 0;
  for (const ch of text) n += NO_COLUMN.test(ch) ? 0 : TWO_COLUMNS.test(ch) ? 2 : 1;
  return n;
}

/** text right-aligned in width terminal columns (padStart by columns). */
export const padStartColumns = (text, width) => ' '.repeat(Math.max(0, width - columns(text))) + text;

/** text left-aligned in width terminal columns (padEnd by columns). */
export const padEndColumns = (text, width) => text + ' '.repeat(Math.max(0, width - columns(text)));
