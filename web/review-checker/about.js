// The review checker's "About this model" view: five panels built from a
// loaded model entry (see model-cache.js) — the headline figures, the
// classes, the confusion matrix, the strongest words and the training
// settings with the rest of the metadata.
import { h } from '../dom.js';
import { fmtFileSize, fmtInt, fmtRatio, fmtShare } from '../format.js';
import { topTokensOf } from './model-cache.js';
import { validationFigures } from '../model-metadata.js';
import { tokenizerSummary } from '../nb-options.js';
import { calibrationPanel, kindText } from './reliability.js';

/** Metadata the calibration panel shows (not listed again among the settings). */
const CALIBRATION_KEYS = ['validation_ece', 'validation_ece_uncalibrated', 'reliability'];

const documentsOf = (info) => info.classes.reduce((sum, c) => sum + c.documents, 0);

/**
 * What a model's tokens are, for people: a token of more than one word, or of more than one character of a script
 * written without spaces (Chinese: 很好), is a phrase.
 */
export const tokenNoun = (options) => (options.ngrams[1] > 1 || options.charNgrams?.[1] > 1 ? 'words and phrases' : 'words');

/**
 * The About view's nodes. labels: labelView() of the entry; topWords: how
 * many strongest words per class.
 */
export function aboutPanels(entry, labels, topWords) {
  const figures = validationFigures(entry.info.metadata, entry.model.labels);
  return [
    statsPanel(entry.info, figures),
    h('div', { className: 'about-grid' }, classesPanel(entry.info, figures.perClass, labels), confusionPanel(figures, labels)),
    calibrationPanel(entry.info),
    topWordsPanel(entry, labels, topWords),
    settingsPanel(entry, [...figures.keys, ...CALIBRATION_KEYS]),
  ];
}

/** Validation accuracy, vocabulary and training documents, as three big numbers. */
function statsPanel(info, { accuracy, validationN }) {
  const documents = documentsOf(info);
  const known = Number.isFinite(accuracy);
  const stat = (title, value, note, attrs) => h('div', { className: 'stat' },
    h('dt', { text: title }), h('dd', attrs, value, h('small', { text: note })));
  return h('dl', { className: 'stats' },
    stat('Validation accuracy', known ? fmtShare(accuracy) : 'not recorded',
      known ? (validationN ? `on ${fmtInt(validationN)} held-out reviews` : 'from the model’s metadata') : 'no accuracy in the metadata',
      { 'data-key': 'accuracy', 'data-value': known ? accuracy : '' }),
    stat('Vocabulary', fmtInt(info.vocabularySize), tokenNoun(info.options),
      { 'data-key': 'vocabulary', 'data-value': info.vocabularySize }),
    stat('Training documents', fmtInt(documents), `${info.classes.length} classes`, { 'data-key': 'documents', 'data-value': documents }));
}

/** Each class with its documents and prior (and precision and recall when the metadata has them). */
function classesPanel(info, perClass, labels) {
  const shortable = (long, short) => [h('span', { className: 'long', text: long }), h('span', { className: 'short', text: short })];
  const share = (x) => (Number.isFinite(x) ? fmtShare(x) : '–');
  const row = (label) => {
    const c = info.classes.find((x) => x.label === label);
    const name = labels.nameOf(label);
    return h('tr', { 'data-label': label },
      h('td', { className: labels.toneOf(label) }, h('span', { className: 'dot', 'aria-hidden': 'true' }),
        name, label !== name ? h('span', { className: 'code', title: 'label in the model', text: label }) : null),
      h('td', { text: fmtInt(c.documents) }),
      h('td', { className: 'prior', text: fmtShare(c.prior) }),
      perClass ? [h('td', { text: share(perClass[label]?.precision) }), h('td', { text: share(perClass[label]?.recall) })] : null);
  };
  const table = h('table', { className: 'classes' },
    h('caption', { text: `Prior: the share of training documents in each class.${perClass ? ' Precision and recall on the validation reviews.' : ''}` }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Class' }), h('th', { scope: 'col' }, shortable('Documents', 'Docs')), h('th', { scope: 'col', className: 'prior', text: 'Prior' }),
      perClass ? [h('th', { scope: 'col' }, shortable('Precision', 'Prec.')), h('th', { scope: 'col', text: 'Recall' })] : null)),
    h('tbody', {}, labels.order().reverse().map(row)));
  return h('section', {}, h('h4', { text: 'Classes' }), h('div', { className: 'scroll' }, table));
}

// The most classes whose confusion matrix the panel draws: more would not read, and cost a cell each of k².
const MATRIX_CLASSES = 24;

/** The confusion matrix as a heat map: rows the true class, columns the predicted one. */
function confusionPanel({ confusion, validationN }, labels) {
  const title = h('h4', { text: 'Confusion matrix' });
  if (!confusion) {
    return h('section', { className: 'confusion' }, title, h('p', { className: 'settings', text: 'No confusion matrix in this model’s metadata.' }));
  }
  const { matrix } = confusion;
  if (matrix.length > MATRIX_CLASSES) {
    return h('section', { className: 'confusion' }, title,
      h('p', { className: 'settings', text: `A matrix of ${fmtInt(matrix.length)} classes, too many to show here (palette-sentiment info lists it).` }));
  }
  const name = (i) => labels.nameOf(confusion.labels[i]);
  // Positive first for a sentiment model, as the other panels list it; else the matrix's order.
  const order = labels.sentiment && confusion.labels.length === 2 && confusion.labels.includes('1')
    ? ['1', '0'].map((l) => confusion.labels.indexOf(l)) : confusion.labels.map((_, i) => i);
  const max = matrix.flat().reduce((a, b) => Math.max(a, b), 1);
  const row = (i) => {
    const rowTotal = matrix[i].reduce((a, b) => a + b, 0);
    return h('tr', {}, h('th', { scope: 'row', text: name(i) }),
      order.map((j) => heatCell(matrix[i][j], rowTotal, max, `True ${name(i)}, predicted ${name(j)}: ${fmtInt(matrix[i][j])}`)));
  };
  return h('section', { className: 'confusion' }, title, h('table', { className: 'heat' },
    h('caption', { text: `Rows: the true class; columns: what the model predicted${validationN ? `, over ${fmtInt(validationN)} validation reviews` : ''}. A stronger colour means more.` }),
    h('thead', {},
      h('tr', {}, h('td'), h('th', { scope: 'colgroup', colspan: order.length, className: 'axis', text: 'predicted' })),
      h('tr', {}, h('th', { scope: 'col', className: 'axis', text: 'true' }), order.map((i) => h('th', { scope: 'col', text: name(i) })))),
    h('tbody', {}, order.map(row))));
}

/**
 * A heat-map cell: the count and its share of the row, the more of the heat
 * colour (over the surface) the closer count is to max. The light scheme's
 * dark text reads at WCAG AA on up to 60 % of the heat colour and white text
 * from 77 %, so the ramp steps over the band between, where neither does.
 */
function heatCell(count, rowTotal, max, title) {
  const t = count / max;
  const strong = t > 0.69;
  const mix = strong ? 77 + 23 * (t - 0.69) / 0.31 : 8 + 52 * t / 0.69;
  const cell = h('td', { 'data-count': count, 'data-intensity': t.toFixed(3), className: strong ? 'strong' : null, title },
    fmtInt(count), h('small', { text: rowTotal ? fmtShare(count / rowTotal) : '–' }));
  cell.style.setProperty('--heat', `${mix.toFixed(2)}%`);
  return cell;
}

// The most classes the panel lists words for (each list is a pass over the vocabulary): beyond, those with the most
// documents. A model of 1,024 classes took 43 s.
const WORD_LIST_CLASSES = 8;

/** The n strongest words of each class, as bars of how many times more likely they make it. */
function topWordsPanel(entry, labels, n) {
  let shown = labels.order().reverse();
  const documents = new Map(entry.info.classes.map((c) => [c.label, c.documents]));
  if (shown.length > WORD_LIST_CLASSES) shown = [...shown].sort((a, b) => documents.get(b) - documents.get(a)).slice(0, WORD_LIST_CLASSES);
  const lists = shown.map((label) => ({ label, tokens: topTokensOf(entry, label, n) }));
  const maxWeight = Math.max(1e-9, ...lists.flatMap((l) => l.tokens.map((t) => t.weight)));
  const figure = ({ label, tokens }) => {
    const name = labels.nameOf(label);
    return h('figure', { className: labels.toneOf(label), 'data-label': label },
      h('h5', { text: `Most ${name}` }),
      h('ol', { className: 'bars', 'aria-label': `Strongest words for ${name}` }, tokens.map((t) => weightBar(t, maxWeight, name))));
  };
  const note = (entry.info.kind ?? 'nb') === 'nb'
    ? 'How many times more likely each word or phrase is in one class than in the other, read from the model’s weights.'
    : 'How many times each word or phrase multiplies the odds of its class, read from the model’s weights.';
  const which = shown.length < documents.size ? ` (the ${shown.length} of its ${fmtInt(documents.size)} classes with the most documents)` : '';
  return h('section', {}, h('h4', { text: 'Strongest words for each class' }),
    h('p', { className: 'note', text: `${note}${which}` }),
    h('div', { className: 'tops' }, lists.map(figure)));
}

/** One of the strongest words of the class shown as `name`: the token, a bar as long as its weight is of maxWeight, the ratio. */
function weightBar({ token, weight }, maxWeight, name) {
  const fill = h('span', { className: 'fill', style: { width: `${Math.max(2, (weight / maxWeight) * 100).toFixed(2)}%` } });
  return h('li', { 'data-token': token, 'data-weight': weight, title: `“${token}” is ${fmtRatio(weight)} more likely in ${name} documents than in the others` },
    h('span', { className: 'token', text: token }),
    h('span', { className: 'track', 'aria-hidden': 'true' }, fill),
    h('span', { className: 'value', text: fmtRatio(weight) }));
}

/** The training options, then every metadata entry the other panels did not show (shownKeys). */
function settingsPanel({ info, names, bytes }, shownKeys) {
  const meta = info.metadata;
  const shown = new Set([...shownKeys, 'options']);
  if (Object.keys(names).length) shown.add('labels');
  if (meta.documents === String(documentsOf(info))) shown.add('documents');
  const rows = [['Model', kindText(info)], ...optionRows(info.options, bytes)];
  for (const [key, value] of Object.entries(meta)) {
    if (shown.has(key)) continue;
    const text = String(value);
    rows.push([key.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase()), text.length > 320 ? `${text.slice(0, 319)}…` : text]);
  }
  return h('div', { className: 'settings' },
    h('h4', { text: 'How it was trained' }),
    h('dl', {}, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
}

/** The training options as [name, text] rows; fileBytes is the model file's size. */
function optionRows(o, fileBytes) {
  const ngrams = o.ngrams[0] === o.ngrams[1] ? `${o.ngrams[0]}-grams` : `${o.ngrams[0]}–${o.ngrams[1]}-grams`;
  return [
    ['Tokens', `${ngrams} of words${o.binary ? ', counted once per document' : ''}${o.negation ? ', negation marked' : ''}${o.stopwords ? ', stop words removed' : ''}`],
    ['Text', tokenizerSummary(o)],
    ['Smoothing', `α = ${o.alpha}`],
    ['Pruning', `seen in at least ${fmtInt(o.minDf)} document${o.minDf === 1 ? '' : 's'}${o.maxFeatures ? `, at most ${fmtInt(o.maxFeatures)} tokens` : ''}`],
    ['Weights', `${o.weightBits === 32 ? '32-bit floats' : `${o.weightBits}-bit`} · file ${fmtFileSize(fileBytes)}`],
  ];
}
