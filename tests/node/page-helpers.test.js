// The page's pure helpers: WCAG contrast (web/contrast.js) and palette exports
// (web/exports.js). Expected values are worked out by hand or taken from the
// WCAG definitions and well-known reference values, not from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestTextColor, contrastRatio, formatRatio, parseHex, relativeLuminance, toRgb, wcagLevel,
} from '../../web/contrast.js';
import {
  EXPORT_FORMATS, cleanName, exportFilename, exportPalette, formatRgb, formatShare, toCss, toGpl, toJson, toTailwind,
} from '../../web/exports.js';

const close = (actual, expected, tolerance, what) => assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('parseHex and toRgb read the usual colour notations', () => {
  assert.deepEqual(parseHex('#356ca6'), [53, 108, 166]);
  assert.deepEqual(parseHex('FFFFFF'), [255, 255, 255]);
  assert.deepEqual(parseHex('#f80'), [255, 136, 0]);
  assert.deepEqual(toRgb([1, 2, 3]), [1, 2, 3]);
  assert.deepEqual(toRgb({ hex: '#010203' }), [1, 2, 3]);
  assert.deepEqual(toRgb({ rgb: [9, 8, 7], hex: '#000000' }), [9, 8, 7]);
  for (const bad of ['#12345', 'red', '#gggggg', 42, null]) assert.throws(() => toRgb(bad), TypeError, String(bad));
  assert.throws(() => toRgb([256, 0, 0]), TypeError);
  assert.throws(() => toRgb([1.5, 0, 0]), TypeError);
});

test('relative luminance follows the WCAG 2 definition', () => {
  assert.equal(relativeLuminance('#000000'), 0);
  close(relativeLuminance('#ffffff'), 1, 1e-12, 'white');
  // Pure primaries: luminance is exactly the channel weight.
  close(relativeLuminance('#ff0000'), 0.2126, 1e-12, 'red');
  close(relativeLuminance('#00ff00'), 0.7152, 1e-12, 'green');
  close(relativeLuminance('#0000ff'), 0.0722, 1e-12, 'blue');
  // #808080: 128/255 = 0.50196 → ((0.50196 + 0.055) / 1.055)^2.4 = 0.21586.
  close(relativeLuminance('#808080'), 0.21586, 5e-5, 'grey 128');
  // Channel 10 is below the 0.03928 knee: 10/255/12.92 = 0.0030353.
  close(relativeLuminance([10, 10, 10]), 0.0030353, 1e-6, 'grey 10');
});

test('contrast ratio matches reference values', () => {
  close(contrastRatio('#000000', '#ffffff'), 21, 1e-12, 'black on white');
  close(contrastRatio('#ffffff', '#000000'), 21, 1e-12, 'symmetric');
  assert.equal(contrastRatio('#356ca6', '#356ca6'), 1);
  // Well-known values (WebAIM contrast checker): #777 on white 4.48, #767676 on white 4.54, red on white 4.00.
  close(contrastRatio('#777777', '#ffffff'), 4.48, 0.005, '#777 on white');
  close(contrastRatio('#767676', '#ffffff'), 4.54, 0.005, '#767676 on white');
  close(contrastRatio('#ff0000', '#ffffff'), 4.0, 0.005, 'red on white');
  close(contrastRatio('#0000ff', '#ffffff'), 8.59, 0.005, 'blue on white');
});

test('bestTextColor picks black or white, whichever contrasts more', () => {
  assert.deepEqual(bestTextColor('#ffffff'), { name: 'black', hex: '#000000', ratio: 21 });
  const onBlack = bestTextColor('#000000');
  assert.equal(onBlack.name, 'white');
  close(onBlack.ratio, 21, 1e-12, 'white on black');
  // #777: 4.48 with white, (0.18447 + 0.05) / 0.05 = 4.69 with black → black.
  const grey = bestTextColor('#777777');
  assert.equal(grey.name, 'black');
  close(grey.ratio, 4.69, 0.005, 'black on #777');
  assert.equal(bestTextColor('#ffff00').name, 'black');
  assert.equal(bestTextColor('#000080').name, 'white');
  assert.equal(bestTextColor([0, 0, 255]).name, 'white'); // 8.59 vs 2.44
  assert.equal(bestTextColor([255, 0, 0]).name, 'black'); // 5.25 vs 4.00
  // The better of black and white always reaches AA for normal text (≥ 4.5).
  for (let v = 0; v < 256; v += 5) assert.ok(bestTextColor([v, v, v]).ratio >= 4.5, `grey ${v}`);
});

test('formatRatio never rounds up, wcagLevel names the thresholds', () => {
  assert.equal(formatRatio(21), '21.00:1');
  assert.equal(formatRatio(4.4999), '4.49:1');
  assert.equal(formatRatio(4.5), '4.50:1');
  assert.equal(formatRatio(contrastRatio('#777777', '#ffffff')), '4.47:1'); // 4.478…
  assert.equal(wcagLevel(21), 'AAA');
  assert.equal(wcagLevel(7), 'AAA');
  assert.equal(wcagLevel(6.99), 'AA');
  assert.equal(wcagLevel(4.5), 'AA');
  assert.equal(wcagLevel(3), 'AA large');
  assert.equal(wcagLevel(2.9), 'fail');
});

// A palette as extractPalette() returns it (extra fields are ignored by the exports).
const PALETTE = {
  colors: [
    { hex: '#e63946', rgb: [230, 57, 70], count: 500, share: 0.5 },
    { hex: '#1d3557', rgb: [29, 53, 87], count: 333, share: 0.333 },
    { hex: '#2a9d8f', rgb: [42, 157, 143], count: 167, share: 0.167 },
  ],
  width: 10, height: 100, pixels: 1000, deltaE: 0,
};

test('formatShare, formatRgb and cleanName', () => {
  assert.equal(formatShare(0.5), '50.0%');
  assert.equal(formatShare(0.12345), '12.3%');
  assert.equal(formatShare(1), '100.0%');
  assert.equal(formatRgb([1, 22, 255]), 'rgb(1, 22, 255)');
  assert.equal(cleanName('sunset.jpg'), 'sunset');
  assert.equal(cleanName('My holiday  photo (1).webp'), 'My holiday photo 1');
  assert.equal(cleanName('*/<script>.png'), 'script');
  assert.equal(cleanName('Été à Zürich.avif'), 'Été à Zürich');
  assert.equal(cleanName(''), 'palette');
  assert.equal(cleanName(undefined), 'palette');
  assert.equal(cleanName('x'.repeat(100)).length, 60);
});

// Each exporter's expected text is written out in full on purpose: the exact bytes are what is tested.
test('toCss writes one custom property per colour on :root', () => {
  assert.equal(toCss(PALETTE, { name: 'fixture.png' }), [
    '/* fixture: palette-sentiment */',
    ':root {',
    '  --palette-1: #e63946; /* rgb(230, 57, 70), 50.0% */',
    '  --palette-2: #1d3557; /* rgb(29, 53, 87), 33.3% */',
    '  --palette-3: #2a9d8f; /* rgb(42, 157, 143), 16.7% */',
    '}',
    '',
  ].join('\n'));
  assert.equal(toCss(['#000000'], { prefix: 'brand' }), '/* palette: palette-sentiment */\n:root {\n  --brand-1: #000000; /* rgb(0, 0, 0) */\n}\n');
  // A hostile name cannot close the comment.
  assert.ok(!toCss(PALETTE, { name: 'a*/ body{} /*' }).includes('*/ body'));
});

test('toJson is valid JSON with hex, rgb and rounded share', () => {
  const text = toJson(PALETTE, { name: 'fixture.png' });
  assert.equal(text, [
    '{',
    '  "name": "fixture",',
    '  "colors": [',
    '    { "hex": "#e63946", "rgb": [230, 57, 70], "share": 0.5 },',
    '    { "hex": "#1d3557", "rgb": [29, 53, 87], "share": 0.333 },',
    '    { "hex": "#2a9d8f", "rgb": [42, 157, 143], "share": 0.167 }',
    '  ]',
    '}',
    '',
  ].join('\n'));
  assert.deepEqual(JSON.parse(text), {
    name: 'fixture',
    colors: [
      { hex: '#e63946', rgb: [230, 57, 70], share: 0.5 },
      { hex: '#1d3557', rgb: [29, 53, 87], share: 0.333 },
      { hex: '#2a9d8f', rgb: [42, 157, 143], share: 0.167 },
    ],
  });
  assert.deepEqual(JSON.parse(toJson([{ hex: '#ABCDEF', share: 1 / 3 }])).colors, [{ hex: '#abcdef', rgb: [171, 205, 239], share: 0.3333 }]);
  assert.deepEqual(JSON.parse(toJson(['#010203'])).colors, [{ hex: '#010203', rgb: [1, 2, 3] }]);
});

test('toGpl writes a GIMP palette', () => {
  assert.equal(toGpl(PALETTE, { name: 'fixture.png' }), [
    'GIMP Palette',
    'Name: fixture',
    'Columns: 3',
    '#',
    '230  57  70\t#e63946',
    ' 29  53  87\t#1d3557',
    ' 42 157 143\t#2a9d8f',
    '',
  ].join('\n'));
  // A name cannot add lines to the header.
  assert.equal(toGpl(['#000000'], { name: 'evil\nColumns: 99' }).split('\n').filter((l) => l.startsWith('Columns')).length, 1);
});

test('toTailwind writes a colors snippet', () => {
  assert.equal(toTailwind(PALETTE, { name: 'fixture.png' }), [
    '// fixture: put under theme.extend in tailwind.config.js',
    'colors: {',
    "  'palette': {",
    "    1: '#e63946', // 50.0%",
    "    2: '#1d3557', // 33.3%",
    "    3: '#2a9d8f', // 16.7%",
    '  },',
    '},',
    '',
  ].join('\n'));
  // The snippet is a valid JavaScript object literal once wrapped.
  const object = new Function(`return {${toTailwind(PALETTE)}};`)();
  assert.deepEqual(object.colors.palette, { 1: '#e63946', 2: '#1d3557', 3: '#2a9d8f' });
});

test('exportPalette dispatches on the format id; exportFilename names the download', () => {
  assert.deepEqual(Object.keys(EXPORT_FORMATS), ['css', 'json', 'gpl', 'tailwind']);
  assert.equal(exportPalette('css', PALETTE, { name: 'x' }), toCss(PALETTE, { name: 'x' }));
  assert.equal(exportPalette('json', PALETTE), toJson(PALETTE));
  assert.equal(exportPalette('gpl', PALETTE), toGpl(PALETTE));
  assert.equal(exportPalette('tailwind', PALETTE), toTailwind(PALETTE));
  assert.throws(() => exportPalette('svg', PALETTE), RangeError);
  // names an Object has by inheritance are no format either
  for (const id of ['toString', 'constructor', '__proto__']) {
    assert.throws(() => exportPalette(id, PALETTE), /^RangeError: format must be one of css, json, gpl, tailwind, got /);
    assert.throws(() => exportFilename(id, 'x.png'), /^RangeError: format must be one of css, json, gpl, tailwind, got /);
  }
  assert.throws(() => exportPalette('css', { colors: [{ hex: 'nope' }] }), TypeError);
  assert.throws(() => exportPalette('css', 'nope'), TypeError);
  assert.equal(exportFilename('css', 'Sunset Beach.JPG'), 'sunset-beach-palette.css');
  assert.equal(exportFilename('json', 'a.b.png'), 'a-b-palette.json');
  assert.equal(exportFilename('gpl', ''), 'palette.gpl');
  assert.equal(exportFilename('tailwind', 'logo.svg'), 'logo-palette.tailwind.js');
  assert.equal(exportFilename('css', '../../etc/passwd'), 'etc-passwd-palette.css');
});
