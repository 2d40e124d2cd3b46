// Unicode case folding (option unicodeCase) against the Unicode Character Database itself: every letter, mark
// or number with a C or F mapping in CaseFolding.txt gives the token NFC(fold(NFC(letter))), so that a token a
// user is shown (an explanation, topTokens, the widget's highlight) is spelt as the NFC text it came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, NaiveBayes } from '../../web/index.js';
import { WORDS } from '../../web/naive-bayes.js';
import { highlightSpans } from '../../web/review-checker/highlight.js';

const UCD = process.env.PS_UCD ?? '/usr/share/unicode';

/** code point -> its full case folding (statuses C and F), as a string. */
function fullCaseFolding() {
  const folding = new Map();
  for (const raw of readFileSync(`${UCD}/CaseFolding.txt`, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [from, status, to] = line.split(';').map((field) => field.trim());
    if (status === 'C' || status === 'F') folding.set(parseInt(from, 16), String.fromCodePoint(...to.split(' ').map((h) => parseInt(h, 16))));
  }
  return folding;
}

const codePoints = (s) => [...s].map((c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

test('Unicode case: the token of every folded letter is NFC(fold(NFC(letter))), from CaseFolding.txt', async () => {
  await init();
  const folding = fullCaseFolding();
  const ascii = (c) => (c >= '\uFF01' && c <= '\uFF5E' ? String.fromCodePoint(c.codePointAt(0) - 0xFEE0) : c); // fullwidth, read as ASCII
  const fold = (s) => [...s].map((c) => folding.get(ascii(c).codePointAt(0)) ?? ascii(c)).join('');
  const letters = [...folding.keys()].map((cp) => String.fromCodePoint(cp).normalize('NFC')).filter((s) => /^[\p{L}\p{M}\p{N}]+$/u.test(s));
  assert.ok(letters.length > 1400, `${letters.length} letters`);
  const model = await NaiveBayes.train([letters.join(' '), 'other'], ['letters', 'other']);
  try {
    const wrong = [];
    for (const letter of letters) {
      const expected = fold(letter).normalize('NFC');
      const tokens = model.predict(letter, { explain: 2 }).explanation.map((e) => e.token);
      if (tokens.length !== 1 || tokens[0] !== expected) wrong.push(`${codePoints(letter)}: ${tokens.map(codePoints).join(', ')} for ${codePoints(expected)}`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    model.dispose();
  }
});

test('Unicode case: "τῶν" and "ΐ" are NFC tokens, precomposed or not, and the widget lights them', async () => {
  await init();
  const model = await NaiveBayes.train(['τῶν ΐ καλό', 'κακό'], ['pos', 'neg']);
  try {
    assert.deepEqual(model.topTokens('pos', 5).map((e) => e.token).sort(), ['καλό', 'ΐ', 'τῶν'].sort());
    for (const text of ['τῶν ΐ', 'τῶν ΐ'.normalize('NFD')]) {
      const { explanation } = model.predict(text, { explain: 5 });
      assert.deepEqual(explanation.map((e) => e.token).sort(), ['ΐ', 'τῶν'].sort(), codePoints(text));
      const lit = highlightSpans(model[WORDS](text), explanation, model.info().options, { minStrength: 0 });
      assert.equal(lit.map((span) => text.slice(span.start, span.end)).join(' ').normalize('NFC'), 'τῶν ΐ', codePoints(text));
    }
  } finally {
    model.dispose();
  }
});
