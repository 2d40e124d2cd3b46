// <review-checker model="models/imdb-sentiment.nbm"></review-checker>
//
// A self-contained custom element: one
//   <script type="module" src=".../web/review-checker.js"></script>
// on any page and a model file (saved by NaiveBayes#save) beside it. The model
// URL resolves against the document, the WebAssembly module against this file.
// As the visitor types it shows the most probable class with a probability
// bar, and highlights in a read-only mirror of the text the words and word
// pairs that pushed most towards each side; "About this model" shows the
// classes, vocabulary, validation accuracy and confusion matrix from the
// model's metadata, and the strongest words of each class.
//
// Attributes
//   model      URL of the .nbm file (required). Fetched once per URL and shared
//              by every element on the page.
//   labels     JSON object mapping model labels to display names, e.g.
//              '{"1":"Positive","0":"Negative"}'. Without it, a model whose
//              labels are exactly "0" and "1" reads as Negative / Positive and
//              any other label is shown as is.
//   top-words  how many strongest words per class the About view lists (1–50, default 10).
//
// Properties and events
//   element.result   the last prediction shown: {text, label, displayLabel,
//                    probabilities, evidence, explanation, highlights}, or null
//                    (nothing typed, no known word, model not loaded).
//   element.value    the text (setting it classifies at once).
//   element.state    'loading' | 'neutral' | 'result' | 'error' (also the data-state attribute).
//   'review-checker:result'  fired (bubbles, composed) after each classification
//                    (and with null when the model fails to load); event.detail is element.result.
//   Theming: --rc-accent, --rc-positive, --rc-negative, --rc-focus, --rc-surface, --rc-font.
//
// Security: no innerHTML anywhere; user and model strings reach the DOM only
// through textContent and attributes; styles come from a constructable
// stylesheet (adoptedStyleSheets) and element.style, so a strict CSP without
// 'unsafe-inline' works.
import { h } from './dom.js';
import { fmtFileSize, fmtInt, fmtPercent, fmtRatio } from './format.js';
import { modelFor, topTokensOf } from './review-checker/model-cache.js';
import { adoptStyles } from './review-checker/styles.js';

const DEBOUNCE_MS = 150;
const EXPLAIN = 32;           // explanation tokens asked of the model

const EXAMPLES = [
  ['A positive one', 'An absolutely wonderful film. The acting was brilliant, the score is beautiful and I loved every minute of it.'],
  ['A negative one', 'A boring, awful mess. The worst movie I have seen in years: a total waste of time.'],
  ['A mixed one', 'The acting was brilliant and the photography is gorgeous, but the plot was boring and the ending felt lazy.'],
];

// ------------------------------------------------------------------ words (c/ps_tokenize.c in JS)
// Finds the words of a text with their positions, with the tokenizer's rules:
// tags dropped, entities decoded, the same word characters, lower-casing and
// apostrophes, negation marks and stop words when the model uses them. N-grams
// are then consecutive entries of the returned list.

const MAX_WORD_BYTES = 64;
const TAG_SCAN = 1024;
const C_SEP = 0;
const C_WORD = 1;
const C_APOS = 2;
const C_PUNCT = 3;

const STOP_WORDS = new Set(('i me my myself we our ours ourselves you you\'re you\'ve you\'ll you\'d your yours yourself yourselves '
  + 'he him his himself she she\'s her hers herself it it\'s its itself they them their theirs themselves what which who whom '
  + 'this that that\'ll these those am is are was were be been being have has had having do does did doing a an the and but '
  + 'if or because as until while of at by for with about against between into through during before after above below to '
  + 'from up down in out on off over under again further then once here there when where why how all any both each few more '
  + 'most other some such no nor not only own same so than too very s t can will just don don\'t should should\'ve now d ll '
  + 'm o re ve y ain aren aren\'t couldn couldn\'t didn didn\'t doesn doesn\'t hadn hadn\'t hasn hasn\'t haven haven\'t isn '
  + 'isn\'t ma mightn mightn\'t mustn mustn\'t needn needn\'t shan shan\'t shouldn shouldn\'t wasn wasn\'t weren weren\'t won '
  + 'won\'t wouldn wouldn\'t').split(' '));
const NEGATORS = new Set(('not no never nor cannot nothing nobody none neither nowhere without hadnt wont cant doesnt couldnt '
  + 'didnt dont isnt werent arent wasnt havent shouldnt wouldnt aint hasnt').split(' '));
const NEGATION_STUB = /^(?:no|nor|not|ain|aren|couldn|didn|doesn|don|hadn|hasn|haven|isn|mightn|mustn|needn|shan|shouldn|wasn|weren|won|wouldn)$|n't$/;
/** A stop word that carries no sentiment on its own (negations do). */
const isFunctionWord = (token) => {
  const w = token.startsWith('!') ? token.slice(1) : token;
  return STOP_WORDS.has(w) && !NEGATION_STUB.test(w);
};
const ENTITIES = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27, nbsp: 0x20, hellip: 0x2026, mdash: 0x2014,
  ndash: 0x2013, lsquo: 0x2018, rsquo: 0x2019, ldquo: 0x201c, rdquo: 0x201d,
};

function classOf(cp) {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39)) return C_WORD;
    if (cp === 0x27) return C_APOS;
    return '.,:;!?'.includes(String.fromCharCode(cp)) ? C_PUNCT : C_SEP;
  }
  if (cp < 0xc0) return cp === 0xa1 || cp === 0xbf ? C_PUNCT : C_SEP;
  if (cp === 0xd7 || cp === 0xf7) return C_SEP;
  if (cp === 0x2018 || cp === 0x2019) return C_APOS;
  if (cp >= 0x2000 && cp <= 0x2bff) return cp === 0x2026 ? C_PUNCT : C_SEP;
  if ((cp >= 0x2e00 && cp <= 0x2e7f) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f)
    || (cp >= 0xff00 && cp <= 0xff20) || (cp >= 0xfff0 && cp <= 0xffff) || (cp >= 0x1f000 && cp <= 0x1faff)) {
    return [0x3002, 0xff01, 0xff0c, 0xff0e, 0xff1f].includes(cp) ? C_PUNCT : C_SEP;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return C_SEP; // a lone surrogate becomes U+FFFD in UTF-8
  return C_WORD;
}

function lowerOf(cp) {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp < 0x100) return cp >= 0xc0 && cp <= 0xde && cp !== 0xd7 ? cp + 32 : cp;
  if (cp <= 0x17f) {
    if ((cp <= 0x137 || (cp >= 0x14a && cp <= 0x177)) && !(cp & 1)) return cp + 1;
    if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) && (cp & 1)) return cp + 1;
    return cp === 0x178 ? 0xff : cp;
  }
  if (cp >= 0x391 && cp <= 0x3a9 && cp !== 0x3a2) return cp + 32;
  if (cp === 0x386) return 0x3ac;
  if (cp >= 0x388 && cp <= 0x38a) return cp + 37;
  if (cp === 0x38c) return 0x3cc;
  if (cp === 0x38e || cp === 0x38f) return cp + 63;
  if (cp >= 0x410 && cp <= 0x42f) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40f) return cp + 80;
  return cp;
}

const utf8Length = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** The entity at text[i] === '&': [code point, length] or null (see entity() in ps_tokenize.c). */
function entityAt(text, i) {
  let n = 0;
  for (let k = 1; i + k < text.length && k <= 10; k++) {
    const ch = text[i + k];
    if (ch === ';') { n = k; break; }
    if (!/[A-Za-z0-9#]/.test(ch)) return null;
  }
  if (n < 2) return null;
  const body = text.slice(i + 1, i + n);
  if (body[0] === '#') {
    const hex = n > 2 && (body[1] === 'x' || body[1] === 'X');
    const digits = body.slice(hex ? 2 : 1);
    if (!digits) return null;
    let cp = 0;
    for (const ch of digits) {
      const d = parseInt(ch, hex ? 16 : 10);
      if (Number.isNaN(d)) return null;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10ffff) return [0xfffd, n + 1];
    }
    return [cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp, n + 1];
  }
  return Object.hasOwn(ENTITIES, body) ? [ENTITIES[body], n + 1] : null;
}

/**
 * The words of text as the tokenizer sees them, before n-grams:
 * [{token, start, end}] with token lower-cased (and "!"-prefixed inside a
 * negation when options.negation), start/end UTF-16 offsets into text.
 */
export function wordsOf(text, { negation = false, stopwords = false } = {}) {
  const words = [];
  let word = '';
  let bytes = 0;
  let full = false;
  let pendingApos = false;
  let neg = false;
  let start = 0;
  let end = 0;

  function finish() {
    if (bytes === 0) return;
    let w = word;
    if (pendingApos) w = w.slice(0, -1);
    word = '';
    bytes = 0;
    full = false;
    pendingApos = false;
    if (!w) return;
    const isNeg = negation && (w.endsWith("n't") || NEGATORS.has(w));
    if (!(stopwords && STOP_WORDS.has(w))) words.push({ token: (negation && neg && !isNeg ? '!' : '') + w, start, end });
    if (isNeg) neg = true;
  }

  function add(cp, from, to) {
    const c = classOf(cp);
    if (c === C_WORD) {
      const lc = lowerOf(cp);
      const need = utf8Length(lc);
      if (bytes > 0) end = to; // characters past the byte limit still belong to the word on screen
      if (full) return;
      if (bytes + need > MAX_WORD_BYTES) { full = true; return; }
      if (bytes === 0) { start = from; end = to; }
      word += String.fromCodePoint(lc);
      bytes += need;
      pendingApos = false;
      return;
    }
    if (c === C_APOS && bytes > 0 && !pendingApos) {
      if (full) return;
      if (bytes + 1 > MAX_WORD_BYTES) { full = true; return; }
      word += "'";
      bytes += 1;
      pendingApos = true;
      return;
    }
    finish();
    if (c === C_PUNCT) neg = false;
  }

  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i);
    const size = cp > 0xffff ? 2 : 1;
    if (cp === 0x3c && i + 1 < text.length && /[A-Za-z/!?]/.test(text[i + 1])) {
      const close = text.indexOf('>', i + 2);
      if (close !== -1 && close < i + TAG_SCAN) {
        finish();
        neg = false;
        i = close + 1;
        continue;
      }
    } else if (cp === 0x26) {
      const entity = entityAt(text, i);
      if (entity) {
        add(entity[0], i, i + entity[1]);
        i += entity[1];
        continue;
      }
    }
    add(cp, i, i + size);
    i += size;
  }
  finish();
  return words;
}

/**
 * The words to highlight: [{start, end, label, strength, tokens}] spans in text
 * order, never overlapping. Each explanation token found in the text (an n-gram
 * is n consecutive words) lends weight / n to each of its words, for its label;
 * a word goes to the label it gets most from, with strength = that share minus
 * the best other label's. The strongest `perLabel` words of each label of at
 * least `minStrength` are kept, and neighbouring kept words that one token of
 * their label covers form one span.
 */
export function highlightSpans(text, explanation, options, { perLabel = 8, minStrength = 0.25 } = {}) {
  if (!explanation.length) return [];
  const words = wordsOf(text, options);
  const [nMin, nMax] = options.ngrams ?? [1, 1];
  const wanted = new Map(explanation.map((e) => [e.token, e]));
  const score = words.map(() => new Map());    // word -> label -> weight
  const joined = words.map(() => new Set());   // word i -> labels of tokens covering words i and i+1
  const tokensAt = words.map(() => new Map()); // word -> label -> Set(token)
  for (let n = nMin; n <= nMax; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      let token = words[i].token;
      for (let k = 1; k < n; k++) token += ` ${words[i + k].token}`;
      const e = wanted.get(token);
      if (!e) continue;
      for (let k = i; k < i + n; k++) {
        score[k].set(e.label, (score[k].get(e.label) ?? 0) + e.weight / n);
        if (!tokensAt[k].has(e.label)) tokensAt[k].set(e.label, new Set());
        tokensAt[k].get(e.label).add(e.token);
        if (k < i + n - 1) joined[k].add(e.label);
      }
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
    while (i <= j && isFunctionWord(words[i].token)) i++;
    while (j >= i && isFunctionWord(words[j].token)) j--;
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

// ------------------------------------------------------------------ metadata

/** The metadata key that matches best, or undefined. */
function metaKey(metadata, ...patterns) {
  const keys = Object.keys(metadata);
  for (const pattern of patterns) {
    const key = keys.find((k) => pattern.test(k));
    if (key !== undefined) return key;
  }
  return undefined;
}

/** A number in [0, 1] from "0.885", "88.5", "88.5%"; NaN otherwise. */
function parseAccuracy(value) {
  const match = /^\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$/.exec(String(value));
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] || n > 1 ? n / 100 : n;
}

/** {labels, matrix} from the confusion-matrix metadata, in any of a few shapes; null if unreadable. */
function parseConfusion(value, modelLabels) {
  let data;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  let labels;
  let matrix;
  if (Array.isArray(data)) {
    labels = modelLabels;
    matrix = data;
  } else if (data && typeof data === 'object' && Array.isArray(data.matrix)) {
    labels = Array.isArray(data.labels) ? data.labels.map(String) : modelLabels;
    matrix = data.matrix;
  } else if (data && typeof data === 'object') {
    labels = Object.keys(data);
    matrix = labels.map((actual) => labels.map((predicted) => data[actual]?.[predicted] ?? 0));
  } else {
    return null;
  }
  const square = matrix.length === labels.length && matrix.every((row) => Array.isArray(row) && row.length === labels.length
    && row.every((n) => Number.isFinite(n) && n >= 0));
  return square && labels.length > 0 ? { labels, matrix } : null;
}

let instances = 0;

// ------------------------------------------------------------------ the element

export class ReviewChecker extends HTMLElement {
  static observedAttributes = ['model', 'labels', 'top-words'];

  #ids = `rc${++instances}`;
  #els = {};
  #entry = null;
  #loading = null;
  #timer = 0;
  #result = null;
  #state = 'loading';
  #aboutFor = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adoptStyles(root);
    root.append(this.#build());
  }

  #build() {
    const id = (name) => `${this.#ids}-${name}`;
    const e = this.#els;
    e.textarea = h('textarea', {
      id: id('text'), rows: 6, spellcheck: 'true', 'aria-describedby': id('count'),
      placeholder: 'Type or paste a review, e.g. “The cast is great but the story drags.”',
    });
    e.count = h('span', { className: 'count', id: id('count'), 'aria-live': 'off', text: '0 words' });
    e.examples = h('div', { className: 'examples', role: 'group', 'aria-label': 'Example reviews' },
      h('span', { className: 'sample', text: 'Try:' }),
      EXAMPLES.map(([name, text]) => {
        const button = h('button', { type: 'button', className: 'chip sample', text: name });
        button.addEventListener('click', () => { this.value = text; });
        return button;
      }));
    e.clear = h('button', { type: 'button', className: 'chip quiet', text: 'Clear' });
    e.clear.addEventListener('click', () => { this.value = ''; this.#els.textarea.focus(); });
    e.examples.append(e.clear);

    e.kicker = h('p', { className: 'kicker', text: 'Verdict' });
    e.badge = h('span', { className: 'badge neutral' });
    e.prob = h('span', { className: 'prob' });
    e.live = h('p', { className: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
    e.bar = h('div', { className: 'bar', role: 'img' });
    e.scale = h('div', { className: 'scale', 'aria-hidden': 'true' });
    e.message = h('p', { className: 'message' });
    e.verdict = h('div', { className: 'verdict', 'data-state': 'loading', part: 'verdict' },
      h('div', { className: 'verdict-head' }, e.kicker, e.badge, e.prob), e.bar, e.scale, e.message, e.live);

    e.errorText = h('p');
    e.retry = h('button', { type: 'button', text: 'Try again' });
    e.retry.addEventListener('click', () => this.#load(true));
    e.error = h('div', { className: 'error', role: 'alert', hidden: true, part: 'error' }, e.errorText, e.retry);

    e.legend = h('ul', { className: 'legend' });
    e.mirror = h('p', { className: 'mirror', id: id('mirror'), tabindex: 0, role: 'region', 'aria-labelledby': id('explain-title') });
    e.note = h('p', { className: 'note' });
    e.explain = h('div', { className: 'explain', hidden: true },
      h('div', { className: 'explain-head' }, h('h3', { id: id('explain-title'), text: 'The words that decided it' }), e.legend),
      e.mirror, e.note);

    e.aboutBody = h('div', { className: 'about-body' });
    e.about = h('details', { className: 'about', hidden: true },
      h('summary', { text: 'About this model' }), e.aboutBody);
    e.about.addEventListener('toggle', () => { if (e.about.open) this.#renderAbout(); });

    const field = h('div', { className: 'field' },
      h('div', { className: 'field-head' }, h('label', { for: id('text'), text: 'Your review' }), e.count),
      e.textarea, e.examples);
    e.textarea.addEventListener('input', () => this.#schedule());
    return h('div', { className: 'checker', part: 'checker' },
      h('div', { className: 'top' }, field, e.verdict), e.error, e.explain, e.about);
  }

  connectedCallback() {
    if (!this.#loading) this.#load(false);
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'model') {
      if (this.isConnected) this.#load(false);
    } else if (this.#entry) {
      this.#aboutFor = null;
      if (this.#els.about.open) this.#renderAbout();
      this.#classify();
    }
  }

  /** The last prediction shown, or null. */
  get result() { return this.#result; }

  /** 'loading' | 'neutral' | 'result' | 'error'. */
  get state() { return this.#state; }

  get value() { return this.#els.textarea.value; }

  set value(text) {
    this.#els.textarea.value = String(text ?? '');
    clearTimeout(this.#timer);
    this.#classify();
  }

  // ---------------------------------------------------------------- loading

  #modelUrl() {
    const attr = this.getAttribute('model');
    if (!attr) return null;
    try {
      return new URL(attr, document.baseURI).href;
    } catch {
      return null;
    }
  }

  #load(retry) {
    const url = this.#modelUrl();
    const attr = this.getAttribute('model') ?? '';
    const loading = {};
    this.#loading = loading;
    this.#entry = null;
    this.#setState('loading');
    this.#els.error.hidden = true;
    this.#els.about.hidden = true;
    this.#els.explain.hidden = true;
    this.#showMessage('Loading the model…', true);
    if (!url) {
      this.#fail(attr, { code: 'NO_MODEL', message: 'no model URL: set the model attribute to the .nbm file' }, false);
      return;
    }
    modelFor(url, { retry }).then((entry) => {
      if (this.#loading !== loading) return;
      this.#entry = entry;
      this.#els.textarea.disabled = false;
      for (const b of this.#els.examples.querySelectorAll('button')) b.disabled = false;
      // The example reviews are movie reviews: offered only with a positive/negative model.
      for (const el of this.#els.examples.querySelectorAll('.sample')) el.hidden = !this.#isSentiment();
      this.#aboutFor = null;
      this.#els.about.hidden = false;
      if (this.#els.about.open) this.#renderAbout();
      this.#classify();
    }, (error) => {
      if (this.#loading !== loading) return;
      this.#fail(attr, error, true);
    });
  }

  #fail(attr, error, canRetry) {
    const e = this.#els;
    this.#setState('error');
    this.#setResult(null);
    e.errorText.replaceChildren(
      h('strong', { text: 'The review checker could not start.' }),
      `Could not load the model “${attr}”: ${error.message}. `,
      h('code', { text: `(${error.code ?? 'ERROR'})` }));
    e.retry.hidden = !canRetry;
    e.error.hidden = false;
    e.explain.hidden = true;
    e.about.hidden = true;
    e.textarea.disabled = true;
    for (const b of e.examples.querySelectorAll('button')) b.disabled = true;
    this.#showMessage('The model could not be loaded, so there is nothing to classify with.', false);
    e.badge.textContent = 'Unavailable';
  }

  #setState(state) {
    this.#state = state;
    this.dataset.state = state;
    this.#els.verdict.dataset.state = state;
  }

  // ---------------------------------------------------------------- labels

  #isSentiment() {
    const labels = this.#entry?.model.labels ?? [];
    return labels.length === 2 && labels.includes('0') && labels.includes('1');
  }

  #overrides() {
    try {
      const parsed = JSON.parse(this.getAttribute('labels') ?? 'null');
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }

  /** Display name: the labels attribute, else the model's "labels" metadata, else Positive/Negative for "1"/"0", else the label. */
  #nameOf(label, overrides = this.#overrides()) {
    const given = (map) => (Object.hasOwn(map, label) && typeof map[label] === 'string' && map[label].trim() ? map[label].trim() : null);
    const fromAttribute = given(overrides);
    if (fromAttribute) return fromAttribute;
    const fromModel = given(this.#entry?.names ?? {});
    if (fromModel) return fromModel[0].toUpperCase() + fromModel.slice(1);
    if (this.#isSentiment()) return label === '1' ? 'Positive' : 'Negative';
    return label;
  }

  #toneOf(label) {
    if (this.#isSentiment()) return label === '1' ? 'tone-pos' : 'tone-neg';
    return `tone-k${Math.max(0, this.#entry.model.labels.indexOf(label)) % 6}`;
  }

  /** Class labels in display order: Negative before Positive for sentiment models, else model order. */
  #displayOrder() {
    return this.#isSentiment() ? ['0', '1'] : [...this.#entry.model.labels];
  }

  // ---------------------------------------------------------------- classifying

  #schedule() {
    clearTimeout(this.#timer);
    this.#updateCount();
    this.#timer = setTimeout(() => this.#classify(), DEBOUNCE_MS);
  }

  #updateCount() {
    const n = (this.#els.textarea.value.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []).length;
    this.#els.count.textContent = `${fmtInt(n)} word${n === 1 ? '' : 's'}`;
  }

  #classify() {
    this.#updateCount();
    const entry = this.#entry;
    if (!entry) return;
    const text = this.#els.textarea.value;
    if (text.trim() === '') {
      this.#neutral('Start typing, or try an example, to see how the review reads.');
      return;
    }
    const prediction = entry.model.predict(text, { explain: EXPLAIN });
    if (prediction.evidence === 0) {
      this.#neutral('None of these words are in the model’s vocabulary yet, so there is nothing to go on. Keep typing.');
      return;
    }
    const overrides = this.#overrides();
    const highlights = highlightSpans(text, prediction.explanation, entry.info.options);
    this.#setState('result');
    this.#renderVerdict(prediction, overrides);
    this.#renderMirror(text, highlights, overrides);
    this.#setResult({
      text,
      label: prediction.label,
      displayLabel: this.#nameOf(prediction.label, overrides),
      probabilities: prediction.probabilities,
      evidence: prediction.evidence,
      explanation: prediction.explanation,
      highlights: highlights.map(({ start, end, label, strength, strong, tokens }) => ({ start, end, label, text: text.slice(start, end), strength, strong, tokens })),
    });
  }

  #setResult(result) {
    this.#result = result;
    this.dispatchEvent(new CustomEvent('review-checker:result', { detail: result, bubbles: true, composed: true }));
  }

  #neutral(message) {
    this.#setState('neutral');
    this.#showMessage(message, false);
    this.#els.explain.hidden = true;
    this.#setResult(null);
  }

  /** The neutral or loading verdict: no label, an even grey bar. */
  #showMessage(message, spinner) {
    const e = this.#els;
    e.kicker.textContent = 'Verdict';
    e.badge.className = 'badge neutral';
    e.badge.textContent = spinner ? 'Loading' : 'No verdict yet';
    e.prob.replaceChildren();
    e.bar.replaceChildren(h('span', { className: 'empty' }));
    e.bar.setAttribute('aria-label', 'No probabilities yet');
    e.scale.replaceChildren();
    e.message.replaceChildren(spinner ? h('span', { className: 'spinner', 'aria-hidden': 'true' }) : '', message);
    e.message.hidden = false;
    e.live.textContent = message;
  }

  #renderVerdict(prediction, overrides) {
    const e = this.#els;
    const { label, probabilities, evidence } = prediction;
    const name = this.#nameOf(label, overrides);
    const p = probabilities[label];
    e.kicker.textContent = 'Verdict';
    e.badge.className = `badge ${this.#toneOf(label)}`;
    e.badge.textContent = name;
    e.prob.replaceChildren(fmtPercent(p), h('small', { text: p < 0.65 ? 'probability · a close call' : 'probability' }));
    const order = this.#displayOrder();
    const segments = order.map((l) => {
      const seg = h('span', { className: this.#toneOf(l) });
      seg.style.flexBasis = `${(probabilities[l] * 100).toFixed(3)}%`;
      return seg;
    });
    e.bar.replaceChildren(...segments);
    const summary = order.map((l) => `${this.#nameOf(l, overrides)} ${fmtPercent(probabilities[l])}`).join(', ');
    e.bar.setAttribute('aria-label', `Probabilities: ${summary}`);
    e.scale.replaceChildren(...order.map((l) => h('span', { className: this.#toneOf(l) },
      h('b', { text: this.#nameOf(l, overrides) }), ` ${fmtPercent(probabilities[l])}`)));
    const phrases = entry => (entry.info.options.ngrams[1] > 1 ? 'words and phrases' : 'words');
    e.message.textContent = `Based on ${fmtInt(evidence)} ${evidence === 1 ? 'known word' : `${phrases(this.#entry)} the model knows`}.`;
    e.live.textContent = `${name}, ${fmtPercent(p)} probability.`;
  }

  #renderMirror(text, spans, overrides) {
    const e = this.#els;
    const nodes = [];
    let at = 0;
    for (const span of spans) {
      if (span.start > at) nodes.push(text.slice(at, span.start));
      const mark = h('mark', { className: `${this.#toneOf(span.label)}${span.strong ? ' strong' : ''}`, text: text.slice(span.start, span.end) });
      mark.dataset.label = span.label;
      mark.title = `Towards ${this.#nameOf(span.label, overrides)}: ${span.tokens.map((t) => `“${t}”`).join(', ')}`;
      nodes.push(mark);
      at = span.end;
    }
    if (at < text.length) nodes.push(text.slice(at));
    e.mirror.replaceChildren(...nodes);
    e.legend.replaceChildren(...this.#displayOrder().slice().reverse().map((l) => h('li', {},
      h('mark', { className: this.#toneOf(l), 'aria-hidden': 'true', text: 'word' }),
      `pushes towards ${this.#nameOf(l, overrides)}`)));
    const sides = new Set(spans.map((s) => s.label));
    e.note.textContent = spans.length === 0
      ? 'No single word stands out: the verdict comes from many weak clues.'
      : sides.size === 1 && this.#entry.model.labels.length === 2
        ? `Nothing here pushes strongly towards ${this.#nameOf(this.#entry.model.labels.find((l) => !sides.has(l)), overrides)}.`
        : 'Darker means a stronger push. Hover a highlight to see the words and phrases behind it.';
    e.explain.hidden = false;
  }

  // ---------------------------------------------------------------- about this model

  #topWords() {
    const n = Number(this.getAttribute('top-words') ?? 10);
    return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 10;
  }

  /** Fills the About view (when it is first opened, and again after a change of model or labels). */
  #renderAbout() {
    const entry = this.#entry;
    if (!entry || this.#aboutFor === entry) return;
    this.#aboutFor = entry;
    const { info, model } = entry;
    const overrides = this.#overrides();
    const meta = info.metadata;
    const totalDocs = info.classes.reduce((sum, c) => sum + c.documents, 0);

    const confusionKey = metaKey(meta, /confusion/i);
    const confusion = confusionKey ? parseConfusion(meta[confusionKey], model.labels) : null;
    const accuracyKey = metaKey(meta, /valid.*acc|acc.*valid/i, /(test|holdout|held).*acc/i, /accuracy/i);
    let accuracy = accuracyKey ? parseAccuracy(meta[accuracyKey]) : NaN;
    let accuracyFrom = accuracyKey ? 'from the model’s metadata' : '';
    if (!Number.isFinite(accuracy) && confusion) {
      const n = confusion.matrix.flat().reduce((a, b) => a + b, 0);
      if (n) {
        accuracy = confusion.labels.reduce((sum, _, i) => sum + confusion.matrix[i][i], 0) / n;
        accuracyFrom = 'from the confusion matrix';
      }
    }
    const validationN = confusion ? confusion.matrix.flat().reduce((a, b) => a + b, 0) : 0;
    const perClassKey = metaKey(meta, /^(validation_)?(per_?)?classes$/i, /per.?class/i);
    let perClass = null;
    try {
      const parsed = perClassKey ? JSON.parse(meta[perClassKey]) : null;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) perClass = parsed;
    } catch { /* not JSON: listed with the other metadata */ }
    const shortable = (long, short) => [h('span', { className: 'long', text: long }), h('span', { className: 'short', text: short })];
    const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

    const stat = (title, value, note, attrs = {}) => h('div', { className: 'stat' },
      h('dt', { text: title }), h('dd', attrs, value, note ? h('small', { text: note }) : null));
    const stats = h('dl', { className: 'stats' },
      stat('Validation accuracy', Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(1)}%` : 'not recorded',
        Number.isFinite(accuracy) ? (validationN ? `on ${fmtInt(validationN)} held-out reviews` : accuracyFrom) : 'no accuracy in the metadata',
        { 'data-key': 'accuracy', 'data-value': Number.isFinite(accuracy) ? accuracy : '' }),
      stat('Vocabulary', fmtInt(info.vocabularySize), info.options.ngrams[1] > 1 ? 'words and phrases' : 'words',
        { 'data-key': 'vocabulary', 'data-value': info.vocabularySize }),
      stat('Training documents', fmtInt(totalDocs), `${info.classes.length} classes`, { 'data-key': 'documents', 'data-value': totalDocs }));

    // Classes
    const classes = h('table', { className: 'classes' },
      h('caption', { text: `Prior: the share of training documents in each class.${perClass ? ' Precision and recall on the validation reviews.' : ''}` }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Class' }), h('th', { scope: 'col' }, shortable('Documents', 'Docs')), h('th', { scope: 'col', className: 'prior', text: 'Prior' }),
        perClass ? [h('th', { scope: 'col' }, shortable('Precision', 'Prec.')), h('th', { scope: 'col', text: 'Recall' })] : null)),
      h('tbody', {}, this.#displayOrder().reverse().map((label) => {
        const c = info.classes.find((x) => x.label === label);
        return h('tr', { 'data-label': label },
          h('td', { className: this.#toneOf(label) }, h('span', { className: 'dot', 'aria-hidden': 'true' }),
            this.#nameOf(label, overrides), label !== this.#nameOf(label, overrides) ? h('span', { className: 'code', title: 'label in the model', text: label }) : null),
          h('td', { text: fmtInt(c.documents) }),
          h('td', { className: 'prior', text: `${(c.prior * 100).toFixed(1)}%` }),
          perClass ? [h('td', { text: pct(perClass[label]?.precision) }), h('td', { text: pct(perClass[label]?.recall) })] : null);
      })));

    // Confusion matrix as a heat map
    let heat;
    if (confusion) {
      const max = Math.max(1, ...confusion.matrix.flat());
      const order = this.#isSentiment() && confusion.labels.length === 2 && confusion.labels.includes('1')
        ? ['1', '0'].map((l) => confusion.labels.indexOf(l)) : confusion.labels.map((_, i) => i);
      const rgbAccent = [63, 55, 201];
      heat = h('table', { className: 'heat' },
        h('caption', { text: `Rows: the true class; columns: what the model predicted${validationN ? `, over ${fmtInt(validationN)} validation reviews` : ''}. Darker means more.` }),
        h('thead', {},
          h('tr', {}, h('td'), h('th', { scope: 'colgroup', colspan: order.length, className: 'axis', text: 'predicted' })),
          h('tr', {}, h('th', { scope: 'col', className: 'axis', text: 'true' }),
            order.map((i) => h('th', { scope: 'col', text: this.#nameOf(confusion.labels[i], overrides) })))),
        h('tbody', {}, order.map((i) => {
          const rowTotal = confusion.matrix[i].reduce((a, b) => a + b, 0);
          return h('tr', {}, h('th', { scope: 'row', text: this.#nameOf(confusion.labels[i], overrides) }),
            order.map((j) => {
              const n = confusion.matrix[i][j];
              const t = n / max;
              const cell = h('td', { 'data-count': n, 'data-intensity': t.toFixed(3) },
                fmtInt(n), h('small', { text: rowTotal ? `${((n / rowTotal) * 100).toFixed(1)}%` : '–' }));
              const mix = (c) => Math.round(255 + (c - 255) * (0.08 + 0.92 * t));
              cell.style.backgroundColor = `rgb(${rgbAccent.map(mix).join(', ')})`;
              cell.style.color = t > 0.45 ? '#ffffff' : '#1c1b22';
              cell.title = `True ${this.#nameOf(confusion.labels[i], overrides)}, predicted ${this.#nameOf(confusion.labels[j], overrides)}: ${fmtInt(n)}`;
              return cell;
            }));
        })));
    } else {
      heat = h('p', { className: 'settings', text: 'No confusion matrix in this model’s metadata.' });
    }

    // Strongest words per class
    const n = this.#topWords();
    const lists = this.#displayOrder().reverse().map((label) => ({ label, tokens: topTokensOf(entry, label, n) }));
    const maxWeight = Math.max(1e-9, ...lists.flatMap((l) => l.tokens.map((t) => t.weight)));
    const tops = h('div', { className: 'tops' }, lists.map(({ label, tokens }) => h('figure', { className: this.#toneOf(label), 'data-label': label },
      h('h5', { text: `Most ${this.#nameOf(label, overrides)}` }),
      h('ol', { className: 'bars', 'aria-label': `Strongest words for ${this.#nameOf(label, overrides)}` }, tokens.map(({ token, weight }) => {
        const fill = h('span', { className: 'fill' });
        fill.style.width = `${Math.max(2, (weight / maxWeight) * 100).toFixed(2)}%`;
        return h('li', { 'data-token': token, 'data-weight': weight, title: `“${token}” is ${fmtRatio(weight)} more likely in ${this.#nameOf(label, overrides)} documents than in the others` },
          h('span', { className: 'token', text: token }),
          h('span', { className: 'track', 'aria-hidden': 'true' }, fill),
          h('span', { className: 'value', text: fmtRatio(weight) }));
      })))));

    // Settings and the rest of the metadata
    const o = info.options;
    const rows = [
      ['Tokens', `${o.ngrams[0] === o.ngrams[1] ? `${o.ngrams[0]}-grams` : `${o.ngrams[0]}–${o.ngrams[1]}-grams`} of words${o.binary ? ', counted once per document' : ''}${o.negation ? ', negation marked' : ''}${o.stopwords ? ', stop words removed' : ''}`],
      ['Smoothing', `α = ${o.alpha}`],
      ['Pruning', `seen in at least ${fmtInt(o.minDf)} document${o.minDf === 1 ? '' : 's'}${o.maxFeatures ? `, at most ${fmtInt(o.maxFeatures)} tokens` : ''}`],
      ['Weights', `${o.weightBits === 32 ? '32-bit floats' : `${o.weightBits}-bit`} · file ${fmtFileSize(entry.bytes)}`],
    ];
    const shown = new Set([confusionKey, accuracyKey, perClassKey, 'options']);
    if (Object.keys(entry.names).length) shown.add('labels');
    if (meta.documents === String(totalDocs)) shown.add('documents');
    for (const [key, value] of Object.entries(meta)) {
      if (shown.has(key)) continue;
      const name = key.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
      const text = String(value);
      rows.push([name, text.length > 320 ? `${text.slice(0, 319)}…` : text]);
    }
    const settings = h('div', { className: 'settings' },
      h('h4', { text: 'How it was trained' }),
      h('dl', {}, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));

    this.#els.aboutBody.replaceChildren(
      stats,
      h('div', { className: 'about-grid' },
        h('section', {}, h('h4', { text: 'Classes' }), h('div', { className: 'scroll' }, classes)),
        h('section', { className: 'confusion' }, h('h4', { text: 'Confusion matrix' }), heat)),
      h('section', {}, h('h4', { text: 'Strongest words for each class' }),
        h('p', { className: 'note', text: 'How many times more likely each word or phrase is in one class than in the other, read from the model’s weights.' }), tops),
      settings);
  }
}

if (!customElements.get('review-checker')) customElements.define('review-checker', ReviewChecker);
