// The "About this model" calibration panel: the model's kind, its expected
// calibration error before and after calibration, and a reliability diagram
// (predicted probability against observed accuracy per bin, as a small SVG).
import { h } from '../dom.js';
import { fmtInt, fmtShare } from '../format.js';
import { parseReliability } from '../model-metadata.js';

const SVG = 'http://www.w3.org/2000/svg';
const SIZE = 200; // user units of the plot square
const LEFT = 46;  // room for the vertical axis' labels
const BOTTOM = 34; // and the horizontal one's
const MARGIN = 8;
const RIGHT = 20; // room for half the last horizontal label ("100%", centred on the edge)

/** An SVG element with attributes (all set with setAttribute) and children. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

/**
 * The reliability diagram of bins [[mean predicted, observed accuracy, count]] (10 bins of the top-class
 * probability from 0.5 to 1): a bar per bin up to its observed accuracy, a dot at its mean predicted
 * probability, and the diagonal a perfectly calibrated model would follow.
 */
export function reliabilityDiagram(bins) {
  const x = (p) => LEFT + ((p - 0.5) / 0.5) * SIZE;
  const y = (p) => MARGIN + SIZE - ((p - 0.5) / 0.5) * SIZE; // observed below 0.5 is drawn at the axis
  const clamp = (p) => Math.max(0.5, Math.min(1, p));
  const total = bins.reduce((n, [, , count]) => n + count, 0) || 1;
  const width = SIZE / bins.length;
  const marks = bins.flatMap(([predicted, observed, count], i) => {
    if (!count) return [];
    const left = LEFT + i * width;
    const title = s('title', {}, `predicted ${fmtShare(predicted)}, observed ${fmtShare(observed)} of ${fmtInt(count)} (${fmtShare(count / total)})`);
    return [
      s('rect', { class: 'rel-bar', x: left + 1, y: y(clamp(observed)), width: width - 2, height: y(0.5) - y(clamp(observed)),
        'data-bin': i, 'data-predicted': predicted, 'data-observed': observed, 'data-count': count }, title),
      s('circle', { class: 'rel-dot', cx: x(clamp(predicted)), cy: y(clamp(predicted)), r: 2 + 4 * Math.sqrt(count / total) }),
    ];
  });
  const tick = (p) => [
    s('text', { x: x(p), y: MARGIN + SIZE + 14, 'text-anchor': 'middle' }, `${Math.round(p * 100)}%`),
    s('text', { x: LEFT - 4, y: y(p) + 4, 'text-anchor': 'end' }, `${Math.round(p * 100)}%`),
  ];
  const middle = MARGIN + SIZE / 2;
  return s('svg', { class: 'reliability', viewBox: `0 0 ${LEFT + SIZE + RIGHT} ${MARGIN + SIZE + BOTTOM}`, role: 'img',
    'aria-label': 'Reliability diagram: observed accuracy against predicted probability' },
  s('rect', { class: 'frame', x: LEFT, y: MARGIN, width: SIZE, height: SIZE }),
  s('line', { class: 'diagonal', x1: x(0.5), y1: y(0.5), x2: x(1), y2: y(1) }),
  marks, [0.5, 0.75, 1].flatMap(tick),
  s('text', { class: 'axis', x: LEFT + SIZE / 2, y: MARGIN + SIZE + BOTTOM - 4, 'text-anchor': 'middle' }, 'predicted'),
  s('text', { class: 'axis', x: 10, y: middle, transform: `rotate(-90 10 ${middle})`, 'text-anchor': 'middle' }, 'observed'));
}

const KINDS = { nb: 'Multinomial Naive Bayes', nblr: 'NB-weighted logistic regression', complement: 'Complement Naive Bayes' };

/** The model's kind in words, with the regularisation of a logistic regression. */
export function kindText(info) {
  const o = info.options;
  const kind = info.kind ?? 'nb';
  if (kind !== 'nblr') return KINDS[kind];
  return `${KINDS.nblr}: L2 λ = ${o.l2} (C = ${+(1 / o.l2).toPrecision(3)}), ${o.epochs} epochs${o.nbMix ? `, ${fmtShare(o.nbMix)} NB log-odds kept` : ''}`
    + `${o.pieces ? `, ${o.pieces} sentence piece${o.pieces === 1 ? '' : 's'} per review` : ''}`;
}

/** The calibration panel of a model's info: kind, ECE before and after, the reliability diagram when recorded. */
export function calibrationPanel(info) {
  const { metadata, calibration } = info;
  const ece = Number(metadata.validation_ece);
  const before = Number(metadata.validation_ece_uncalibrated);
  const bins = parseReliability(metadata.reliability);
  const what = calibration
    ? `Its probabilities are calibrated${calibration.b ? ' for the length of the text' : ''}: when it says 80 %, it is right about 80 % of the time.`
    : 'Its probabilities are not calibrated.';
  const figures = Number.isFinite(ece)
    ? `Expected calibration error ${fmtShare(ece)}${Number.isFinite(before) ? ` (${fmtShare(before)} before calibration)` : ''} on the validation reviews.`
    : 'No calibration error in the metadata.';
  return h('section', { className: 'calibration', 'data-ece': Number.isFinite(ece) ? ece : '' },
    h('h4', { text: 'How sure it is, and how often it is right' }),
    h('p', { className: 'note', text: `${kindText(info)}. ${what} ${figures}` }),
    bins ? h('figure', {}, reliabilityDiagram(bins),
      h('figcaption', { text: 'Bars: how often the model was right in each band of confidence; dots: how sure it said it was. On the diagonal, the two agree.' }))
      : null);
}
