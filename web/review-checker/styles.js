// The review checker's stylesheet, adopted into each element's shadow root.
// A constructable stylesheet (shared by every element) keeps a strict CSP
// without 'unsafe-inline' working.

const CSS = `
:host {
  --_accent: var(--rc-accent, #3f37c9);
  --_accent-soft: #ebeafd;
  --_pos: var(--rc-positive, #17794b);
  --_neg: var(--rc-negative, #c0304a);
  --_focus: var(--rc-focus, #1a5fd0);
  --_surface: var(--rc-surface, #ffffff);
  --_text: #1c1b22;
  --_muted: #55525e;
  --_line: #dedbd4;
  --_subtle: #f7f6f3;
  --_error: #a3001b;
  display: block;
  container-type: inline-size;
  color: var(--_text);
  font-family: var(--rc-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  line-height: 1.5;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
h3, h4 { margin: 0; line-height: 1.25; }
button, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.visually-hidden {
  position: absolute !important; width: 1px !important; height: 1px !important; margin: -1px !important; padding: 0 !important;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}

.tone-pos { --tone: var(--_pos); --tone-soft: #ddf3e6; --tone-strong: #aee3c4; }
.tone-neg { --tone: var(--_neg); --tone-soft: #fde3e7; --tone-strong: #f8b9c4; }
.tone-k0 { --tone-strong: #c9c6f7; --tone: #3f37c9; --tone-soft: #e6e5fc; }
.tone-k1 { --tone-strong: #f7d29a; --tone: #9a5700; --tone-soft: #fcebcf; }
.tone-k2 { --tone-strong: #a6e0d8; --tone: #0e6f68; --tone-soft: #d5f1ee; }
.tone-k3 { --tone-strong: #ecbff1; --tone: #9b1aa8; --tone-soft: #f6e0f8; }
.tone-k4 { --tone-strong: #c9d0da; --tone: #475569; --tone-soft: #e6e9ee; }
.tone-k5 { --tone-strong: #e8c4ae; --tone: #8a4b2a; --tone-soft: #f5e4da; }

/* ---------------------------------------------------------- input and verdict */
.top { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 44rem) { .top { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; } }

.field-head { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; margin-bottom: .35rem; }
.field-head label { font-weight: 600; }
.count { color: var(--_muted); font-size: .85rem; font-variant-numeric: tabular-nums; }
textarea {
  display: block; width: 100%; min-height: 9.5rem; resize: vertical; margin: 0;
  padding: .7rem .85rem; border: 1px solid #c9c5bc; border-radius: .6rem; background: var(--_surface);
  line-height: 1.55; transition: border-color .15s, box-shadow .15s;
}
textarea::placeholder { color: #76727e; }
textarea:hover { border-color: #a9a59c; }
textarea:focus { border-color: var(--_accent); box-shadow: 0 0 0 3px var(--_accent-soft); }
textarea:focus-visible { outline: 3px solid var(--_focus); outline-offset: 1px; }
textarea:disabled { background: var(--_subtle); color: var(--_muted); }

.examples { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin-top: .6rem; }
.examples > span { color: var(--_muted); font-size: .875rem; margin-right: .1rem; }
.chip {
  min-height: 2.25rem; padding: .3rem .8rem; border-radius: 999px; cursor: pointer;
  border: 1px solid var(--_line); background: var(--_surface); font-size: .875rem; font-weight: 500;
}
.chip:hover { border-color: var(--_accent); color: var(--_accent); }
.chip:disabled { opacity: .5; cursor: default; }
.chip.quiet { border-style: dashed; }

.verdict {
  border: 1px solid var(--_line); border-radius: .75rem; padding: 1rem 1.1rem 1.05rem; background: var(--_subtle);
  min-height: 100%; display: flex; flex-direction: column; gap: .7rem;
}
.verdict-head { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .75rem; }
.kicker { margin: 0; width: 100%; font-size: .8rem; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; color: var(--_muted); }
.badge {
  display: inline-flex; align-items: center; gap: .45rem; padding: .25rem .8rem .25rem .65rem; border-radius: 999px;
  font-size: 1.35rem; font-weight: 750; line-height: 1.3; background: var(--tone-soft, #ebe9e4); color: var(--tone, var(--_muted));
}
.badge::before { content: ""; width: .7rem; height: .7rem; border-radius: 50%; background: currentColor; flex: none; }
.badge.neutral { font-size: 1.05rem; font-weight: 650; }
.badge.neutral::before { background: transparent; border: 2px solid currentColor; }
.prob { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.prob small { font-size: .85rem; font-weight: 500; color: var(--_muted); margin-left: .3rem; }

.bar { display: flex; height: .85rem; border-radius: 999px; overflow: hidden; background: #e4e1da; gap: 2px; }
.bar > span.empty { flex-basis: 100%; }
.bar > span { display: block; height: 100%; min-width: 0; background: var(--tone); transition: flex-basis .25s ease-out; }
.verdict[data-state="neutral"] .bar > span, .verdict[data-state="loading"] .bar > span { background: #d2cec5; }
.scale { display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; font-size: .85rem; color: var(--_muted); font-variant-numeric: tabular-nums; }
.scale b { color: var(--tone); font-weight: 650; }
.message { margin: 0; color: var(--_muted); font-size: .925rem; }
.spinner { display: inline-block; width: 1rem; height: 1rem; border-radius: 50%; border: 2.5px solid var(--_accent-soft); border-top-color: var(--_accent); animation: spin .8s linear infinite; vertical-align: -.15rem; margin-right: .4rem; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2.4s; } .bar > span { transition: none; } }

.error {
  margin: 1rem 0 0; padding: .8rem 1rem; border-radius: .6rem; border: 1px solid #f3c2cb;
  background: #fdecef; color: var(--_error); display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem;
}
.error p { margin: 0; flex: 1 1 16rem; }
.error strong { display: block; }
.error code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
.error button { min-height: 2.25rem; padding: .3rem .9rem; border-radius: .5rem; border: 1px solid currentColor; background: #fff; color: var(--_error); font-weight: 600; cursor: pointer; }

/* ---------------------------------------------------------- highlighted text */
.explain { margin-top: 1.1rem; }
.explain-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .35rem 1rem; margin-bottom: .45rem; }
.explain-head h3 { font-size: 1rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem .9rem; margin: 0; padding: 0; list-style: none; font-size: .85rem; color: var(--_muted); }
.legend mark { margin-right: .3rem; }
.mirror {
  margin: 0; padding: .8rem .95rem; max-height: 18rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere;
  border-radius: .6rem; background: var(--_subtle); border: 1px solid var(--_line); line-height: 1.8;
}
mark {
  color: inherit; background: var(--tone-soft); border-radius: .25rem; padding: .05em .15em; margin: 0 -.05em;
  text-decoration: underline 2px var(--tone); text-underline-offset: .22em;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
mark.tone-neg, mark.tone-k1, mark.tone-k3, mark.tone-k5 { text-decoration-style: dotted; text-decoration-thickness: 3px; }
mark.strong { background: var(--tone-strong); }
.note { margin: .4rem 0 0; font-size: .8rem; color: var(--_muted); }

/* ---------------------------------------------------------- about */
details.about { margin-top: 1.1rem; border-top: 1px solid var(--_line); padding-top: .8rem; }
details.about > summary {
  display: inline-flex; align-items: center; gap: .45rem; cursor: pointer; list-style: none;
  font-weight: 600; color: var(--_accent); border-radius: .4rem; padding: .3rem .1rem; min-height: 2.25rem;
}
details.about > summary::-webkit-details-marker { display: none; }
details.about > summary::before {
  content: ""; width: .5rem; height: .5rem; border-right: 2px solid currentColor; border-bottom: 2px solid currentColor;
  transform: rotate(-45deg); transition: transform .15s; margin: 0 .2rem 0 .1rem;
}
details.about[open] > summary::before { transform: rotate(45deg); }
details.about > summary:hover { text-decoration: underline; }
.about-body { display: grid; gap: 1.25rem; margin-top: .75rem; }
.stats { display: grid; gap: .6rem; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); margin: 0; }
.stat { margin: 0; padding: .65rem .8rem; border: 1px solid var(--_line); border-radius: .6rem; background: var(--_surface); }
.stat dt { font-size: .8rem; color: var(--_muted); font-weight: 500; }
.stat dd { margin: .1rem 0 0; font-size: 1.25rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.3; }
.stat dd small { display: block; font-size: .8rem; font-weight: 400; color: var(--_muted); }
.about h4 { font-size: .95rem; margin-bottom: .5rem; }
.about-grid { display: grid; gap: 1.25rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 44rem) { .about-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); } }

table { border-collapse: separate; border-spacing: 3px; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; font-size: .8rem; color: var(--_muted); padding-top: .35rem; }
th { font-size: .8rem; font-weight: 600; color: var(--_muted); padding: .2rem .4rem; }
thead th { text-align: center; }
tbody th { text-align: right; }
.axis { font-weight: 500; font-style: italic; }
.heat td {
  width: 6.5rem; height: 3.6rem; text-align: center; border-radius: .4rem; font-weight: 700; font-size: 1.05rem; line-height: 1.2;
}
.heat td small { display: block; font-size: .75rem; font-weight: 500; opacity: .85; }
.classes td, .classes th { padding: .25rem .5rem; font-size: .875rem; }
.classes td { text-align: right; }
.classes td:first-child { text-align: left; white-space: nowrap; }
.classes .code { color: var(--_muted); font-size: .75rem; font-family: ui-monospace, Menlo, Consolas, monospace; margin-left: .3rem; }
.classes .short { display: none; }
.scroll { max-width: 100%; overflow-x: auto; }
.classes .dot { display: inline-block; width: .6rem; height: .6rem; border-radius: 50%; background: var(--tone); margin-right: .4rem; }

.tops { display: grid; gap: 1rem 1.5rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 36rem) { .tops { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.tops figure { margin: 0; }
.tops h5 { margin: 0 0 .35rem; font-size: .85rem; color: var(--tone); }
.bars { list-style: none; margin: 0; padding: 0; display: grid; gap: .2rem; }
.bars li { display: grid; grid-template-columns: minmax(5.5rem, 9rem) minmax(0, 1fr) 3.6rem; align-items: center; gap: .5rem; font-size: .85rem; }
.bars .token { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: right; }
.bars .track { height: .75rem; border-radius: .2rem; background: var(--tone-soft); overflow: hidden; }
.bars .fill { display: block; height: 100%; background: var(--tone); border-radius: .2rem; }
.bars .value { color: var(--_muted); font-variant-numeric: tabular-nums; font-size: .8rem; }
.calibration figure { margin: .4rem 0 0; max-width: 17rem; }
.calibration figcaption { font-size: .8rem; color: var(--_muted); }
.reliability { display: block; width: 100%; height: auto; font-size: 11px; fill: var(--_muted); }
.reliability .frame { fill: none; stroke: var(--_line); }
.reliability .diagonal { stroke: var(--_muted); stroke-dasharray: 4 3; }
.reliability .rel-bar { fill: var(--_accent-soft); stroke: var(--_accent); stroke-width: .5; }
.reliability .rel-dot { fill: var(--_accent); }
.reliability .axis { font-weight: 600; }
.settings { margin: 0; font-size: .825rem; color: var(--_muted); }
.settings h4 { color: var(--_text); }
.settings dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1rem .75rem; margin: .3rem 0 0; }
.settings dt { font-weight: 600; }
.settings dd { margin: 0; overflow-wrap: anywhere; }

/* Narrow containers (a phone, a sidebar): after the rules above, so that these win. */
@container (max-width: 26rem) {
  .classes td, .classes th { padding: .2rem .3rem; font-size: .8rem; }
  .classes .prior, .classes .code, .classes .long { display: none; }
  .classes .short { display: inline; }
  .settings dl { grid-template-columns: minmax(0, 1fr); }
  .settings dd { margin-bottom: .3rem; }
}
`;

let sheet = null;
/** Gives a shadow root the stylesheet. */
export function adoptStyles(root) {
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    // Old browsers only (needs style-src 'unsafe-inline' under a CSP).
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}
