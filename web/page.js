// The demo page: pick an image, see its palette. Strings reach the DOM only through textContent.
import { init, extractPalette } from './index.js';

const input = document.getElementById('image-input');
const kInput = document.getElementById('k-input');
const spaceInput = document.getElementById('space-input');
const status = document.getElementById('palette-status');
const swatches = document.getElementById('swatches');
let bytes = null;

function showStatus(text, isError = false) {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function render(result) {
  swatches.replaceChildren(...result.colors.map((color) => {
    const item = document.createElement('li');
    item.className = 'swatch';
    const block = document.createElement('div');
    block.className = 'swatch-color';
    block.style.backgroundColor = color.hex;
    const text = document.createElement('div');
    text.className = 'swatch-text';
    text.textContent = `${color.hex} · ${(color.share * 100).toFixed(1)} %`;
    item.append(block, text);
    return item;
  }));
  showStatus(`${result.width}×${result.height}, ${result.colors.length} colours, mean ΔE ${result.deltaE.toFixed(2)}, ${result.timing.extractMs.toFixed(1)} ms`);
}

async function run() {
  if (!bytes) return;
  try {
    await init();
    render(extractPalette(bytes, { k: Number(kInput.value), space: spaceInput.value }));
  } catch (error) {
    swatches.replaceChildren();
    showStatus(error.message, true);
  }
}

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  showStatus(`Reading ${file.name}…`);
  bytes = new Uint8Array(await file.arrayBuffer());
  run();
});
kInput.addEventListener('change', run);
spaceInput.addEventListener('change', run);
init().catch((error) => showStatus(`Could not load WebAssembly: ${error.message}`, true));
