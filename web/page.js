// The palette picker: takes an image (file picker, drag and drop, or paste),
// has the package's palette worker (web/worker.js) find its palette, and shows
// swatches, a recoloured preview and exports. Strings reach the DOM only through textContent, and
// styles only through element.style (allowed by the page's CSP).
import { bestTextColor, formatRatio, wcagLevel } from './contrast.js';
import { h } from './dom.js';
import { EXPORT_FORMATS, exportFilename, exportPalette, formatRgb, formatShare, isExportFormat } from './exports.js';
import { C } from './c-constants.js';
import { createPaletteWorker } from './worker.js';

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
  image: null, // the image open in the worker (a WorkerImage)
  imageName: '', // its file name
  palette: null, // the last extractPalette() result shown
  shownOptions: null, // the controls it was found with
  busy: false, // a request is running
  pending: null, // the newest request waiting for the running one to finish
};

// ---------------------------------------------------------------- worker

const PREVIEW_MAX_SIDE = 800; // the previews are drawn from a copy this size at most
let worker = null;

function failAll(message) {
  worker?.terminate();
  worker = null;
  state.busy = false;
  state.pending = null;
  state.image = null;
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
  return Number.isInteger(fromPage) && fromPage > 0 ? fromPage : C.IMAGE_DEFAULT_MAX_PIXELS;
}

/** Asks for a palette: of a new file, or of the current image with the current controls. */
function request(file) {
  if (!file && !state.image && !state.pending?.file && !state.busy) return; // no image yet
  const next = { options: options(), maxPixels: maxPixels() };
  if (file) {
    next.file = file;
    next.name = file.name || 'pasted image';
  } else if (state.pending?.file) {
    next.file = state.pending.file; // a control changed while a new image waits: keep the image
    next.name = state.pending.name;
  }
  state.pending = next;
  if (!state.busy) runPending();
}

/** Opens a new file in the worker beside the current image: {image, original, name}. */
async function openFile(next) {
  const image = await worker.open(next.file, { maxPixels: next.maxPixels });
  try {
    return { image, name: next.name, original: await image.preview({ maxSide: PREVIEW_MAX_SIDE }) };
  } catch (error) {
    image.close();
    throw error;
  }
}

/**
 * Runs the newest request; requests that arrive meanwhile wait, and only the last of them runs next.
 * A new file replaces the current image only once its palette is found, so a file that fails leaves
 * the last palette on show (and its image to re-run). A file that a newer one supersedes before its
 * palette is shown is dropped unseen: the image, its name and the palette on show always go together.
 */
async function runPending() {
  const next = state.pending;
  state.pending = null;
  if (!next || (!next.file && !state.image)) return; // a control moved while a file failed to open: nothing to re-run
  worker ??= createPaletteWorker();
  state.busy = true;
  next.name ??= state.imageName; // a re-run: the image the worker already holds
  setWorking(next);
  let opened = null;
  const superseded = () => Boolean(state.pending?.file);
  try {
    opened = next.file ? await openFile(next) : null;
    if (!superseded()) {
      const image = opened?.image ?? state.image;
      const palette = await image.extract(next.options);
      const recoloured = await image.remap(palette, { maxSide: PREVIEW_MAX_SIDE });
      if (!superseded()) {
        const original = opened?.original;
        if (opened) {
          state.image?.close();
          Object.assign(state, { image, imageName: opened.name });
          opened = null;
        }
        showResult({ palette, original, recoloured, image }, next.options);
      }
    }
  } catch (error) {
    if (error.code === 'WORKER') failAll(`The palette worker stopped: ${error.message}. Reload the page to try again.`);
    else if (!superseded()) showImageError(error, next.name, Boolean(next.file)); // else the newer file tells
  } finally {
    opened?.image.close(); // not adopted: failed, or superseded
    state.busy = false;
  }
  if (state.pending) runPending();
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

/**
 * Shows why a request failed. A new file that failed leaves the last palette on show, with the controls
 * it was found with (a control moved while the file was read meant that file); else the palette goes.
 */
function showImageError({ code, message }, name, newFile) {
  let text;
  switch (code) {
    case 'IMAGE_UNSUPPORTED':
      text = `Could not read “${name}”: it is not an image this browser can open, or the file is corrupt.`;
      break;
    case 'NO_PIXELS':
      text = `“${name}” has no opaque pixels, so it has no colours to find.`;
      break;
    case 'WASM_LOAD':
      text = `Could not load the WebAssembly module: ${message.replace(/^palette-sentiment: could not load the WebAssembly module: /, '')}. Reload the page to try again.`;
      break;
    default:
      text = `Could not find the palette of “${name}”: ${message}${code ? ` (${code})` : ''}`;
  }
  if (newFile && state.palette) {
    if (!state.pending?.file) state.pending = null;
    showControls(state.shownOptions);
  } else {
    state.palette = null;
    if (!state.image) state.imageName = ''; // a failed decode leaves no image to re-run
    results.hidden = true;
  }
  showError(text);
}

function showControls({ k, space }) {
  kInput.value = String(k);
  kOutput.textContent = kInput.value;
  controls.elements.space.value = space;
}

// ---------------------------------------------------------------- results

function showResult({ palette, original, recoloured, image }, shownOptions) {
  const asked = shownOptions.k;
  Object.assign(state, { palette, shownOptions });
  setState('done');
  errorBox.hidden = true;
  const n = palette.colors.length;
  const fewer = n < asked ? ` (the image has only ${n} distinct colour${n === 1 ? '' : 's'})` : '';
  const scaled = image.width === image.sourceWidth && image.height === image.sourceHeight ? ''
    : ` (read at ${image.width} × ${image.height}: the limit is ${formatPixels(maxPixels())})`;
  status.textContent = `${state.imageName}: ${image.sourceWidth} × ${image.sourceHeight} pixels${scaled}, ${n} colour${n === 1 ? '' : 's'}${fewer}, in ${Math.round(palette.timing.extractMs)} ms.`;

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
  const pixels = imageData instanceof ImageData ? imageData : new ImageData(imageData.data, imageData.width, imageData.height);
  canvas.getContext('2d').putImageData(pixels, 0, 0);
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
  return isExportFormat(id) ? id : 'css';
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
  input.value = ''; // so that choosing the same file again (after another image) fires change again
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

/** Whether a paste into node goes into text: a text field, a textarea or editable content (in a shadow root too). */
function isTextField(node) {
  if (!(node instanceof HTMLElement)) return false;
  if (node.isContentEditable || node.localName === 'textarea') return true;
  return node.localName === 'input' && /^(text|search|url|email|tel|password|number)$/.test(node.type);
}

// Paste an image (e.g. a screenshot) anywhere on the page; text pastes are left alone, and so is a
// paste into a text field that carries text (office apps put an image of the text beside it).
document.addEventListener('paste', (event) => {
  const file = imageFileFrom(event.clipboardData);
  if (!file || !file.type.startsWith('image/')) return;
  if (isTextField(event.composedPath()[0]) && event.clipboardData.types.includes('text/plain')) return;
  event.preventDefault();
  request(file);
});

document.querySelectorAll('input[name="format"]').forEach((radio) => radio.addEventListener('change', renderExport));
$('export-copy').addEventListener('click', () => {
  if (state.palette) copyText(exportText.textContent, exportStatus, `Copied the ${EXPORT_FORMATS[selectedFormat()].label} export`);
});
$('export-download').addEventListener('click', download);

kOutput.textContent = kInput.value;
worker = createPaletteWorker(); // now, so that the WebAssembly module loads before the first image

// Once the page is idle, the worker runs a few palettes of a small synthetic
// image, so that the first real one costs about what a warm one does instead
// of several times more (web/warm-up.js); an image chosen meanwhile stops it.
// ?warm-up=off leaves it out (bench/palette-page.mjs compares). The section's
// data-warm-up says where it is: waiting, running, done, skipped or off.
function warmUpWhenIdle() {
  if (new URLSearchParams(location.search).get('warm-up') === 'off') {
    section.dataset.warmUp = 'off';
    return;
  }
  section.dataset.warmUp = 'waiting';
  const whenIdle = globalThis.requestIdleCallback ?? ((callback) => setTimeout(callback, 500));
  whenIdle(async () => {
    if (!worker || state.busy || state.pending || state.image) {
      section.dataset.warmUp = 'skipped'; // an image came first: it did the warming
      return;
    }
    section.dataset.warmUp = 'running';
    const { runs, ms } = await worker.warmUp().catch(() => ({ runs: 0, ms: 0 })); // a failed worker is reported by the next image
    Object.assign(section.dataset, { warmUp: 'done', warmUpRuns: String(runs), warmUpMs: ms.toFixed(1) });
  }, { timeout: 2000 });
}
warmUpWhenIdle();
