// The palette picker: takes an image (file picker, drag and drop, or paste),
// has web/palette-worker.js find its palette, and shows swatches, a recoloured
// preview and exports. Strings reach the DOM only through textContent, and
// styles only through element.style (allowed by the page's CSP).
import { bestTextColor, formatRatio, wcagLevel } from './contrast.js';
import { h } from './dom.js';
import { EXPORT_FORMATS, exportFilename, exportPalette, formatRgb, formatShare } from './exports.js';
import { PALETTE_DEFAULTS } from './palette.js';

const $ = (id) => document.getElementById(id);

const section = $('palette-section');
const input = $('image-input');
const dropZone = $('drop-zone');
const kInput = $('k-input');
const kOutput = $('k-output');
const controls = $('palette-controls');
const status = $('palette-status');
const errorBox = $('palette-error');
const results = $('palette-results');
const strip = $('palette-strip');
const swatches = $('swatches');
const copyStatus = $('copy-status');
const originalCanvas = $('original-canvas');
const recolouredCanvas = $('recoloured-canvas');
const recolouredCaption = $('recoloured-caption');
const exportText = $('export-text');
const exportStatus = $('export-status');

const state = {
  imageName: '', // the image the worker holds (its file name)
  palette: null, // the last extractPalette() result shown
  inFlight: null, // the request the worker is running
  busy: false,
  pending: null, // the newest request waiting for the running one to finish
  nextId: 1,
  currentId: 0,
};

// ---------------------------------------------------------------- worker

let worker = null;

function startWorker() {
  worker = new Worker(new URL('./palette-worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event) => onWorkerMessage(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(`The palette worker failed to start${event.message ? `: ${event.message}` : ''}.`);
  });
  worker.addEventListener('messageerror', () => failAll('The palette worker sent a message the page could not read.'));
}

function failAll(message) {
  worker?.terminate();
  worker = null;
  state.busy = false;
  state.pending = null;
  state.inFlight = null;
  state.imageName = '';
  showError(message);
}

function options() {
  const space = controls.elements.space.value === 'rgb' ? 'rgb' : 'lab';
  return { k: Number(kInput.value), space };
}

function maxPixels() {
  // The limit can be lowered with data-max-pixels on the section (the browser tests do).
  const fromPage = Number(section.dataset.maxPixels);
  return Number.isInteger(fromPage) && fromPage > 0 ? fromPage : PALETTE_DEFAULTS.maxPixels;
}

/** Asks for a palette: of a new file, or of the current image with the current controls. */
function request(file) {
  if (!file && !state.imageName && !state.pending?.file && !state.inFlight?.file) return; // no image yet
  const next = { options: options(), maxPixels: maxPixels() };
  if (file) {
    next.file = file;
    next.name = file.name || 'pasted image';
  } else if (state.pending?.file) {
    next.file = state.pending.file; // a control changed while a new image waits: keep the image
    next.name = state.pending.name;
  }
  state.pending = next;
  if (!state.busy) sendPending();
}

function sendPending() {
  const next = state.pending;
  state.pending = null;
  if (!next) return;
  if (!worker) startWorker();
  next.name ??= state.imageName; // a re-run: the image the worker already holds
  state.inFlight = next;
  state.busy = true;
  state.currentId = state.nextId++;
  setWorking(next);
  worker.postMessage({ id: state.currentId, file: next.file, name: next.name, options: next.options, maxPixels: next.maxPixels });
}

function onWorkerMessage(message) {
  if (message.id !== state.currentId) return;
  const { name, options: asked } = state.inFlight;
  state.busy = false;
  state.inFlight = null;
  if (message.type === 'result') {
    state.imageName = name;
    showResult(message, asked.k);
  } else {
    showWorkerError(message, name);
    if (state.pending && !state.pending.file) state.pending = null; // no image left to re-run
  }
  if (state.pending) sendPending();
}

// ---------------------------------------------------------------- status and errors

function setState(name) {
  section.dataset.state = name;
  results.setAttribute('aria-busy', String(name === 'working'));
}

function setWorking(next) {
  setState('working');
  errorBox.hidden = true;
  status.textContent = next.file
    ? `Reading ${next.name} and finding ${next.options.k} colours…`
    : `Finding ${next.options.k} colours…`;
}

function showError(message) {
  setState('error');
  status.textContent = 'Something went wrong.';
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function formatPixels(n) {
  return n >= 1e6 ? `${Number((n / 1e6).toFixed(1)).toLocaleString('en')} megapixels` : `${n.toLocaleString('en')} pixels`;
}

function showWorkerError({ code, message, width, height }, name) {
  let text;
  switch (code) {
    case 'IMAGE_UNSUPPORTED':
      text = `Could not read “${name}”: it is not an image this browser can open, or the file is corrupt.`;
      break;
    case 'IMAGE_TOO_LARGE':
      text = `“${name}” is too large: ${width} × ${height} = ${formatPixels(width * height)}; the limit is ${formatPixels(maxPixels())}. Try a smaller copy.`;
      break;
    case 'NO_PIXELS':
      text = `“${name}” has no opaque pixels, so it has no colours to find.`;
      break;
    case 'WASM_LOAD':
      text = `${message} Reload the page to try again.`;
      break;
    default:
      text = `Could not find the palette of “${name}”: ${message}${code ? ` (${code})` : ''}`;
  }
  state.palette = null;
  state.imageName = ''; // the worker dropped its image (a failed decode clears it)
  results.hidden = true;
  showError(text);
}

// ---------------------------------------------------------------- results

function showResult({ palette, original, recoloured, width, height }, asked) {
  state.palette = palette;
  setState('done');
  errorBox.hidden = true;
  const n = palette.colors.length;
  const fewer = n < asked ? ` (the image has only ${n} distinct colour${n === 1 ? '' : 's'})` : '';
  status.textContent = `${state.imageName}: ${width} × ${height} pixels, ${n} colour${n === 1 ? '' : 's'}${fewer}, in ${Math.round(palette.timing.extractMs)} ms.`;

  renderStrip(palette.colors);
  renderSwatches(palette.colors);
  if (original) drawImageData(originalCanvas, original);
  drawImageData(recolouredCanvas, recoloured);
  recolouredCaption.textContent = `Recoloured with ${n} colour${n === 1 ? '' : 's'}`;
  recolouredCanvas.setAttribute('aria-label', `The image recoloured with its ${n}-colour palette`);
  renderExport();
  results.hidden = false;
}

function drawImageData(canvas, imageData) {
  canvas.width = imageData.width;
  canvas.height = imageData.height;
  canvas.getContext('2d').putImageData(imageData, 0, 0);
}

function renderStrip(colors) {
  strip.replaceChildren(...colors.map((color) => h('span', { style: { backgroundColor: color.hex, flexGrow: String(color.share) } })));
}

function swatchItem(color) {
  const text = bestTextColor(color.rgb);
  const label = `${color.hex}, ${formatRgb(color.rgb)}, ${formatShare(color.share)} of the image; best text ${text.name} at ${formatRatio(text.ratio)}. Copy the hex.`;
  const button = h('button', { type: 'button', className: 'swatch', 'data-hex': color.hex, 'aria-label': label },
    h('span', { className: 'swatch-color', style: { backgroundColor: color.hex, color: text.hex } },
      h('span', { className: 'swatch-hex', text: color.hex }),
      h('span', { className: 'swatch-sample', text: `Aa ${formatRatio(text.ratio)}` })),
    h('span', { className: 'swatch-details' },
      h('span', { className: 'swatch-rgb', text: formatRgb(color.rgb) }),
      h('span', { className: 'swatch-share', text: `${formatShare(color.share)} of the image` }),
      h('span', { className: 'swatch-contrast', text: `Best text: ${text.name} (${wcagLevel(text.ratio)})` })));
  button.addEventListener('click', () => copyText(color.hex, copyStatus, `Copied ${color.hex}`, button));
  return h('li', {}, button);
}

function renderSwatches(colors) {
  swatches.replaceChildren(...colors.map((color) => swatchItem(color)));
  copyStatus.textContent = '';
}

// ---------------------------------------------------------------- copy and export

let flashTimer = 0;
async function copyText(text, statusElement, confirmation, origin) {
  try {
    await navigator.clipboard.writeText(text);
    statusElement.textContent = confirmation;
    statusElement.classList.remove('failed');
    if (origin) {
      document.querySelectorAll('.swatch.copied').forEach((el) => el.classList.remove('copied'));
      origin.classList.add('copied');
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => origin.classList.remove('copied'), 1500);
    }
  } catch {
    statusElement.textContent = `Could not copy (the browser refused clipboard access). Select the text and copy it yourself: ${text.length > 40 ? 'see above' : text}`;
    statusElement.classList.add('failed');
  }
}

function selectedFormat() {
  const id = document.querySelector('input[name="format"]:checked')?.value;
  return id in EXPORT_FORMATS ? id : 'css';
}

function renderExport() {
  if (!state.palette) return;
  exportText.textContent = exportPalette(selectedFormat(), state.palette, { name: state.imageName });
  exportStatus.textContent = '';
}

function download() {
  if (!state.palette) return;
  const id = selectedFormat();
  const format = EXPORT_FORMATS[id];
  const filename = exportFilename(id, state.imageName);
  const url = URL.createObjectURL(new Blob([exportPalette(id, state.palette, { name: state.imageName })], { type: `${format.mime};charset=utf-8` }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  exportStatus.textContent = `Downloaded ${filename}`;
  exportStatus.classList.remove('failed');
}

// ---------------------------------------------------------------- inputs

function imageFileFrom(dataTransfer) {
  const files = [...(dataTransfer?.files ?? [])];
  return files.find((file) => file.type.startsWith('image/')) ?? files[0] ?? null;
}

input.addEventListener('change', () => {
  const file = input.files?.[0];
  if (file) request(file);
});

kInput.addEventListener('input', () => {
  kOutput.textContent = kInput.value;
  request();
});
controls.addEventListener('change', (event) => {
  if (event.target.name === 'space') request();
});
controls.addEventListener('submit', (event) => event.preventDefault());

// Drag and drop: the drop zone lights up; a file dropped anywhere on the page is taken
// (instead of the browser navigating away to it).
let dragDepth = 0;
const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
window.addEventListener('dragenter', (event) => {
  if (!hasFiles(event)) return;
  dragDepth += 1;
  dropZone.classList.add('dragging');
});
window.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) dropZone.classList.remove('dragging');
});
window.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
window.addEventListener('drop', (event) => {
  dragDepth = 0;
  dropZone.classList.remove('dragging');
  const file = imageFileFrom(event.dataTransfer);
  if (!file) return;
  event.preventDefault();
  request(file);
});

// Paste an image (e.g. a screenshot) anywhere on the page; text pastes are left alone.
document.addEventListener('paste', (event) => {
  const file = imageFileFrom(event.clipboardData);
  if (!file || !file.type.startsWith('image/')) return;
  event.preventDefault();
  request(file);
});

document.querySelectorAll('input[name="format"]').forEach((radio) => radio.addEventListener('change', renderExport));
$('export-copy').addEventListener('click', () => {
  if (state.palette) copyText(exportText.textContent, exportStatus, `Copied the ${EXPORT_FORMATS[selectedFormat()].label} export`);
});
$('export-download').addEventListener('click', download);

kOutput.textContent = kInput.value;
startWorker();
