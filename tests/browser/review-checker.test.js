// The review-checker widget (web/review-checker.js) in headless Chromium: on
// index.html, typed reviews get the label, probabilities and highlights the
// Node API gives for the same model file; the About view shows what the model
// itself holds; on tests/browser/fixtures/review-checker.html, corrupt, damaged
// and missing models show the error state, label names can be overridden,
// two widgets share one download of the model, and the Chinese model
// highlights the characters its character n-grams cover; on light and dark
// pages every text of the widget meets WCAG AA contrast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBrowserTest, outPath } from './browser.js';
import { NaiveBayes } from '../../web/index.js';
import { contrastRatio } from '../../web/contrast.js';

const MODEL = fileURLToPath(new URL('../../models/imdb-sentiment.nbm', import.meta.url));
const ZH_MODEL = fileURLToPath(new URL('../../models/zh-waimai-sentiment.nbm', import.meta.url));
const ZH_REVIEW = '味道很好，送餐也很快！但是包装太差了，汤都洒了。';
const FIXTURE = 'tests/browser/fixtures/review-checker.html';

const POSITIVE = 'An absolutely wonderful film, the acting was brilliant and I loved every minute of it.';
const NEGATIVE = 'A boring, awful mess. The worst movie I have seen in years, a total waste of time.';
const MIXED = 'The photography is gorgeous and the lead is brilliant, but the plot was boring and the ending felt lazy.';
const NAMES = { 1: 'Positive', 0: 'Negative' };

test('review-checker widget', { timeout: 90_000 }, async (t) => {
  if (!existsSync(MODEL)) {
    t.skip(`${MODEL} is missing; build it with scripts/build-model.mjs`);
    return;
  }
  const env = await startBrowserTest(t);
  if (!env) return;

  const modelBytes = readFileSync(MODEL);
  const model = NaiveBayes.load(modelBytes);
  t.after(() => model.dispose());
  const info = model.info();

  const { page, problems } = await env.newPage({ width: 1280, height: 900 });
  let modelRequests = 0;
  page.on('request', (request) => { if (request.url().endsWith('/imdb-sentiment.nbm')) modelRequests++; });
  await page.goto(env.url);

  const widget = 'review-checker';
  const stateOf = (p = page, sel = widget) => p.$eval(sel, (el) => el.state);
  const waitState = (state, p = page, sel = widget) => p.waitForFunction(([s, st]) => document.querySelector(s)?.state === st, [sel, state], { timeout: 15_000 });
  const resultOf = () => page.$eval(widget, (el) => el.result);
  /** Sets the text through the textarea's input events and waits for the debounced result. */
  async function enter(text, state = 'result') {
    await page.evaluate(() => { window.rcEvents = 0; });
    await page.fill(`${widget} textarea`, text);
    await page.waitForFunction(([s, txt]) => {
      const el = document.querySelector('review-checker');
      return window.rcEvents > 0 && el.state === s && (s !== 'result' || el.result?.text === txt);
    }, [state, text], { timeout: 5_000 });
  }
  await page.evaluate(() => {
    window.rcEvents = 0;
    document.addEventListener('review-checker:result', () => { window.rcEvents++; });
  });
  const marks = () => page.$$eval(`${widget} .mirror mark`, (els) => els.map((el) => ({ text: el.textContent, label: el.dataset.label })));

  await t.test('index.html presents the widget with a label, in a neutral state', async () => {
    const tools = await page.$$eval('.tool-list li', (els) => els.map((el) => el.textContent.trim()));
    assert.match(tools[1], /^Review checker\s*Tells whether a movie review reads as positive or negative/);
    assert.match(await page.textContent('#review-section .tool-head p'), /^Tells whether a movie review reads as positive or negative/);
    assert.equal(await page.$$eval('script[src="web/review-checker.js"][type="module"]', (els) => els.length), 1);
    assert.equal(await page.$$eval('#review-section review-checker', (els) => els.length), 1);
    await waitState('neutral');
    assert.equal(await resultOf(), null);
    assert.equal(await page.getAttribute(widget, 'data-state'), 'neutral');
    const field = await page.$eval(widget, (el) => {
      const ta = el.shadowRoot.querySelector('textarea');
      return { labels: [...ta.labels].map((l) => l.textContent), disabled: ta.disabled };
    });
    assert.deepEqual(field, { labels: ['Your review'], disabled: false });
    assert.equal(await page.textContent(`${widget} .badge`), 'No verdict yet');
    assert.equal(await page.isVisible(`${widget} .explain`), false);
    assert.equal(await page.isVisible(`${widget} [role="alert"]`), false);
    // The about view is one click away but closed.
    assert.equal(await page.isVisible(`${widget} details.about summary`), true);
    assert.equal(await page.$eval(`${widget} details.about`, (d) => d.open), false);
  });

  await t.test('a positive review, typed key by key, reads Positive (debounced)', async () => {
    await page.evaluate(() => { window.rcEvents = 0; });
    await page.click(`${widget} textarea`);
    await page.keyboard.type(POSITIVE);
    await page.waitForFunction((txt) => document.querySelector('review-checker').result?.text === txt, POSITIVE);
    const events = await page.evaluate(() => window.rcEvents);
    assert.ok(events >= 1 && events <= 3, `${events} results for ${POSITIVE.length} keystrokes`);
    const result = await resultOf();
    const expected = model.predict(POSITIVE, { explain: 32 });
    assert.equal(result.label, '1');
    assert.equal(result.displayLabel, 'Positive');
    assert.ok(result.probabilities['1'] > 0.8, `P(positive) = ${result.probabilities['1']}`);
    assert.deepEqual(result.probabilities, expected.probabilities);
    assert.deepEqual(result.explanation, expected.explanation);
    assert.equal(await page.textContent(`${widget} .badge`), 'Positive');
    assert.equal(await page.$eval(widget, (el) => el.dataset.state), 'result');
    assert.match(await page.getAttribute(`${widget} .bar`, 'aria-label'), /Negative < 0\.1%, Positive > 99\.9%|Positive \d/);
    // The positive segment of the bar is as wide as its probability.
    const widths = await page.$$eval(`${widget} .bar > span`, (els) => els.map((el) => el.getBoundingClientRect().width));
    const total = widths.reduce((a, b) => a + b, 0);
    assert.ok(widths[1] / total > 0.8, `bar segments ${widths}`);
    // Most highlights, and the strongest, are for Positive.
    const shown = await marks();
    const { highlights } = await resultOf();
    assert.ok(shown.filter((m) => m.label === '1').length > shown.length / 2, JSON.stringify(shown));
    assert.equal(highlights.reduce((a, b) => (b.strength > a.strength ? b : a)).label, '1');
    assert.ok(shown.some((m) => /wonderful/i.test(m.text)), JSON.stringify(shown));
  });

  await t.test('a negative review reads Negative', async () => {
    await enter(NEGATIVE);
    const result = await resultOf();
    assert.equal(result.label, '0');
    assert.ok(result.probabilities['0'] > 0.8, `P(negative) = ${result.probabilities['0']}`);
    assert.deepEqual(result.probabilities, model.predict(NEGATIVE).probabilities);
    assert.equal(await page.textContent(`${widget} .badge`), 'Negative');
    assert.match(await page.textContent(`${widget} .verdict`), /Based on \d+ words and phrases the model knows/);
    const shown = await marks();
    assert.ok(shown.some((m) => /worst/i.test(m.text)), JSON.stringify(shown));
  });

  await t.test('highlights are words of the text, for both sides of a mixed review', async () => {
    await enter(MIXED);
    const shown = await marks();
    const lower = MIXED.toLowerCase();
    for (const mark of shown) assert.ok(lower.includes(mark.text.toLowerCase()), `“${mark.text}” is in the text`);
    assert.ok(shown.some((m) => m.label === '1'), `a positive mark: ${JSON.stringify(shown)}`);
    assert.ok(shown.some((m) => m.label === '0'), `a negative mark: ${JSON.stringify(shown)}`);
    // The mirror is the text itself, character for character, and each mark sits where result.highlights says.
    assert.equal(await page.textContent(`${widget} .mirror`), MIXED);
    const { highlights } = await resultOf();
    assert.deepEqual(highlights.map((hl) => hl.text), shown.map((m) => m.text));
    for (const hl of highlights) {
      assert.equal(MIXED.slice(hl.start, hl.end), hl.text);
      // Every token behind a highlight is an explanation token whose words are in the highlighted stretch or next to it.
      for (const token of hl.tokens) assert.ok(model.predict(MIXED, { explain: 32 }).explanation.some((e) => e.token === token && e.label === hl.label), token);
    }
    const legend = await page.$$eval(`${widget} .legend li`, (els) => els.map((el) => el.textContent));
    assert.deepEqual(legend, ['wordpushes towards Positive', 'wordpushes towards Negative']);

    // Case-insensitive matching of n-grams, across the text's own capitals and punctuation.
    await enter('WORST MOVIE EVER. Total Waste Of Time!');
    const caps = await marks();
    assert.ok(caps.some((m) => m.text.includes('WORST')), JSON.stringify(caps));
    assert.ok(caps.some((m) => /Waste/.test(m.text)), JSON.stringify(caps));
  });

  await t.test('highlight details without a mouse: one tab stop, arrow keys, a tooltip on focus and tap, announced, Escape hides it', async () => {
    await enter(MIXED);
    await page.focus(`${widget} textarea`);
    await page.keyboard.press('End');
    await page.keyboard.type(' Great.');
    await page.waitForFunction((txt) => document.querySelector('review-checker').result?.text === txt, `${MIXED} Great.`);
    const { highlights } = await resultOf();
    assert.ok(highlights.length >= 3, JSON.stringify(highlights));
    const focus = () => page.$eval(widget, (el) => {
      const a = el.shadowRoot.activeElement;
      const tip = a?.localName === 'mark' ? el.shadowRoot.getElementById(a.getAttribute('aria-describedby')) : null;
      const shown = [...el.shadowRoot.querySelectorAll('.tip')].filter((t) => t.checkVisibility());
      return {
        tag: a?.localName ?? null, text: a?.textContent ?? '', tip: tip?.textContent ?? null, tipShown: !!tip?.checkVisibility(), shown: shown.length,
        below: tip ? tip.getBoundingClientRect().top >= a.getClientRects()[a.getClientRects().length - 1].bottom : false,
        stops: [...el.shadowRoot.querySelectorAll('.mirror, .mirror mark')].filter((m) => m.tabIndex === 0 && m.hasAttribute('tabindex')).length,
      };
    });
    assert.equal((await focus()).tag, 'textarea', 'typing keeps the focus in the review box while the highlights change');
    // Tab reaches the highlights as one stop, at the first; every token behind it is in its tooltip.
    let tabs = 0;
    while ((await focus()).tag !== 'mark' && tabs < 10) { await page.keyboard.press('Tab'); tabs++; }
    const first = await focus();
    assert.deepEqual({ text: first.text, tipShown: first.tipShown, shown: first.shown, below: first.below, stops: first.stops },
      { text: highlights[0].text, tipShown: true, shown: 1, below: true, stops: 1 });
    for (const token of highlights[0].tokens) assert.ok(first.tip.includes(`“${token}”`), `${token} in ${first.tip}`);
    // a screen reader hears them: the focused node's accessible description (Chromium's own computation)
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Accessibility.enable');
    const announced = async () => {
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const node = nodes.findLast((n) => n.properties?.some((p) => p.name === 'focused' && p.value.value)); // the document is focused too
      return `${node?.name?.value ?? ''} | ${node?.description?.value ?? ''}`;
    };
    const heard = await announced();
    assert.match(heard, /Towards (Positive|Negative)/);
    for (const token of highlights[0].tokens) assert.ok(heard.includes(token), `${token} announced: ${heard}`);
    // the arrow keys, End and Home move between highlights; the tab stop follows
    await page.keyboard.press('ArrowRight');
    const second = await focus();
    assert.deepEqual([second.text, second.tipShown, second.shown, second.stops], [highlights[1].text, true, 1, 1]);
    for (const token of highlights[1].tokens) assert.ok((await announced()).includes(token), token);
    await page.keyboard.press('End');
    assert.equal((await focus()).text, highlights.at(-1).text);
    await page.keyboard.press('ArrowDown');
    assert.equal((await focus()).text, highlights.at(-1).text, 'no wrap past the last');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.equal((await focus()).text, highlights[1].text);
    // Escape hides the tooltip and leaves the focus where it is
    await page.keyboard.press('Escape');
    assert.deepEqual([(await focus()).tag, (await focus()).shown], ['mark', 0]);
    // the next Tab leaves the highlights; Shift+Tab comes back to the one last visited
    await page.keyboard.press('Tab');
    assert.equal((await focus()).tag, 'summary');
    await page.keyboard.press('Shift+Tab');
    assert.deepEqual([(await focus()).text, (await focus()).tipShown], [highlights[1].text, true]);
    await cdp.detach();

    // a click shows a highlight's details too, and the pointer: hovering shows them, leaving hides them
    await page.focus(`${widget} textarea`);
    await page.click(`${widget} .mirror mark >> nth=2`);
    assert.deepEqual([(await focus()).text, (await focus()).tipShown, (await focus()).shown], [highlights[2].text, true, 1]);
    await page.focus(`${widget} textarea`);
    assert.equal((await focus()).shown, 0);
    await page.hover(`${widget} .mirror mark >> nth=0`);
    const hovered = () => page.$$eval(`${widget} .tip`, (tips) => tips.filter((tip) => tip.checkVisibility()).map((tip) => tip.textContent));
    assert.equal((await hovered()).length, 1);
    for (const token of highlights[0].tokens) assert.ok((await hovered())[0].includes(token), token);
    // the pointer can move down onto the tooltip, across the gap, without losing it
    const [mark, tip] = await page.$eval(widget, (el) => [el.shadowRoot.querySelector('.mirror mark'), el.shadowRoot.querySelector('.tip:not([hidden])')]
      .map((x) => { const r = x.getBoundingClientRect(); return { x: r.left + Math.min(r.width / 2, 10), top: r.top, bottom: r.bottom }; }));
    await page.mouse.move(mark.x, mark.bottom - 2);
    await page.mouse.move(tip.x, tip.top + 4, { steps: 8 });
    assert.equal((await hovered()).length, 1, 'the tooltip stays while the pointer is on it');
    await page.keyboard.press('Escape');
    assert.deepEqual(await hovered(), [], 'Escape hides a tooltip the pointer shows');
    await page.mouse.move(0, 0);

    // a tap on a touch screen
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const phone = await context.newPage();
      await phone.goto(env.url);
      await waitState('neutral', phone);
      await phone.fill(`${widget} textarea`, MIXED);
      await waitState('result', phone);
      const tapped = (await phone.$$eval(`${widget} .mirror mark`, (els) => els.map((el) => el.textContent)))[1];
      await phone.tap(`${widget} .mirror mark >> nth=1`);
      const tips = await phone.$$eval(`${widget} .tip`, (els) => els.filter((tip) => tip.checkVisibility()).map((tip) => tip.textContent));
      const tokens = (await phone.$eval(widget, (el) => el.result.highlights)).find((hl) => hl.text === tapped).tokens;
      assert.equal(tips.length, 1);
      for (const token of tokens) assert.ok(tips[0].includes(`“${token}”`), `${token} in ${tips[0]}`);
    } finally {
      await context.close();
    }
    assert.match(await page.textContent(`${widget} .note`), /tap or tab to a highlight to see the words and phrases behind it/);
  });

  await t.test('markup typed in the review stays text', async () => {
    const text = '<img src=x onerror="document.title=1">Great <b>film</b>, I loved it &amp; would watch again.';
    await enter(text);
    assert.equal(await page.$$eval(`${widget} .mirror img, ${widget} .mirror b`, (els) => els.length), 0);
    assert.equal(await page.textContent(`${widget} .mirror`), text);
    assert.notEqual(await page.title(), '1');
    for (const mark of await marks()) assert.ok(text.includes(mark.text));
  });

  await t.test('empty text and unknown words give the neutral state, not a guess', async () => {
    await enter('', 'neutral');
    assert.equal(await resultOf(), null);
    assert.equal(await page.textContent(`${widget} .badge`), 'No verdict yet');
    assert.equal(await page.isVisible(`${widget} .explain`), false);
    assert.equal(await page.$$eval(`${widget} .bar > span`, (els) => els.length), 1);

    await enter(MIXED);
    await enter('   \n  ', 'neutral');
    assert.equal(await resultOf(), null);

    await enter('qwxzv zzqpt', 'neutral');
    assert.equal(model.predict('qwxzv zzqpt').evidence, 0);
    assert.match(await page.textContent(`${widget} .verdict`), /None of these words are in the model’s vocabulary/);
    assert.equal(await page.isVisible(`${widget} .explain`), false);
  });

  await t.test('the word count: a Chinese or Japanese character is a word, as word processors count; marks stay in their word', async () => {
    for (const [text, count] of [['味道很好，送餐也很快', '9 words'], ['ひらがなとカタカナ', '9 words'], ['한국어 문장', '2 words'],
      ['Don’t stop, it’s 2 good', '5 words'], ['nai\u0308ve cafe\u0301', '2 words'], ['हिन्दी फ़िल्म', '2 words']]) {
      await page.fill(`${widget} textarea`, text);
      assert.equal(await page.textContent(`${widget} .count`), count, text);
    }
  });

  await t.test('keyboard: examples, clear and the About toggle', async () => {
    await page.focus(`${widget} textarea`);
    const focused = () => page.$eval(widget, (el) => {
      const a = el.shadowRoot.activeElement;
      return { tag: a?.tagName ?? null, text: a?.textContent ?? '', outline: a ? getComputedStyle(a).outlineStyle : '' };
    });
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { tag: 'BUTTON', text: 'A positive one', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('review-checker').result?.label === '1');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'A negative one');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('review-checker').result?.label === '0');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { tag: 'BUTTON', text: 'Clear', outline: 'solid' });
    await page.keyboard.press('Enter');
    await waitState('neutral');
    assert.equal((await focused()).tag, 'TEXTAREA', 'Clear puts the cursor back in the empty text box');
    assert.equal(await page.inputValue(`${widget} textarea`), '');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { tag: 'SUMMARY', text: 'About this model', outline: 'solid' });
    await page.keyboard.press('Enter');
    assert.equal(await page.$eval(`${widget} details.about`, (d) => d.open), true);
  });

  await t.test('About this model shows what the model holds', async () => {
    await page.waitForSelector(`${widget} .about-body .stats`);
    const classes = await page.$$eval(`${widget} .classes tbody tr`, (rows) => rows.map((r) => [r.dataset.label, r.cells[0].textContent]));
    assert.deepEqual(classes.map(([label]) => label).sort(), [...model.labels].sort());
    for (const [label, text] of classes) assert.ok(text.startsWith(NAMES[label]), text);

    const vocabulary = await page.$eval(`${widget} [data-key="vocabulary"]`, (el) => ({ value: el.dataset.value, text: el.firstChild.textContent }));
    assert.equal(Number(vocabulary.value), info.vocabularySize);
    assert.equal(vocabulary.text, info.vocabularySize.toLocaleString('en-US'));

    const accuracy = await page.$eval(`${widget} [data-key="accuracy"]`, (el) => el.firstChild.textContent);
    const metaAccuracy = Number(info.metadata.validation_accuracy);
    assert.ok(Number.isFinite(metaAccuracy), 'the shipped model records its validation accuracy');
    assert.equal(accuracy, `${(metaAccuracy * 100).toFixed(1)}%`);

    // The confusion matrix: a 2 × 2 table of the metadata's counts, darker where larger.
    const confusion = JSON.parse(info.metadata.confusion);
    const cells = await page.$$eval(`${widget} table.heat tbody tr`, (rows) => rows.map((r) => ({
      actual: r.querySelector('th').textContent,
      cells: [...r.querySelectorAll('td')].map((td) => ({ count: Number(td.dataset.count), background: getComputedStyle(td).backgroundColor })),
    })));
    const backgrounds = await page.evaluate(rgbaOf, cells.flatMap((r) => r.cells.map((c) => c.background)));
    cells.flatMap((r) => r.cells).forEach((c, i) => { c.background = backgrounds[i]; });
    const order = ['1', '0'];
    assert.deepEqual(cells.map((r) => r.actual), order.map((l) => NAMES[l]));
    const at = (a, p) => confusion.matrix[confusion.labels.indexOf(a)][confusion.labels.indexOf(p)];
    assert.deepEqual(cells.map((r) => r.cells.map((c) => c.count)), order.map((a) => order.map((p) => at(a, p))));
    const lightness = (rgb) => rgb.slice(0, 3).reduce((a, b) => a + b, 0);
    const flat = cells.flatMap((r) => r.cells).sort((a, b) => a.count - b.count);
    assert.ok(lightness(flat[0].background) > lightness(flat[flat.length - 1].background), 'more is darker');

    // The strongest words: the bars are topTokens(label, 10), longest first.
    for (const label of model.labels) {
      const bars = await page.$$eval(`${widget} .tops figure[data-label="${label}"] li`, (els) => els.map((el) => ({
        token: el.dataset.token, weight: Number(el.dataset.weight), width: el.querySelector('.fill').getBoundingClientRect().width,
      })));
      const expected = model.topTokens(label, 10);
      assert.deepEqual(bars.map((b) => b.token), expected.map((e) => e.token));
      assert.deepEqual(bars.map((b) => b.weight), expected.map((e) => e.weight));
      for (let i = 1; i < bars.length; i++) assert.ok(bars[i].width <= bars[i - 1].width + 0.5, 'bars get shorter');
    }
    // Calibration: the kind, the ECE of the metadata, and a reliability diagram with a bar per non-empty bin.
    const calibration = await page.$eval(`${widget} .calibration`, (el) => ({
      ece: el.dataset.ece, note: el.querySelector('.note').textContent,
      bars: [...el.querySelectorAll('svg.reliability rect.rel-bar')].map((r) => [Number(r.dataset.predicted), Number(r.dataset.observed), Number(r.dataset.count)]),
      dots: el.querySelectorAll('svg.reliability circle.rel-dot').length,
    }));
    assert.equal(calibration.ece, info.metadata.validation_ece);
    assert.match(calibration.note, info.kind === 'nblr' ? /^NB-weighted logistic regression: L2 λ = / : /^Multinomial Naive Bayes\./);
    const bins = JSON.parse(info.metadata.reliability).filter(([, , count]) => count > 0);
    assert.deepEqual(calibration.bars, bins);
    assert.equal(calibration.dots, bins.length);
    const clipped = await page.$eval(`${widget} svg.reliability`, (svg) => {
      const box = svg.viewBox.baseVal;
      return [...svg.querySelectorAll('text')].filter((text) => {
        const b = text.getBBox(); // in the svg's units; the axis title on the left is rotated, so its box is not checked
        return !text.getAttribute('transform') && (b.x < box.x || b.x + b.width > box.x + box.width || b.y < box.y || b.y + b.height > box.y + box.height);
      }).map((text) => text.textContent);
    });
    assert.deepEqual(clipped, [], 'every label of the reliability diagram inside its box');
    assert.equal(modelRequests, 1, 'the model was fetched once');
  });

  await t.test('desktop and 360 px screenshots, no overflow, no console errors', async () => {
    await page.click(`${widget} summary`); // close the About view
    await enter(MIXED);
    await page.mouse.move(0, 0);
    await page.locator('#review-section').screenshot({ path: outPath('review-checker-desktop.png') });
    await page.click(`${widget} summary`);
    await page.locator('#review-section').screenshot({ path: outPath('review-checker-about.png') });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll at 1280 px');
    assert.equal(await page.$eval(`${widget} .scroll`, (el) => el.scrollWidth - el.clientWidth), 0, 'the classes table fits');
    assert.deepEqual(problems, []);

    const mobile = await env.newPage({ width: 360, height: 780 });
    await mobile.page.goto(`${env.url}#review-section`);
    await waitState('neutral', mobile.page);
    await mobile.page.fill(`${widget} textarea`, MIXED);
    await waitState('result', mobile.page);
    await mobile.page.click(`${widget} summary`);
    await mobile.page.waitForSelector(`${widget} .about-body .stats`);
    const overflow = await mobile.page.evaluate(() => {
      const el = document.querySelector('review-checker');
      const wide = [...el.shadowRoot.querySelectorAll('*')].filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5);
      const scrolls = [...el.shadowRoot.querySelectorAll('*')].filter((n) => n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible' && !n.classList.contains('visually-hidden'));
      return { page: document.documentElement.scrollWidth - window.innerWidth, wide: wide.map((n) => n.className || n.tagName), scrolls: scrolls.map((n) => n.className || n.tagName) };
    });
    assert.deepEqual(overflow, { page: 0, wide: [], scrolls: [] }, 'nothing wider than 360 px, nothing scrolls sideways');
    await mobile.page.locator('#review-section').screenshot({ path: outPath('review-checker-mobile.png') });
    assert.deepEqual(mobile.problems, []);
    await mobile.context.close();
  });

  await t.test('corrupt, damaged and missing models show the error state; label names and a shared model', async () => {
    const damaged = Buffer.from(modelBytes);
    damaged[Math.floor(damaged.length / 2)] ^= 0x5a;
    const fixture = await env.newPage({ width: 900, height: 1400 });
    const { page: p } = fixture;
    let shared = 0;
    p.on('request', (request) => { if (request.url().endsWith('/models/imdb-sentiment.nbm')) shared++; });
    await p.route('**/fixtures/corrupt.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('this is not a model, just some bytes '.repeat(8)) }));
    await p.route('**/fixtures/damaged.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: damaged }));
    await p.goto(`${env.url}${FIXTURE}`);

    const alertOf = (id) => p.$eval(`#${id}`, (el) => {
      const box = el.shadowRoot.querySelector('[role="alert"]');
      return { visible: !box.hidden && box.getBoundingClientRect().height > 0, text: box.textContent, state: el.state, result: el.result };
    });
    await waitState('error', p, '#corrupt');
    const corrupt = await alertOf('corrupt');
    assert.equal(corrupt.visible, true);
    assert.match(corrupt.text, /Could not load the model “corrupt\.nbm”: not a palette-sentiment model file\. \(MODEL_MAGIC\)/);
    assert.equal(corrupt.result, null);
    assert.equal(await p.$eval('#corrupt', (el) => el.shadowRoot.querySelector('textarea').disabled), true);

    await waitState('error', p, '#damaged');
    const bad = await alertOf('damaged');
    assert.equal(bad.visible, true);
    assert.match(bad.text, /Could not load the model “damaged\.nbm”: .+\(MODEL_[A-Z]+\)/);

    await waitState('error', p, '#missing');
    const missing = await alertOf('missing');
    assert.equal(missing.visible, true);
    assert.match(missing.text, /Could not load the model “missing\.nbm”: the file was not found \(HTTP 404\)\. \(HTTP_404\)/);
    await p.locator('#corrupt').screenshot({ path: outPath('review-checker-error.png') });

    // "Try again" fetches again: now the file is there.
    await p.route('**/fixtures/missing.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: modelBytes }));
    await p.focus('#missing >> text=Try again'); // by keyboard: the button hides while it loads
    await p.keyboard.press('Enter');
    await waitState('neutral', p, '#missing');
    assert.equal((await alertOf('missing')).visible, false);
    assert.equal(await p.$eval('#missing', (el) => el.shadowRoot.activeElement?.localName), 'textarea', 'focus moves on to the review box');

    // The labels attribute renames the classes.
    await waitState('neutral', p, '#custom');
    await p.fill('#custom textarea', POSITIVE);
    await waitState('result', p, '#custom');
    assert.equal(await p.textContent('#custom .badge'), 'Thumbs up');
    assert.equal(await p.$eval('#custom', (el) => el.result.displayLabel), 'Thumbs up');
    await p.fill('#custom textarea', NEGATIVE);
    await p.waitForFunction(() => document.getElementById('custom').result?.label === '0');
    assert.equal(await p.textContent('#custom .badge'), 'Thumbs down');

    // Both widgets on the shipped model work from one download.
    await waitState('neutral', p, '#second');
    await p.fill('#second textarea', NEGATIVE);
    await waitState('result', p, '#second');
    assert.equal(await p.textContent('#second .badge'), 'Negative');
    assert.equal(shared, 1, 'one request for the shared model');

    // A model of 12 classes whose metadata holds a confusion matrix of 30: the About view names the matrix instead of
    // drawing 900 cells, and lists the words of the 8 classes with the most documents.
    const twelve = Array.from({ length: 12 }, (_, i) => `class${i}`);
    const wide = await NaiveBayes.train(twelve.flatMap((label, i) => Array.from({ length: i + 1 }, () => `word${i} film`)),
      twelve.flatMap((label, i) => Array.from({ length: i + 1 }, () => label)));
    const labels30 = Array.from({ length: 30 }, (_, i) => `c${i}`);
    wide.setMetadata('confusion', JSON.stringify({ labels: labels30, matrix: labels30.map((_, i) => labels30.map((__, j) => i + j)) }));
    const wideBytes = Buffer.from(wide.save());
    wide.dispose();
    await p.route('**/fixtures/wide.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: wideBytes }));
    /** Adds <review-checker id=… model=…> to the page. */
    const addChecker = (id, model) => p.evaluate(([i, m]) => {
      const el = document.createElement('review-checker');
      el.id = i;
      el.setAttribute('model', m);
      document.body.append(el);
    }, [id, model]);
    await addChecker('wide', 'fixtures/wide.nbm');
    await waitState('neutral', p, '#wide');
    await p.click('#wide summary');
    await p.waitForSelector('#wide .about-body .confusion');
    assert.equal(await p.$$eval('#wide table.heat', (tables) => tables.length), 0);
    assert.match(await p.textContent('#wide .confusion'), /A matrix of 30 classes, too many to show here/);
    await p.waitForSelector('#wide .tops figure');
    assert.deepEqual(await p.$$eval('#wide .tops figure', (figures) => figures.map((f) => f.dataset.label).sort()),
      twelve.slice(4).sort(), 'the 8 classes with the most documents');
    assert.match(await p.textContent('#wide .about-body'), /the 8 of its 12 classes with the most documents/);

    // A model attribute that is not a URL says so.
    await addChecker('not-a-url', 'http://[::1/model.nbm');
    await waitState('error', p, '#not-a-url');
    assert.match((await alertOf('not-a-url')).text, /Could not load the model “http:\/\/\[::1\/model\.nbm”: the model attribute is not a URL\. \(MODEL_URL\)/);

    // The only console errors are the browser's own report of the 404.
    const unexpected = fixture.problems.filter((m) => !/Failed to load resource: the server responded with a status of 404/.test(m));
    assert.deepEqual(unexpected, []);
    await fixture.context.close();
  });

  await t.test('a WebAssembly module that does not load is named as such, not blamed on the model', async () => {
    const fixture = await env.newPage({ width: 900, height: 900 });
    const { page: p } = fixture;
    await p.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await p.goto(`${env.url}${FIXTURE}`);
    await waitState('error', p, '#second');
    const text = await p.$eval('#second', (el) => el.shadowRoot.querySelector('[role="alert"]').textContent);
    assert.match(text, /The review checker could not start\.The WebAssembly module could not be loaded \(could not load .+palette-sentiment-text\.wasm \(HTTP 404\).+\. \(WASM_LOAD\)/);
    assert.doesNotMatch(text, /Could not load the model/);
    await fixture.context.close();
  });

  await t.test('lifecycle: a value set before the element is defined, a move while typing, another model', async () => {
    const fixture = await env.newPage({ width: 900, height: 900 });
    const { page: p } = fixture;
    const url = `${env.url}tests/browser/fixtures/lifecycle.html`;
    await p.route(url, (route) => route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><meta charset="utf-8"><title>lifecycle</title>
<review-checker id="early" model="/models/imdb-sentiment.nbm"></review-checker>
<script>document.getElementById('early').value = ${JSON.stringify(POSITIVE)};</script>
<script type="module" src="/web/review-checker.js"></script>`,
    }));
    await p.goto(url);
    await waitState('result', p, '#early');
    assert.deepEqual(await p.$eval('#early', (el) => [el.result.text, el.result.label, el.value]), [POSITIVE, '1', POSITIVE]);

    // Typed, then moved in the page before the debounce ran: the verdict follows the text.
    await p.evaluate((text) => {
      const el = document.getElementById('early');
      const box = el.shadowRoot.querySelector('textarea');
      box.value = text;
      box.dispatchEvent(new Event('input'));
      el.remove();
      document.body.prepend(el);
    }, NEGATIVE);
    await p.waitForFunction((text) => document.getElementById('early').result?.text === text, NEGATIVE, { timeout: 5_000 });
    assert.equal(await p.$eval('#early', (el) => el.result.label), '0');

    // Another model: the last prediction was the old model's, so result is null (and said so) while it loads.
    const swap = await p.evaluate(() => {
      const el = document.getElementById('early');
      const seen = [];
      el.addEventListener('review-checker:result', (event) => seen.push(event.detail), { once: true });
      el.setAttribute('model', '/models/zh-waimai-sentiment.nbm');
      return { state: el.state, result: el.result, seen };
    });
    assert.deepEqual(swap, { state: 'loading', result: null, seen: [null] });

    // The Chinese model reads the English examples as it would any English: they are not offered with it.
    await p.waitForFunction(() => document.getElementById('early').state !== 'loading', null, { timeout: 15_000 });
    const samples = (sel) => p.$eval(sel, (el) => [...el.shadowRoot.querySelectorAll('.examples .sample')].map((b) => b.hidden));
    assert.ok((await samples('#early')).every(Boolean), 'no English examples with the Chinese model');

    // A model changed while the element is out of the page is the one it uses when it is back.
    await p.evaluate(() => {
      const el = document.getElementById('early');
      el.remove();
      el.setAttribute('model', '/models/imdb-sentiment.nbm');
      document.body.append(el);
      el.value = '';
    });
    await waitState('neutral', p, '#early');
    assert.ok((await samples('#early')).every((hidden) => !hidden), 'the examples are back with the IMDB model');
    await p.$eval('#early', (el, text) => { el.value = text; }, POSITIVE);
    await waitState('result', p, '#early');
    assert.deepEqual(await p.$eval('#early', (el) => el.result.probabilities), model.predict(POSITIVE).probabilities);
    // Text of either direction is laid out by its first letter, typed or set.
    const dirs = () => p.$eval('#early', (el) => [...el.shadowRoot.querySelectorAll('textarea, .mirror')].map((x) => x.dir));
    assert.deepEqual(await dirs(), ['ltr', 'ltr']);
    await p.fill('#early textarea', '  123 «الفيلم رائع» and then English');
    assert.deepEqual(await dirs(), ['rtl', 'rtl']);
    await p.$eval('#early', (el) => { el.value = '"סרט" מצוין'; });
    assert.deepEqual(await dirs(), ['rtl', 'rtl']);
    await p.fill('#early textarea', '42 — Great film, מצוין');
    assert.deepEqual(await dirs(), ['ltr', 'ltr']);
    assert.deepEqual(fixture.problems, []);
    await fixture.context.close();
  });

  await t.test('light and dark pages: every text reads at WCAG AA against what is behind it', async () => {
    // A three-class model whose confusion matrix has cells across the heat ramp, beside the sentiment model.
    const three = await NaiveBayes.train(['sunny warm bright', 'rain wet grey', 'snow cold white', 'warm sunny day', 'wet rain storm', 'cold snow ice'],
      ['sun', 'rain', 'snow', 'sun', 'rain', 'snow'],
      { metadata: { confusion: JSON.stringify({ labels: ['sun', 'rain', 'snow'], matrix: [[100, 62, 40], [71, 90, 45], [0, 30, 85]] }) } });
    const threeBytes = Buffer.from(three.save());
    three.dispose();
    for (const [scheme, background] of [['light', '#ffffff'], ['dark', '#121212']]) {
      const fixture = await env.newPage({ width: 1100, height: 900 });
      const { page: p } = fixture;
      const url = `${env.url}tests/browser/fixtures/${scheme}.html`;
      await p.route('**/fixtures/three.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: threeBytes }));
      await p.route(url, (route) => route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><meta charset="utf-8"><title>${scheme}</title>
<style>:root { color-scheme: ${scheme}; } body { background: ${background}; margin: 1rem; }</style>
<review-checker id="imdb" model="/models/imdb-sentiment.nbm"></review-checker>
<review-checker id="three" model="/tests/browser/fixtures/three.nbm"></review-checker>
<review-checker id="missing" model="/tests/browser/fixtures/missing.nbm"></review-checker>
<script type="module" src="/web/review-checker.js"></script>`,
      }));
      await p.goto(url);
      await waitState('error', p, '#missing');
      for (const [id, text] of [['imdb', MIXED], ['three', 'a warm sunny day, then rain and snow']]) {
        await waitState('neutral', p, `#${id}`);
        await p.fill(`#${id} textarea`, text);
        await waitState('result', p, `#${id}`);
        await p.click(`#${id} summary`);
        await p.waitForSelector(`#${id} .about-body .stats`);
      }
      await p.mouse.move(0, 0);
      const texts = await p.evaluate(textColours);
      assert.ok(texts.length > 100, `${texts.length} texts`);
      const fgs = await p.evaluate(rgbaOf, texts.map((tx) => tx.fg));
      const bgs = await p.evaluate(rgbaOf, texts.map((tx) => tx.bg));
      const failing = texts.map((tx, i) => ({ ...tx, ratio: contrastRatio(over(fgs[i], tx.opacity, bgs[i]), bgs[i].slice(0, 3)) }))
        .filter((tx) => tx.ratio < (tx.large ? 3 : 4.5));
      assert.deepEqual(failing.map((tx) => `${tx.where} “${tx.text}” ${tx.ratio.toFixed(2)}`), [], `${scheme}: texts under AA`);
      assert.deepEqual(fixture.problems.filter((m) => !/status of 404/.test(m)), []);
      await p.screenshot({ path: outPath(`review-checker-${scheme}.png`), fullPage: true });
      await fixture.context.close();
    }
  });

  await t.test('emoji highlight as one unit; the Chinese model highlights the characters its character n-grams cover', async (st) => {
    if (!existsSync(ZH_MODEL)) {
      st.skip(`${ZH_MODEL} is missing; build it with make model-zh`);
      return;
    }
    const zh = NaiveBayes.load(readFileSync(ZH_MODEL));
    st.after(() => zh.dispose());
    const fixture = await env.newPage({ width: 900, height: 1400 });
    const { page: p } = fixture;
    const emoji = await NaiveBayes.train(['可口 👍🏽 great', '难吃 😡 awful', '很可口 👍', '太难吃 😡'], ['pos', 'neg', 'pos', 'neg']);
    const emojiBytes = Buffer.from(emoji.save());
    emoji.dispose();
    await p.route('**/fixtures/emoji.nbm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: emojiBytes }));
    await p.goto(`${env.url}${FIXTURE}`);
    // an emoji with its skin tone is one highlight; a character bigram lights both its characters
    await waitState('neutral', p, '#emoji');
    await p.fill('#emoji textarea', '可口！👍🏾 😡');
    await waitState('result', p, '#emoji');
    const emojiMarks = await p.$$eval('#emoji .mirror mark', (els) => els.map((el) => [el.textContent, el.dataset.label]));
    assert.deepEqual(emojiMarks, [['可口', 'pos'], ['👍🏾', 'pos'], ['😡', 'neg']]);

    await waitState('neutral', p, '#zh');
    await p.fill('#zh textarea', ZH_REVIEW);
    await p.waitForFunction((text) => document.getElementById('zh').result?.text === text, ZH_REVIEW);
    const result = await p.$eval('#zh', (el) => el.result);
    assert.deepEqual(result.probabilities, zh.predict(ZH_REVIEW).probabilities);
    // its tokens are characters and runs of them: the verdict counts words and phrases, the box characters
    assert.match(await p.textContent('#zh .verdict'), new RegExp(`Based on ${zh.predict(ZH_REVIEW).evidence} words and phrases the model knows`));
    assert.equal(await p.textContent('#zh .count'), `${[...ZH_REVIEW].filter((c) => /\p{Script=Han}/u.test(c)).length} words`);
    assert.equal(await p.textContent('#zh .mirror'), ZH_REVIEW);
    const shown = await p.$$eval('#zh .mirror mark', (els) => els.map((el) => ({ text: el.textContent, label: el.dataset.label })));
    assert.deepEqual(result.highlights.map((hl) => hl.text), shown.map((m) => m.text));
    assert.ok(shown.some((m) => m.label === '1') && shown.some((m) => m.label === '0'), `both sides: ${JSON.stringify(shown)}`);
    const explanation = zh.predict(ZH_REVIEW, { explain: 32 }).explanation;
    for (const hl of result.highlights) {
      assert.equal(ZH_REVIEW.slice(hl.start, hl.end), hl.text);
      assert.match(hl.text, /^\p{Script=Han}+$/u, 'characters, never the punctuation between them');
      for (const token of hl.tokens) {
        assert.ok(explanation.some((e) => e.token === token && e.label === hl.label), `${token} ${JSON.stringify(hl)} ${JSON.stringify(explanation)}`);
        assert.ok(ZH_REVIEW.includes(token), `${token} is characters of the review`);
      }
    }
    // A character n-gram lights up every character it covers, as one stretch.
    assert.ok(result.highlights.some((hl) => [...hl.text].length >= 2 && hl.tokens.some((tok) => [...tok].length >= 2 && hl.text.includes(tok))),
      JSON.stringify(result.highlights));
    assert.ok(shown.some((m) => m.text.includes('很好')) && shown.some((m) => m.text.includes('差')), JSON.stringify(shown));
    await p.locator('#zh').screenshot({ path: outPath('review-checker-zh.png') });
    assert.deepEqual(fixture.problems.filter((m) => !/status of 404/.test(m)), []);
    await fixture.context.close();
  });
});

/** CSS colours as [r, g, b, a] (0–255, a 0–1), resolved by a canvas. Runs in the page. */
function rgbaOf(colours) {
  const ctx = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d', { willReadFrequently: true });
  return colours.map((colour) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return a ? [Math.round(r * 255 / a), Math.round(g * 255 / a), Math.round(b * 255 / a), a / 255] : [0, 0, 0, 0];
  });
}

/**
 * Every visible text of the review-checkers in the page: its CSS colour, the opacity of it and its
 * ancestors, and the first background behind it that is not transparent, up through the host into
 * the page. Runs in the page.
 */
function textColours() {
  const parentOf = (el) => el.parentElement ?? el.getRootNode().host ?? null;
  const backgroundOf = (el) => {
    for (let at = el; at; at = parentOf(at)) {
      const bg = getComputedStyle(at).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)') return bg;
    }
    return 'white';
  };
  const out = [];
  for (const host of document.querySelectorAll('review-checker')) {
    const walker = document.createTreeWalker(host.shadowRoot, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      // Disabled controls are exempt (WCAG 1.4.3).
      if (!node.textContent.trim() || !el || el.closest('.visually-hidden, :disabled') || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible') continue;
      let opacity = 1;
      for (let at = el; at; at = parentOf(at)) opacity *= Number(getComputedStyle(at).opacity);
      const size = parseFloat(style.fontSize);
      out.push({
        where: `#${host.id} ${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''}`,
        text: node.textContent.trim().slice(0, 40),
        fg: el instanceof SVGElement ? style.fill : style.color,
        opacity,
        bg: backgroundOf(el),
        large: size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700),
      });
    }
  }
  return out;
}

/** fg ([r, g, b, a]) at opacity, blended over the opaque bg. */
function over(fg, opacity, bg) {
  const a = fg[3] * opacity;
  return fg.slice(0, 3).map((c, i) => Math.round(c * a + bg[i] * (1 - a)));
}
