// Palette export formats: CSS custom properties, JSON, GIMP .gpl and a
// Tailwind `colors` snippet. Pure functions (palette in, text out, no DOM), so
// the page and the Node tests share them.
//
// A palette is an extractPalette() result or its `colors` array: items
// {hex: '#rrggbb', rgb?: [r, g, b], share?: 0–1}, most frequent first.

import { toRgb } from './contrast.js';

function colorList(palette) {
  const list = Array.isArray(palette) ? palette : palette?.colors;
  if (!Array.isArray(list)) throw new TypeError('palette must be an array of colours or an extractPalette() result');
  return list.map((color, i) => {
    let rgb;
    try {
      rgb = toRgb(color);
    } catch {
      throw new TypeError(`palette[${i}] must be {hex: '#rrggbb'} or {rgb: [r, g, b]}`);
    }
    const hex = `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    const share = typeof color?.share === 'number' && Number.isFinite(color.share) ? color.share : null;
    return { hex, rgb, share };
  });
}

/** A user-supplied name (e.g. a file name) without its extension, reduced to letters, digits, spaces, '.', '_' and '-' (no leading or trailing dots), at most 60 characters; 'palette' if nothing is left. */
export function cleanName(name) {
  const stem = String(name ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, ''); // drop a file extension
  const cleaned = stem.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').replace(/\s+/g, ' ').replace(/^[\s.-]+|[\s.-]+$/g, '').slice(0, 60).trim();
  return cleaned || 'palette';
}

/** '23.4%' (one decimal). */
export function formatShare(share) {
  return `${(share * 100).toFixed(1)}%`;
}

/** [53, 108, 166] → 'rgb(53, 108, 166)'. */
export function formatRgb(rgb) {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

const shareNote = (share) => (share === null ? '' : ` ${formatShare(share)}`);

/**
 * CSS custom properties on :root, --palette-1 … --palette-k, most frequent first.
 * options.prefix names the properties (letters, digits, '-'; default 'palette').
 */
export function toCss(palette, { name = 'palette', prefix = 'palette' } = {}) {
  const safePrefix = String(prefix).replace(/[^A-Za-z0-9-]/g, '') || 'palette';
  const lines = colorList(palette).map(({ hex, rgb, share }, i) => `  --${safePrefix}-${i + 1}: ${hex}; /* ${formatRgb(rgb)}${share === null ? '' : `,${shareNote(share)}`} */`);
  return `/* ${cleanName(name)}: palette-sentiment */\n:root {\n${lines.join('\n')}\n}\n`;
}

/** JSON: {name, colors: [{hex, rgb, share}]}, one colour per line; share rounded to 4 decimals. */
export function toJson(palette, { name = 'palette' } = {}) {
  const lines = colorList(palette).map(({ hex, rgb, share }) => {
    const fields = [`"hex": "${hex}"`, `"rgb": [${rgb.join(', ')}]`];
    if (share !== null) fields.push(`"share": ${JSON.stringify(Math.round(share * 1e4) / 1e4)}`);
    return `    { ${fields.join(', ')} }`;
  });
  return `{\n  "name": ${JSON.stringify(cleanName(name))},\n  "colors": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** GIMP palette (.gpl): header, then one 'R G B<TAB>#rrggbb' line per colour. Also read by Inkscape and Krita. */
export function toGpl(palette, { name = 'palette' } = {}) {
  const colors = colorList(palette);
  const lines = colors.map(({ hex, rgb }) => `${rgb.map((c) => String(c).padStart(3, ' ')).join(' ')}\t${hex}`);
  return `GIMP Palette\nName: ${cleanName(name)}\nColumns: ${Math.min(Math.max(colors.length, 1), 16)}\n#\n${lines.join('\n')}\n`;
}

/** A Tailwind CSS `colors` snippet for theme.extend in tailwind.config.js: classes bg-palette-1 … */
export function toTailwind(palette, { name = 'palette', key = 'palette' } = {}) {
  const safeKey = String(key).replace(/[^A-Za-z0-9-]/g, '') || 'palette';
  const lines = colorList(palette).map(({ hex, share }, i) => `    ${i + 1}: '${hex}',${share === null ? '' : ` //${shareNote(share)}`}`);
  return `// ${cleanName(name)}: put under theme.extend in tailwind.config.js\ncolors: {\n  '${safeKey}': {\n${lines.join('\n')}\n  },\n},\n`;
}

/** Every export format: its label, the function that renders it, the file extension and MIME type of a download. */
export const EXPORT_FORMATS = Object.freeze({
  css: Object.freeze({ label: 'CSS variables', render: toCss, extension: 'css', mime: 'text/css' }),
  json: Object.freeze({ label: 'JSON', render: toJson, extension: 'json', mime: 'application/json' }),
  gpl: Object.freeze({ label: 'GIMP .gpl', render: toGpl, extension: 'gpl', mime: 'text/plain' }),
  tailwind: Object.freeze({ label: 'Tailwind', render: toTailwind, extension: 'js', mime: 'text/javascript' }),
});

/** Whether id names an export format (an own key: 'toString' is not one). */
export const isExportFormat = (id) => typeof id === 'string' && Object.hasOwn(EXPORT_FORMATS, id);

function formatOf(id) {
  if (!isExportFormat(id)) throw new RangeError(`format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}, got ${String(id)}`);
  return EXPORT_FORMATS[id];
}

/** The text of `palette` in format `id` ('css' | 'json' | 'gpl' | 'tailwind'); options.name is e.g. the image's file name. */
export function exportPalette(id, palette, options = {}) {
  return formatOf(id).render(palette, options);
}

/** The download file name for format `id`: 'sunset-palette.css' for an image named 'sunset.jpg'. */
export function exportFilename(id, imageName) {
  const format = formatOf(id);
  const stem = cleanName(imageName).replace(/[ .]+/g, '-').toLowerCase();
  return `${stem === 'palette' ? 'palette' : `${stem}-palette`}.${format.extension === 'js' ? 'tailwind.js' : format.extension}`;
}
