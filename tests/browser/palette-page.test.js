// The palette picker (index.html) in headless Chromium: PNG fixtures go in
// through the file input, drag and drop, and paste; the swatches, the
// recoloured preview, copy and every export are checked against the Node API
// (web/index.js) and web/exports.js run here on the same pixels, which also
// proves the worker path and the Node path give the same palette.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { bandedImage, encodePng } from '../node/fixtures.js';
import { startBrowserTest, outPath } from './browser.js';
import { extractPalette, remapImage } from '../../web/index.js';
import { EXPORT_FORMATS, exportFilename, exportPalette } from '../../web/exports.js';
import { bestTextColor, formatRatio } from '../../web/contrast.js';

// Six bands of known colours with distinct shares (rows out of 99).
const BANDS = [
  { rgb: [38, 70, 83], rows: 30 },
  { rgb: [42, 157, 143], rows: 24 },
  { rgb: [233, 196, 106], rows: 18 },
  { rgb: [244, 162, 97], rows: 12 },
  { rgb: [231, 111, 81], rows: 9 },
  { rgb: [138, 177, 125], rows: 6 },
];
const hexOf = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** A 480 × 300 synthetic landscape (sky gradient, sun, two ridges, water, seeded noise): many colours, for k-means and the screenshots. */
function sceneImage() {
  const width = 480;
  const height = 300;
  const rgba = new Uint8Array(width * height * 4);
  let seed = 12345;
  const noise = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return ((seed >>> 16) % 13) - 6;
  };
  const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let c = mix([28, 48, 104], [252, 164, 92], Math.min(1, y / 175));
      if ((x - 340) ** 2 + (y - 128) ** 2 < 38 ** 2) c = [255, 224, 150];
      if (y > 150 + 20 * Math.sin(x / 37) + 10 * Math.sin(x / 13)) c = mix([112, 78, 120], [84, 60, 98], (y - 130) / 80);
      if (y > 192 + 24 * Math.sin(x / 60 + 1) + 8 * Math.sin(x / 17)) c = [38, 62, 64];
      if (y > 244) c = mix([34, 86, 118], [18, 44, 70], (y - 244) / 56);
      if (y > 248 && Math.abs(x - 340) < 46 - (y - 248) / 2 && y % 4 < 2) c = [250, 190, 120];
      const n = noise();
      rgba.set([...c.map((v) => Math.max(0, Math.min(255, Math.round(v + n)))), 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}

const pixelsOf = ({ width, height, rgba }) => ({ data: rgba, width, height });

test('palette picker page', { timeout: 90_000 }, async (t) => {
  const env = await startBrowserTest(t);
  if (!env) return;

  const bands = bandedImage(60, BANDS);
  const bandsPng = Buffer.from(encodePng(bands.width, bands.height, bands.rgba)); // Playwright wants a Buffer
  const scene = sceneImage();
  const scenePng = Buffer.from(encodePng(scene.width, scene.height, scene.rgba));

  const { page, problems } = await env.newPage({ width: 1280, height: 900 });
  await page.goto(env.url);

  const swatchHexes = () => page.$$eval('#swatches .swatch', (els) => els.map((el) => el.dataset.hex));
  const stateIs = (state) => page.waitForFunction((s) => document.getElementById('palette-section').dataset.state === s, state, { timeout: 20_000 });
  /** Runs `action`, then waits until the page has finished the palette it started. */
  async function settle(action, state = 'done') {
    await action();
    await stateIs(state);
  }
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await t.test('the page loads with a strict CSP, labels and both tool descriptions', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.equal(await page.$$eval('[style]', (els) => els.length), 0, 'no style attributes in the HTML');
    assert.equal(await page.$$eval('script:not([src])', (els) => els.length), 0, 'no inline scripts');
    assert.equal(await page.getAttribute('#palette-section', 'data-state'), 'empty');
    assert.equal(await page.isVisible('#palette-results'), false);
    // Every form control has a label.
    const unlabelled = await page.$$eval('input, select, textarea', (els) => els.filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label')).map((el) => el.id));
    assert.deepEqual(unlabelled, []);
    const tools = await page.$$eval('.tool-list li', (els) => els.map((el) => el.textContent.trim()));
    assert.equal(tools.length, 2);
    assert.match(tools[0], /Palette picker/);
    assert.match(tools[1], /Review checker/);
    assert.ok(await page.$('#review-section'), 'the review checker has its section');
  });

  await t.test('a PNG from the file input gives the Node API palette', async () => {
    await page.setInputFiles('#image-input', { name: 'bands.png', mimeType: 'image/png', buffer: bandsPng });
    await stateIs('done');
    const expected = extractPalette(pixelsOf(bands), { k: 6, space: 'lab' });
    // Six distinct colours and k = 6: exactly the band colours, largest band first.
    assert.deepEqual(expected.colors.map((c) => c.hex), BANDS.map((b) => hexOf(b.rgb)));
    assert.deepEqual(await swatchHexes(), expected.colors.map((c) => c.hex));

    // What each swatch says: hex, rgb(), share, and the better text colour with its ratio.
    const shown = await page.$$eval('#swatches .swatch', (els) => els.map((el) => ({
      hex: el.querySelector('.swatch-hex').textContent,
      rgb: el.querySelector('.swatch-rgb').textContent,
      share: el.querySelector('.swatch-share').textContent,
      sample: el.querySelector('.swatch-sample').textContent,
      contrast: el.querySelector('.swatch-contrast').textContent,
      label: el.getAttribute('aria-label'),
      background: getComputedStyle(el.querySelector('.swatch-color')).backgroundColor,
      color: getComputedStyle(el.querySelector('.swatch-color')).color,
    })));
    expected.colors.forEach((c, i) => {
      const text = bestTextColor(c.rgb);
      assert.equal(shown[i].hex, c.hex);
      assert.equal(shown[i].rgb, `rgb(${c.rgb.join(', ')})`);
      assert.equal(shown[i].background, `rgb(${c.rgb.join(', ')})`);
      assert.equal(shown[i].share, `${((BANDS[i].rows / 99) * 100).toFixed(1)}% of the image`);
      assert.equal(shown[i].color, text.name === 'white' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)');
      assert.equal(shown[i].sample, `Aa ${formatRatio(text.ratio)}`);
      assert.match(shown[i].contrast, new RegExp(`^Best text: ${text.name} \\((AAA|AA)\\)$`));
      assert.ok(shown[i].label.includes(`best text ${text.name} at ${formatRatio(text.ratio)}`), shown[i].label);
    });
    assert.match(await page.textContent('#palette-status'), /bands\.png: 60 × 99 pixels, 6 colours/);

    // The original preview holds the image's pixels.
    const original = await page.evaluate(() => {
      const c = document.getElementById('original-canvas');
      return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    });
    assert.deepEqual(original, Array.from(bands.rgba));
  });

  await t.test('changing the colour count or space re-runs on the same image', async () => {
    await settle(() => page.fill('#k-input', '3'));
    assert.equal(await page.textContent('#k-output'), '3');
    assert.deepEqual(await swatchHexes(), extractPalette(pixelsOf(bands), { k: 3, space: 'lab' }).colors.map((c) => c.hex));

    await settle(() => page.click('label[for="space-rgb"]'));
    assert.deepEqual(await swatchHexes(), extractPalette(pixelsOf(bands), { k: 3, space: 'rgb' }).colors.map((c) => c.hex));

    // Keyboard: arrow keys on the radio group and on the slider.
    await page.focus('#space-rgb');
    await settle(() => page.keyboard.press('ArrowLeft'));
    assert.equal(await page.isChecked('#space-lab'), true);
    await page.focus('#k-input');
    await settle(() => page.keyboard.press('ArrowRight'));
    assert.equal(await page.inputValue('#k-input'), '4');
    const expected = extractPalette(pixelsOf(bands), { k: 4, space: 'lab' });
    assert.deepEqual(await swatchHexes(), expected.colors.map((c) => c.hex));

    // Many quick changes: the page ends on the last one.
    for (const k of ['7', '2', '9', '5']) await page.fill('#k-input', k);
    await page.waitForFunction(() => document.querySelectorAll('#swatches .swatch').length === 5 && document.getElementById('palette-section').dataset.state === 'done');
    await settle(() => page.fill('#k-input', '4'));

    // The recoloured preview is remapImage() of the same pixels.
    const remapped = remapImage(pixelsOf(bands), expected.colors);
    const recoloured = await page.evaluate(() => {
      const c = document.getElementById('recoloured-canvas');
      return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    });
    assert.deepEqual(recoloured, Array.from(remapped.data));
    assert.equal(await page.textContent('#recoloured-caption'), 'Recoloured with 4 colours');
  });

  await t.test('click, Enter and Space on a swatch copy its hex', async () => {
    const hexes = await swatchHexes();
    await page.click('#swatches li:nth-child(1) .swatch');
    await page.waitForFunction((hex) => document.getElementById('copy-status').textContent === `Copied ${hex}`, hexes[0]);
    assert.equal(await clipboard(), hexes[0]);
    await page.focus('#swatches li:nth-child(2) .swatch');
    await page.keyboard.press('Enter');
    await page.waitForFunction((hex) => document.getElementById('copy-status').textContent === `Copied ${hex}`, hexes[1]);
    assert.equal(await clipboard(), hexes[1]);
    await page.focus('#swatches li:nth-child(3) .swatch');
    await page.keyboard.press('Space');
    await page.waitForFunction((hex) => document.getElementById('copy-status').textContent === `Copied ${hex}`, hexes[2]);
    assert.equal(await clipboard(), hexes[2]);
    assert.equal(await page.isVisible('#copy-status'), true);
  });

  await t.test('each export shows, copies and downloads the expected text', async () => {
    const palette = extractPalette(pixelsOf(bands), { k: 4, space: 'lab' });
    for (const id of Object.keys(EXPORT_FORMATS)) {
      const expected = exportPalette(id, palette, { name: 'bands.png' });
      await page.click(`label[for="format-${id}"]`);
      assert.equal(await page.textContent('#export-text'), expected, `${id} shown`);
      await page.click('#export-copy');
      await page.waitForFunction(() => document.getElementById('export-status').textContent.startsWith('Copied'));
      assert.equal(await clipboard(), expected, `${id} copied`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-download')]);
      assert.equal(download.suggestedFilename(), exportFilename(id, 'bands.png'));
      assert.equal(readFileSync(await download.path(), 'utf8'), expected, `${id} downloaded`);
    }
  });

  await t.test('corrupt and non-image files show an inline error and leave the last palette; one over the pixel limit is read scaled down', async () => {
    const shown = await swatchHexes();
    const corrupt = Buffer.concat([bandsPng.subarray(0, 40), Buffer.from('this is not the rest of a PNG file')]);
    await settle(() => page.setInputFiles('#image-input', { name: 'broken.png', mimeType: 'image/png', buffer: corrupt }), 'error');
    assert.equal(await page.isVisible('#palette-error'), true);
    assert.match(await page.textContent('#palette-error'), /Could not read “broken\.png”.*corrupt/);
    assert.equal(await page.isVisible('#palette-results'), true, 'the last palette stays on show');
    assert.deepEqual(await swatchHexes(), shown);

    await settle(() => page.setInputFiles('#image-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }), 'error');
    assert.match(await page.textContent('#palette-error'), /Could not read “notes\.txt”/);
    // The last image is still open: moving the slider re-runs it.
    await settle(() => page.fill('#k-input', '3'));
    assert.equal(await page.isVisible('#palette-error'), false);
    assert.match(await page.textContent('#palette-status'), /^bands\.png: 60 × 99 pixels, 3 colours/);
    assert.deepEqual(await swatchHexes(), extractPalette(pixelsOf(bands), { k: 3, space: 'lab' }).colors.map((c) => c.hex));
    await settle(() => page.fill('#k-input', '5'));

    // A first file that fails leaves nothing to show or re-run.
    const fresh = await env.newPage({ width: 800, height: 600 });
    await fresh.page.goto(env.url);
    await fresh.page.setInputFiles('#image-input', { name: 'broken.png', mimeType: 'image/png', buffer: corrupt });
    await fresh.page.waitForFunction(() => document.getElementById('palette-section').dataset.state === 'error', null, { timeout: 20_000 });
    assert.equal(await fresh.page.isVisible('#palette-results'), false);
    await fresh.page.fill('#k-input', '5');
    await fresh.page.waitForTimeout(300); // a re-run, if any, has come and gone
    assert.equal(await fresh.page.getAttribute('#palette-section', 'data-state'), 'error');
    await fresh.page.close();

    await page.evaluate(() => { document.getElementById('palette-section').dataset.maxPixels = '1000'; });
    await settle(() => page.setInputFiles('#image-input', { name: 'bands.png', mimeType: 'image/png', buffer: bandsPng }));
    assert.match(await page.textContent('#palette-status'), /^bands\.png: 60 × 99 pixels \(read at 24 × 40: the limit is 1,000 pixels\), 5 colours/);
    await page.evaluate(() => { delete document.getElementById('palette-section').dataset.maxPixels; });
  });

  await t.test('a broken WebAssembly module shows an inline error', async () => {
    const broken = await env.newPage({ width: 800, height: 700 });
    await broken.context.route('**/*.wasm', (route) => route.fulfill({
      status: 200, contentType: 'application/wasm', body: Buffer.from('\0asm not really'),
    }));
    await broken.page.goto(env.url);
    await broken.page.setInputFiles('#image-input', { name: 'bands.png', mimeType: 'image/png', buffer: bandsPng });
    await broken.page.waitForFunction(() => document.getElementById('palette-section').dataset.state === 'error', null, { timeout: 20_000 });
    assert.match(await broken.page.textContent('#palette-error'), /Could not load the WebAssembly module: .+ Reload the page/);
    await broken.context.close();
  });

  await t.test('drag and drop and paste take an image too', async () => {
    const sceneB64 = scenePng.toString('base64');
    await page.fill('#k-input', '8');
    await settle(() => page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'scene.png', { type: 'image/png' }));
      const zone = document.getElementById('drop-zone');
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
      if (!zone.classList.contains('dragging')) throw new Error('the drop zone does not light up');
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, sceneB64));
    assert.equal(await page.isVisible('#palette-error'), false);
    const expected = extractPalette(pixelsOf(scene), { k: 8, space: 'lab' });
    assert.equal(expected.colors.length, 8);
    assert.deepEqual(await swatchHexes(), expected.colors.map((c) => c.hex), 'worker and Node palettes of the scene');
    assert.match(await page.textContent('#palette-status'), /scene\.png: 480 × 300 pixels, 8 colours/);

    await settle(() => page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, bandsPng.toString('base64')));
    assert.deepEqual(await swatchHexes(), extractPalette(pixelsOf(bands), { k: 8, space: 'lab' }).colors.map((c) => c.hex));

    // A second image arriving while the first is being read wins, under its own name.
    await page.evaluate(([first, second]) => {
      for (const [b64, name] of [[first, 'first.png'], [second, 'second.png']]) {
        const data = new DataTransfer();
        data.items.add(new File([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], name, { type: 'image/png' }));
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }
    }, [sceneB64, bandsPng.toString('base64')]);
    await page.waitForFunction(() => document.getElementById('palette-section').dataset.state === 'done'
      && document.getElementById('palette-status').textContent.startsWith('second.png: 60 × 99'));
    assert.deepEqual(await swatchHexes(), extractPalette(pixelsOf(bands), { k: 8, space: 'lab' }).colors.map((c) => c.hex));
  });

  await t.test('a text paste with an image beside it stays in the review box; the same file chosen again re-runs', async () => {
    const before = await page.textContent('#palette-status');
    // Office apps put an image of copied text beside the text: pasted into a text field, it is text.
    const taken = await page.evaluate((b64) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'A wonderful, moving film.');
      data.items.add(new File([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      const box = document.querySelector('review-checker').shadowRoot.querySelector('textarea');
      const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true });
      box.dispatchEvent(paste);
      return paste.defaultPrevented;
    }, bandsPng.toString('base64'));
    assert.equal(taken, false, 'the paste was left to the text field');
    assert.equal(await page.getAttribute('#palette-section', 'data-state'), 'done');
    assert.equal(await page.textContent('#palette-status'), before);

    // The picker, as a user drives it: file A, then B pasted, then A again (the same file: Chromium
    // fires no change event for a selection that did not change).
    const sceneFile = outPath('scene.png');
    writeFileSync(sceneFile, scenePng);
    const [first] = await Promise.all([page.waitForEvent('filechooser'), page.click('label[for=image-input]')]);
    await settle(() => first.setFiles(sceneFile));
    await settle(() => page.evaluate((b64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], 'pasted.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, bandsPng.toString('base64')));
    assert.match(await page.textContent('#palette-status'), /^pasted\.png/);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('label[for=image-input]')]);
    await chooser.setFiles(sceneFile);
    await page.waitForFunction(() => document.getElementById('palette-status').textContent.startsWith('scene.png'), null, { timeout: 20_000 });
  });

  await t.test('moving the slider while a bad file is read shows that file\'s error, and the last palette with its own controls', async () => {
    const shown = await swatchHexes();
    const k = await page.inputValue('#k-input');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new TextEncoder().encode('this is not an image')], 'broken.png', { type: 'image/png' }));
      const input = document.getElementById('image-input');
      input.files = data.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const slider = document.getElementById('k-input'); // moved before the read fails
      slider.value = String(Number(slider.value) - 1);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await stateIs('error');
    await page.waitForTimeout(300); // the slider's re-run, if any, has come and gone
    assert.match(await page.textContent('#palette-error'), /^Could not read “broken\.png”/);
    assert.deepEqual(await swatchHexes(), shown);
    assert.equal(await page.inputValue('#k-input'), k);
    assert.equal(await page.textContent('#k-output'), k);
  });

  await t.test('a file superseded by a newer one that fails is dropped: the palette, its name and its image stay together', async () => {
    await settle(() => page.setInputFiles('#image-input', { name: 'bands.png', mimeType: 'image/png', buffer: bandsPng }));
    const shown = await swatchHexes();
    const name = 'bands.png';
    await page.evaluate((b64) => {
      const input = document.getElementById('image-input');
      const choose = (file) => {
        const data = new DataTransfer();
        data.items.add(file);
        input.files = data.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      };
      choose(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'superseded.png', { type: 'image/png' }));
      choose(new File(['hello'], 'notes.txt', { type: 'text/plain' })); // before the first is read
    }, scenePng.toString('base64'));
    await stateIs('error');
    await page.waitForTimeout(300);
    assert.match(await page.textContent('#palette-error'), /^Could not read “notes\.txt”/);
    assert.deepEqual(await swatchHexes(), shown);
    await page.click('label[for="format-css"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-download')]);
    assert.equal(download.suggestedFilename(), exportFilename('css', name), 'the download is named after the palette on show');
    assert.equal(readFileSync(await download.path(), 'utf8'), await page.textContent('#export-text'));
    // the slider re-runs the image on show, not the one superseded
    await page.focus('#k-input');
    await settle(() => page.keyboard.press('ArrowRight'));
    assert.ok((await page.textContent('#palette-status')).startsWith(`${name}:`), await page.textContent('#palette-status'));
    await settle(() => page.keyboard.press('ArrowLeft'));
    assert.deepEqual(await swatchHexes(), shown);
  });

  await t.test('a 16-megapixel JPEG is handled in the worker without freezing the page', async () => {
    // Made in the page (a JPEG of 4000 × 4000) so that no 16 MP file crosses the DevTools protocol.
    await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(4000, 4000);
      const ctx = canvas.getContext('2d');
      const gradient = ctx.createLinearGradient(0, 0, 4000, 4000);
      gradient.addColorStop(0, '#1d3557');
      gradient.addColorStop(0.5, '#e9c46a');
      gradient.addColorStop(1, '#e76f51');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, 4000, 4000);
      ctx.fillStyle = '#2a9d8f';
      ctx.beginPath();
      ctx.arc(2600, 1400, 700, 0, 2 * Math.PI);
      ctx.fill();
      window.bigPhoto = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], 'photo-16mp.jpg', { type: 'image/jpeg' });
    });
    const run = await page.evaluate(() => new Promise((resolve) => {
      const section = document.getElementById('palette-section');
      const data = new DataTransfer();
      data.items.add(window.bigPhoto);
      let last = performance.now();
      let longestFrame = 0;
      let sawWorking = false;
      const tick = () => {
        const now = performance.now();
        longestFrame = Math.max(longestFrame, now - last);
        last = now;
        if (section.dataset.state === 'working') {
          sawWorking = true;
          requestAnimationFrame(tick);
        } else {
          resolve({ longestFrame, sawWorking, state: section.dataset.state });
        }
      };
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      requestAnimationFrame(tick);
    }));
    assert.equal(run.sawWorking, true, 'the working state shows');
    assert.equal(run.state, 'done');
    // Decoding and k-means on 16 MP take far longer than this on the main thread.
    assert.ok(run.longestFrame < 250, `the page kept drawing frames (longest gap ${run.longestFrame} ms)`);
    assert.match(await page.textContent('#palette-status'), /photo-16mp\.jpg: 4000 × 4000 pixels/);
    // The previews are drawn from a copy at most 800 px on a side.
    assert.deepEqual(await page.$eval('#original-canvas', (c) => [c.width, c.height]), [800, 800]);
    assert.deepEqual(await page.$eval('#recoloured-canvas', (c) => [c.width, c.height]), [800, 800]);
    await page.evaluate(() => { delete window.bigPhoto; });
  });

  await t.test('desktop and 360 px screenshots, no overflow, no console errors', async () => {
    await settle(() => page.setInputFiles('#image-input', { name: 'sunset.png', mimeType: 'image/png', buffer: scenePng }));
    await page.click('label[for="format-css"]');
    await page.click('#swatches li:nth-child(2) .swatch');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: outPath('palette-desktop.png'), fullPage: true });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll at 1280 px');

    const mobile = await env.newPage({ width: 360, height: 780 });
    await mobile.page.goto(env.url);
    await mobile.page.setInputFiles('#image-input', { name: 'sunset.png', mimeType: 'image/png', buffer: scenePng });
    await mobile.page.waitForFunction(() => document.getElementById('palette-section').dataset.state === 'done', null, { timeout: 20_000 });
    assert.deepEqual(
      await mobile.page.$$eval('#swatches .swatch', (els) => els.map((el) => el.dataset.hex)),
      extractPalette(pixelsOf(scene), { k: 6, space: 'lab' }).colors.map((c) => c.hex),
    );
    await mobile.page.screenshot({ path: outPath('palette-mobile.png'), fullPage: true });
    const overflow = await mobile.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(overflow.scroll <= overflow.inner, `no horizontal scroll at 360 px (${overflow.scroll} > ${overflow.inner})`);
    // A phone's file names are long and have no spaces: in the status line and in an error they wrap.
    const longName = 'Screenshot_20240101_123456_com.android.chrome_edited_copy';
    for (const [file, state] of [[{ name: `${longName}.png`, mimeType: 'image/png', buffer: scenePng }, 'done'],
      [{ name: `${longName}.txt`, mimeType: 'text/plain', buffer: Buffer.from('hello') }, 'error']]) {
      await mobile.page.setInputFiles('#image-input', file);
      await mobile.page.waitForFunction((s) => document.getElementById('palette-section').dataset.state === s, state, { timeout: 20_000 });
      const wide = await mobile.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      assert.ok(wide.scroll <= wide.inner, `${file.name}: no horizontal scroll at 360 px (${wide.scroll} > ${wide.inner})`);
    }

    assert.deepEqual(problems, [], 'console errors, page errors or CSP violations (desktop)');
    assert.deepEqual(mobile.problems, [], 'console errors, page errors or CSP violations (360 px)');
  });
});
