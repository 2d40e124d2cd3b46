// <review-checker model="models/imdb-sentiment.nbm"></review-checker>
//
// A self-contained custom element: import 'palette-sentiment/review-checker', or
// one <script type="module" src=".../web/review-checker.js"></script> on any
// page, and a model file (saved by NaiveBayes#save). The model URL resolves
// against the document, the WebAssembly module (the text build) against this file.
// As the visitor types it shows the most probable class with a probability
// bar, and highlights in a read-only mirror of the text the words and word
// pairs that pushed most towards each side (pointing at, tapping or tabbing to a
// highlight shows the words and phrases behind it); "About this model" shows the
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
//   Colour scheme: follows the CSS color-scheme where it sits (light unless the page or
//   the element says dark), through light-dark(); older browsers get the light colours.
//
// Security: no innerHTML anywhere; user and model strings reach the DOM only
// through textContent and attributes; styles come from a constructable
// stylesheet (adoptedStyleSheets) and element.style, so a strict CSP without
// 'unsafe-inline' works.
import { h } from './dom.js';
import { fmtInt, fmtPercent } from './format.js';
import { aboutPanels, tokenNoun } from './review-checker/about.js';
import { highlightSpans } from './review-checker/highlight.js';
import { HighlightDetails } from './review-checker/highlight-details.js';
import { isSentiment, labelView } from './review-checker/labels.js';
import { modelFor } from './review-checker/model-cache.js';
import { parseJsonObject } from './model-metadata.js';
import { adoptStyles } from './review-checker/styles.js';
import { WORDS } from './naive-bayes.js';

export { highlightSpans } from './review-checker/highlight.js';

const DEBOUNCE_MS = 150;
const LONG_TEXT = 20000; // characters
// The scripts written right to left. dir="auto" on the review box found the direction the same way, from the
// first letter, but Chromium scanned the whole text again on every key: 4 s a keystroke at 1 MB of text.
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const directionOf = (text) => (RIGHT_TO_LEFT.test(text.match(/\p{L}/u)?.[0] ?? '') ? 'rtl' : 'ltr');
// What the count calls a word: a run of letters, digits and marks (apostrophes inside), or one Chinese or
// Japanese character, as word processors count text written without spaces.
const WRITTEN_WITHOUT_SPACES = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]';
const WORD_CHARACTER = `(?:(?!${WRITTEN_WITHOUT_SPACES})[\\p{L}\\p{N}\\p{M}])`;
const WORD = new RegExp(`${WRITTEN_WITHOUT_SPACES}|${WORD_CHARACTER}+(?:['’]${WORD_CHARACTER}+)*`, 'gu');
const EXPLAIN = 32;           // explanation tokens asked of the model
const DETAILS_HINT = 'Point at, tap or tab to a highlight to see the words and phrases behind it; the arrow keys move between highlights, Escape hides the details.';

const EXAMPLES = [
  ['A positive one', 'An absolutely wonderful film. The acting was brilliant, the score is beautiful and I loved every minute of it.'],
  ['A negative one', 'A boring, awful mess. The worst movie I have seen in years: a total waste of time.'],
  ['A mixed one', 'The acting was brilliant and the photography is gorgeous, but the plot was boring and the ending felt lazy.'],
];

/**
 * Whether the example reviews (English movie reviews) suit a model: a positive/negative one that reads the
 * positive example as positive and the negative one as negative, so not one of another language or domain.
 */
function examplesSuit(entry) {
  entry.examplesSuit ??= isSentiment(entry.model.labels)
    && entry.model.predict(EXAMPLES[0][1]).label === '1' && entry.model.predict(EXAMPLES[1][1]).label === '0';
  return entry.examplesSuit;
}

let instances = 0;

// ------------------------------------------------------------------ the element

export class ReviewChecker extends HTMLElement {
  static observedAttributes = ['model', 'labels', 'top-words'];

  #ids = `rc${++instances}`;
  #els = {};
  #entry = null;
  #loading = null;
  #loadingFor = null; // the model attribute #loading is for
  #timer = 0;
  #stale = false; // a classification was due when the element left the document
  #result = null;
  #state = 'loading';
  #aboutFor = null;
  #details = null; // the highlights' tooltips and keyboard moves

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adoptStyles(root);
    root.append(this.#build());
    // A value set before this class was defined (an inline script ran first) is an own property of the
    // element that hides the setter: take it over.
    if (Object.hasOwn(this, 'value')) {
      const text = this.value;
      delete this.value;
      this.value = text;
    }
  }

  #build() {
    const id = (name) => `${this.#ids}-${name}`;
    const e = this.#els;
    e.textarea = h('textarea', {
      id: id('text'), rows: 6, dir: 'ltr', spellcheck: 'true', 'aria-describedby': id('count'),
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
    e.retry.addEventListener('click', () => this.#load(true, true));
    e.error = h('div', { className: 'error', role: 'alert', hidden: true, part: 'error' }, e.errorText, e.retry);

    e.legend = h('ul', { className: 'legend' });
    e.mirror = h('p', { className: 'mirror', id: id('mirror'), dir: 'ltr', tabindex: 0, role: 'region', 'aria-labelledby': id('explain-title') });
    e.tips = h('div', { className: 'tips' });
    this.#details = new HighlightDetails(e.mirror, e.tips);
    e.note = h('p', { className: 'note' });
    e.explain = h('div', { className: 'explain', hidden: true },
      h('div', { className: 'explain-head' }, h('h3', { id: id('explain-title'), text: 'The words that decided it' }), e.legend),
      e.mirror, e.tips, e.note);

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
    // A microtask later, so that an init(source) at the top of the module that
    // imported this one (esbuild users pass the .wasm) comes before ours.
    queueMicrotask(() => {
      if (!this.isConnected) return;
      if (!this.#loading || this.#loadingFor !== this.getAttribute('model')) this.#load(false); // changed while away too
      else if (this.#stale) this.#classify(); // moved while typing: the text changed since the verdict
      this.#stale = false;
    });
  }

  disconnectedCallback() {
    this.#details.hide();
    this.#stale ||= this.#timer !== 0;
    clearTimeout(this.#timer);
    this.#timer = 0;
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
    this.#setDirection();
    clearTimeout(this.#timer);
    this.#timer = 0;
    this.#classify();
  }

  // ---------------------------------------------------------------- loading

  /** The model attribute as an absolute URL, or {code, message} saying why there is none. */
  #modelUrl() {
    const attr = this.getAttribute('model');
    if (!attr) return { code: 'NO_MODEL', message: 'no model URL: set the model attribute to the .nbm file' };
    try {
      return new URL(attr, document.baseURI).href;
    } catch {
      return { code: 'MODEL_URL', message: 'the model attribute is not a URL' };
    }
  }

  /** Loads the model of the model attribute; refocus: focus what the visitor can use next once it is done. */
  #load(retry, refocus = false) {
    const url = this.#modelUrl();
    const attr = this.getAttribute('model') ?? '';
    const loading = {};
    this.#loading = loading;
    this.#loadingFor = this.getAttribute('model');
    this.#entry = null;
    this.#setState('loading');
    if (this.#result) this.#setResult(null); // the last prediction was another model's
    this.#els.error.hidden = true;
    this.#els.about.hidden = true;
    this.#els.explain.hidden = true;
    this.#showMessage('Loading the model…', true);
    if (typeof url !== 'string') {
      this.#fail(attr, url, false);
      return;
    }
    modelFor(url, { retry }).then((entry) => {
      if (this.#loading !== loading) return;
      this.#entry = entry;
      this.#els.textarea.disabled = false;
      for (const b of this.#els.examples.querySelectorAll('button')) b.disabled = false;
      const offer = examplesSuit(entry);
      for (const el of this.#els.examples.querySelectorAll('.sample')) el.hidden = !offer;
      this.#aboutFor = null;
      this.#els.about.hidden = false;
      if (this.#els.about.open) this.#renderAbout();
      this.#classify();
      if (refocus) this.#els.textarea.focus();
    }, (error) => {
      if (this.#loading !== loading) return;
      this.#fail(attr, error, true);
      if (refocus) this.#els.retry.focus();
    });
  }

  #fail(attr, error, canRetry) {
    const e = this.#els;
    this.#setState('error');
    this.#setResult(null);
    e.errorText.replaceChildren(
      h('strong', { text: 'The review checker could not start.' }),
      // the module's failure is not the model's
      error.code === 'WASM_LOAD' ? `${error.message.replace(/^(?:palette-sentiment: )?(.)/, (_, c) => c.toUpperCase())}. ` : `Could not load the model “${attr}”: ${error.message}. `,
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

  /** How this element shows the model's labels (its labels attribute read afresh). */
  #labels() {
    return labelView(this.#entry, parseJsonObject(this.getAttribute('labels')) ?? {});
  }

  // ---------------------------------------------------------------- classifying

  /** Lays the text and its mirror out in the direction of its first letter, as dir="auto" would. */
  #setDirection() {
    const dir = directionOf(this.#els.textarea.value);
    if (this.#els.textarea.dir !== dir) this.#els.textarea.dir = this.#els.mirror.dir = dir;
  }

  #schedule() {
    this.#setDirection();
    clearTimeout(this.#timer);
    // A long text's count waits for the classification, which counts too: counting a megabyte takes ~40 ms.
    if (this.#els.textarea.value.length <= LONG_TEXT) this.#updateCount();
    this.#timer = setTimeout(() => { this.#timer = 0; this.#classify(); }, DEBOUNCE_MS);
  }

  #updateCount() {
    const n = (this.#els.textarea.value.match(WORD) ?? []).length;
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
    const labels = this.#labels();
    const highlights = highlightSpans(entry.model[WORDS](text), prediction.explanation, entry.info.options);
    this.#setState('result');
    this.#renderVerdict(prediction, labels);
    this.#renderMirror(text, highlights, labels);
    this.#setResult({
      text,
      label: prediction.label,
      displayLabel: labels.nameOf(prediction.label),
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

  #renderVerdict(prediction, labels) {
    const e = this.#els;
    const { label, probabilities, evidence } = prediction;
    const name = labels.nameOf(label);
    const p = probabilities[label];
    e.kicker.textContent = 'Verdict';
    e.badge.className = `badge ${labels.toneOf(label)}`;
    e.badge.textContent = name;
    e.prob.replaceChildren(fmtPercent(p), h('small', { text: p < 0.65 ? 'probability · a close call' : 'probability' }));
    const order = labels.order();
    e.bar.replaceChildren(...order.map((l) => h('span', { className: labels.toneOf(l), style: { flexBasis: `${(probabilities[l] * 100).toFixed(3)}%` } })));
    const summary = order.map((l) => `${labels.nameOf(l)} ${fmtPercent(probabilities[l])}`).join(', ');
    e.bar.setAttribute('aria-label', `Probabilities: ${summary}`);
    e.scale.replaceChildren(...order.map((l) => h('span', { className: labels.toneOf(l) },
      h('b', { text: labels.nameOf(l) }), ` ${fmtPercent(probabilities[l])}`)));
    e.message.textContent = `Based on ${fmtInt(evidence)} ${evidence === 1 ? 'known word' : `${tokenNoun(this.#entry.info.options)} the model knows`}.`;
    e.live.textContent = `${name}, ${fmtPercent(p)} probability.`;
  }

  #renderMirror(text, spans, labels) {
    const e = this.#els;
    const nodes = [];
    const tips = [];
    let at = 0;
    for (const span of spans) {
      if (span.start > at) nodes.push(text.slice(at, span.start));
      const tip = h('span', { className: 'tip', role: 'tooltip', id: `${this.#ids}-tip${tips.length}`, hidden: true },
        h('strong', { text: `Towards ${labels.nameOf(span.label)}:` }), ` ${span.tokens.map((t) => `“${t}”`).join(', ')}`);
      tips.push(tip);
      nodes.push(h('mark', {
        className: `${labels.toneOf(span.label)}${span.strong ? ' strong' : ''}`, text: text.slice(span.start, span.end),
        'data-label': span.label, 'aria-describedby': tip.id,
      }));
      at = span.end;
    }
    if (at < text.length) nodes.push(text.slice(at));
    this.#details.replace(nodes, tips);
    e.legend.replaceChildren(...labels.order().reverse().map((l) => h('li', {},
      h('mark', { className: labels.toneOf(l), 'aria-hidden': 'true', text: 'word' }),
      `pushes towards ${labels.nameOf(l)}`)));
    const sides = new Set(spans.map((s) => s.label));
    const strength = sides.size === 1 && this.#entry.model.labels.length === 2
      ? `Nothing here pushes strongly towards ${labels.nameOf(this.#entry.model.labels.find((l) => !sides.has(l)))}.`
      : 'A stronger colour means a stronger push.';
    e.note.textContent = spans.length === 0 ? 'No single word stands out: the verdict comes from many weak clues.' : `${strength} ${DETAILS_HINT}`;
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
    this.#els.aboutBody.replaceChildren(...aboutPanels(entry, this.#labels(), this.#topWords()));
  }
}

if (!customElements.get('review-checker')) customElements.define('review-checker', ReviewChecker);
