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
 * The n-grams of the words as the tokenizer forms them that may be wanted, {token, first, n}: word n-grams
 * (joined by a space) of the words that no character of a run separates, character n-grams (joined without
 * one) within each run. An n-gram is only extended while it is the start of a wanted token (prefixes), so a
 * long text costs a lookup a word, not a string per n-gram.
 */
function* ngramsOf(words, [nMin, nMax], [cMin, cMax], prefixes) {
  for (let i = 0; i < words.length; i++) {
    const char = isChar(words[i]);
    const [min, max, joiner] = char ? [cMin, cMax, ''] : [nMin, nMax, ' '];
    let token = '';
    for (let n = 1; n <= max && i + n <= words.length; n++) {
      const word = words[i + n - 1];
      if (isChar(word) !== char || (char && n > 1 && !(word.flags & C.TOK_WORD_JOINED))) break;
      token = n === 1 ? word.token : `${token}${joiner}${word.token}`;
      if (!prefixes.has(token)) break;
      if (n >= min) yield { token, first: i, n };
    }
  }
}

/** Every start of every token (the tokens themselves too). */
function prefixesOf(tokens) {
  const prefixes = new Set();
  for (const token of tokens) for (let end = 1; end <= token.length; end++) prefixes.add(token.slice(0, end));
  return prefixes;
}

/**
 * The label of word i and its strength (its weight minus the next label's): the first to reach the word
 * wins a tie, as the hits reach it from its first one; scores are the word's weight a label.
 */
function bestLabel(hits, from, i, scores) {
  let top = -1, second = -Infinity; // -Infinity: no second label
  const seen = new Set();
  for (let h = from; h < hits.length && hits[h].first <= i; h++) {
    const { l, first, n } = hits[h];
    if (first + n <= i || seen.has(l)) continue;
    seen.add(l);
    if (top < 0 || scores[l] > scores[top]) {
      if (top >= 0) second = scores[top];
      top = l;
    } else if (scores[l] > second) {
      second = scores[l];
    }
  }
  return [top, scores[top] - (second === -Infinity ? 0 : second)];
}

/** The hits covering words i..j (hits are in order of their first word; none covers more than longest). */
function* covering(hits, longest, i, j) {
  let lo = 0, hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid].first < i - longest + 1) lo = mid + 1;
    else hi = mid;
  }
  for (let h = lo; h < hits.length && hits[h].first <= j; h++) if (hits[h].first + hits[h].n > i) yield hits[h];
}

/**
 * The words to highlight: [{start, end, label, strength, strong, tokens}] spans
 * in text order, never overlapping; tokenizer holds the model's ngrams
 * [min, max] and charNgrams ([min, max] or false). Each explanation token
 * found among the words (an n-gram is n consecutive words or characters)
 * lends weight / n to each of its words, for its label; a word goes to the
 * label it gets most from (the first to reach it on a tie), with strength =
 * that share minus the best other label's. The strongest `perLabel` words of
 * each label are kept, of those with a strength of at least `minStrength` or
 * covered by a token of their label that weighs that much on its own, and
 * neighbouring kept words that one token of their label covers form one span.
 */
export function highlightSpans(words, explanation, { ngrams, charNgrams = false }, { perLabel = 8, minStrength = 0.25 } = {}) {
  if (!explanation.length) return [];
  const wanted = new Map(explanation.map((e) => [e.token, e]));
  const labels = [...new Set(explanation.map((e) => e.label))];
  const L = labels.length;
  // Typed arrays a word (and label) and a list of the hits, in text order: a long text costs no object a word.
  const score = new Float64Array(words.length * L); // word i, label l -> weight
  const firstHit = new Int32Array(words.length).fill(-1);
  const joined = new Uint8Array(words.length * L);  // word i, label l -> a token of l covers words i and i+1
  const hits = [];                                   // {e, l, first, n}, by first
  let longest = 1;
  for (const { token, first, n } of ngramsOf(words, ngrams, charNgrams || [0, 0], prefixesOf(wanted.keys()))) {
    const e = wanted.get(token);
    if (!e) continue;
    const l = labels.indexOf(e.label);
    for (let k = first; k < first + n; k++) {
      if (firstHit[k] < 0) firstHit[k] = hits.length;
      score[k * L + l] += e.weight / n;
      if (k < first + n - 1) joined[k * L + l] = 1;
    }
    hits.push({ e, l, first, n });
    if (n > longest) longest = n;
  }
  const best = new Int32Array(words.length).fill(-1); // word -> its label
  const strength = new Float64Array(words.length);
  for (let i = 0; i < words.length; i++) {
    if (firstHit[i] >= 0) [best[i], strength[i]] = bestLabel(hits, firstHit[i], i, score.subarray(i * L, (i + 1) * L));
  }
  // A phrase strong as a whole lights its words up, though each gets only its share ("not good": 0.40, 0.20 a word).
  const phrase = new Float64Array(words.length); // word -> the weight of the strongest token of its label covering it
  for (const { e, l, first, n } of hits) {
    for (let k = first; k < first + n; k++) if (best[k] === l && e.weight > phrase[k]) phrase[k] = e.weight;
  }
  const byLabel = Array.from({ length: L }, () => []);
  for (let i = 0; i < words.length; i++) {
    if (best[i] >= 0 && strength[i] > 0 && Math.max(strength[i], phrase[i]) >= minStrength) byLabel[best[i]].push(i);
  }
  const keep = new Uint8Array(words.length + 1);
  const strong = new Uint8Array(words.length + 1); // at least half as strong as the label's strongest word
  for (const list of byLabel) {
    list.sort((a, b) => strength[b] - strength[a] || a - b);
    for (const i of list.slice(0, perLabel)) {
      keep[i] = 1;
      if (strength[i] >= 0.5 * strength[list[0]]) strong[i] = 1;
    }
  }
  const spans = [];
  for (let i = 0; i < words.length; i++) {
    if (!keep[i]) continue;
    const l = best[i];
    let j = i;
    while (keep[j + 1] && best[j + 1] === l && joined[j * L + l] && strong[j + 1] === strong[i]) j++;
    const next = j;
    // A function word ("the", "and") is shown only inside a phrase, never at its ends.
    while (i <= j && isFunctionWord(words[i])) i++;
    while (j >= i && isFunctionWord(words[j])) j--;
    if (i <= j) {
      const tokens = new Set();
      let most = 0;
      for (let k = i; k <= j; k++) most = Math.max(most, strength[k]);
      for (const hit of covering(hits, longest, i, j)) if (hit.l === l) tokens.add(hit.e.token);
      spans.push({ start: words[i].start, end: words[j].end, label: labels[l], strength: most, strong: strong[i] === 1, tokens: [...tokens] });
    }
    i = next;
  }
  return spans;
}
