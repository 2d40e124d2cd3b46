// Which words of a review to highlight, and for which class: from the
// model's explanation (the tokens that weighed most, with their label and
// weight) and the words of the text as the model's tokenizer (in C) forms
// its n-grams: [{token, start, end, flags}], start/end UTF-16 offsets. The
// characters of runs of scripts without spaces (Chinese, Japanese, Thai…) are words of their own
// (flag TOK_WORD_CHAR) that form character n-grams; an emoji is one word.
import { C } from '../c-constants.js';

/** A stop word that carries no sentiment of its own ("the", "and"; negations do carry some). */
const isFunctionWord = (word) => (word.flags & C.TOK_WORD_FUNCTION) !== 0;
const isChar = (word) => (word.flags & C.TOK_WORD_CHAR) !== 0;

/**
 * Every n-gram of the words as the tokenizer forms it, {token, first, n}: word n-grams (joined by a space) of
 * the words that no character of a run separates, character n-grams (joined without one) within each run.
 */
function* ngramsOf(words, [nMin, nMax], [cMin, cMax]) {
  for (let i = 0; i < words.length; i++) {
    const char = isChar(words[i]);
    const [min, max, joiner] = char ? [cMin, cMax, ''] : [nMin, nMax, ' '];
    let token = '';
    for (let n = 1; n <= max && i + n <= words.length; n++) {
      const word = words[i + n - 1];
      if (isChar(word) !== char || (char && n > 1 && !(word.flags & C.TOK_WORD_JOINED))) break;
      token = n === 1 ? word.token : `${token}${joiner}${word.token}`;
      if (n >= min) yield { token, first: i, n };
    }
  }
}

/**
 * The words to highlight: [{start, end, label, strength, strong, tokens}] spans
 * in text order, never overlapping; tokenizer holds the model's ngrams
 * [min, max] and charNgrams ([min, max] or false). Each explanation token
 * found among the words (an n-gram is n consecutive words or characters)
 * lends weight / n to each of its words, for its label; a word goes to the
 * label it gets most from, with strength = that share minus the best other
 * label's. The strongest `perLabel` words of each label of at least
 * `minStrength` are kept, and neighbouring kept words that one token of their
 * label covers form one span.
 */
export function highlightSpans(words, explanation, { ngrams, charNgrams = false }, { perLabel = 8, minStrength = 0.25 } = {}) {
  if (!explanation.length) return [];
  const wanted = new Map(explanation.map((e) => [e.token, e]));
  const score = words.map(() => new Map());    // word -> label -> weight
  const joined = words.map(() => new Set());   // word i -> labels of tokens covering words i and i+1
  const tokensAt = words.map(() => new Map()); // word -> label -> Set(token)
  for (const { token, first, n } of ngramsOf(words, ngrams, charNgrams || [0, 0])) {
    const e = wanted.get(token);
    if (!e) continue;
    for (let k = first; k < first + n; k++) {
      score[k].set(e.label, (score[k].get(e.label) ?? 0) + e.weight / n);
      if (!tokensAt[k].has(e.label)) tokensAt[k].set(e.label, new Set());
      tokensAt[k].get(e.label).add(e.token);
      if (k < first + n - 1) joined[k].add(e.label);
    }
  }
  const side = score.map((m) => {
    const ranked = [...m].sort((a, b) => b[1] - a[1]);
    return ranked.length ? { label: ranked[0][0], strength: ranked[0][1] - (ranked[1]?.[1] ?? 0) } : null;
  });
  const byLabel = new Map();
  side.forEach((s, i) => {
    if (!s || s.strength < minStrength) return;
    if (!byLabel.has(s.label)) byLabel.set(s.label, []);
    byLabel.get(s.label).push(i);
  });
  const keep = new Set();
  const strong = new Set(); // at least half as strong as the label's strongest word
  for (const list of byLabel.values()) {
    list.sort((a, b) => side[b].strength - side[a].strength || a - b);
    for (const i of list.slice(0, perLabel)) {
      keep.add(i);
      if (side[i].strength >= 0.5 * side[list[0]].strength) strong.add(i);
    }
  }
  const spans = [];
  for (let i = 0; i < words.length; i++) {
    if (!keep.has(i)) continue;
    const { label } = side[i];
    let j = i;
    while (keep.has(j + 1) && side[j + 1].label === label && joined[j].has(label) && strong.has(j + 1) === strong.has(i)) j++;
    const next = j;
    // A function word ("the", "and") is shown only inside a phrase, never at its ends.
    while (i <= j && isFunctionWord(words[i])) i++;
    while (j >= i && isFunctionWord(words[j])) j--;
    if (i <= j) {
      const tokens = new Set();
      let strength = 0;
      for (let k = i; k <= j; k++) {
        strength = Math.max(strength, side[k].strength);
        for (const t of tokensAt[k].get(label)) tokens.add(t);
      }
      spans.push({ start: words[i].start, end: words[j].end, label, strength, strong: strong.has(i), tokens: [...tokens] });
    }
    i = next;
  }
  return spans;
}
