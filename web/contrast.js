// WCAG 2.x colour contrast: relative luminance, contrast ratio, and the text
// colour (black or white) that reads best on a background. Pure functions, no
// DOM: the page and the Node tests use the same code.

/** '#rrggbb' (or 'rrggbb', or '#rgb') → [r, g, b] (0–255). Throws TypeError for anything else. */
export function parseHex(hex) {
  if (typeof hex !== 'string') throw new TypeError(`colour must be a '#rrggbb' string, got ${typeof hex}`);
  let digits = hex.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(digits)) digits = digits.replace(/./g, '$&$&');
  if (!/^[0-9a-f]{6}$/i.test(digits)) throw new TypeError(`colour must look like '#rrggbb', got '${hex}'`);
  const value = parseInt(digits, 16);
  return [value >>> 16, (value >>> 8) & 255, value & 255];
}

/** A colour given as '#rrggbb', [r, g, b] or {rgb} / {hex} → [r, g, b]. */
export function toRgb(color) {
  if (typeof color === 'string') return parseHex(color);
  const rgb = Array.isArray(color) ? color : color?.rgb ?? (typeof color?.hex === 'string' ? parseHex(color.hex) : null);
  if (!Array.isArray(rgb) || rgb.length !== 3 || !rgb.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
    throw new TypeError("colour must be '#rrggbb', [r, g, b] with integers 0–255, or {hex} / {rgb}");
  }
  return rgb;
}

/** sRGB channel (0–255) → linear light (0–1), with WCAG 2.x's constants. */
function linear(channel) {
  const c = channel / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(color) {
  const [r, g, b] = toRgb(color);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two colours, from 1 (same) to 21 (black on white); symmetric. */
export function contrastRatio(a, b) {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The text colour, black or white, with the higher contrast on `background`
 * (black on a tie). Returns {name: 'black'|'white', hex, ratio}.
 */
export function bestTextColor(background) {
  const onBlack = contrastRatio(background, '#000000');
  const onWhite = contrastRatio(background, '#ffffff');
  return onWhite > onBlack
    ? { name: 'white', hex: '#ffffff', ratio: onWhite }
    : { name: 'black', hex: '#000000', ratio: onBlack };
}

/** The WCAG level normal-size text reaches at this ratio: 'AAA' (≥ 7), 'AA' (≥ 4.5), 'AA large' (≥ 3) or 'fail'. */
export function wcagLevel(ratio) {
  if (ratio >= 7) return 'AAA';
  if (ratio >= 4.5) return 'AA';
  if (ratio >= 3) return 'AA large';
  return 'fail';
}

/** '4.48:1': two decimals, rounded down so a ratio is never shown passing a threshold it misses. */
export function formatRatio(ratio) {
  return `${(Math.floor(ratio * 100 + 1e-9) / 100).toFixed(2)}:1`;
}
