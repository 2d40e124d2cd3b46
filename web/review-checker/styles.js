// The review checker's stylesheet, adopted into each element's shadow root.
// A constructable stylesheet (shared by every element) keeps a strict CSP
// without 'unsafe-inline' working.

// Each colour is a light and a dark value. The element follows the CSS
// color-scheme where it sits (a page with `color-scheme: dark`, or the element's
// own style), through light-dark(); a browser without it gets the light values.
const followsScheme = typeof CSS !== 'undefined' && CSS.supports?.('color', 'light-dark(#000, #fff)');
const pair = followsScheme ? (light, dark) => `light-dark(${light}, ${dark})` : (light) => light;

const STYLES = `
:host {
  --_accent: var(--rc-accent, ${pair('#3f37c9', '#aaa5ff')});
  --_accent-soft: ${pair('#ebeafd', '#302c63')};
  --_pos: var(--rc-positive, ${pair('#17794b', '#5fd49a')});
  --_neg: var(--rc-negative, ${pair('#c0304a', '#ff8a9d')});
  --_focus: var(--rc-focus, ${pair('#1a5fd0', '#84b4ff')});
  --_surface: var(--rc-surface, ${pair('#ffffff', '#1e1d23')});
  --_text: ${pair('#1c1b22', '#ecebf2')};
  --_muted: ${pair('#55525e', '#b4b0be')};
  --_line: ${pair('#dedbd4', '#3e3c46')};
  --_subtle: ${pair('#f7f6f3', '#27262d')};
  --_error: ${pair('#a3001b', '#ff9eab')};
  --_heat: ${pair('#3f37c9', '#5b54e0')};
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

.tone-pos { --tone: var(--_pos); --tone-soft: ${pair('#ddf3e6', '#173d2a')}; --tone-strong: ${pair('#aee3c4', '#22603f')}; }
.tone-neg { --tone: var(--_neg); --tone-soft: ${pair('#fde3e7', '#46202a')}; --tone-strong: ${pair('#f8b9c4', '#70303e')}; }
.tone-k0 { --tone-strong: ${pair('#c9c6f7', '#443e8f')}; --tone: ${pair('#3f37c9', '#aaa5ff')}; --tone-soft: ${pair('#e6e5fc', '#2a2752')}; }
.tone-k1 { --tone-strong: ${pair('#f7d29a', '#6b4813')}; --tone: ${pair('#9a5700', '#f2b661')}; --tone-soft: ${pair('#fcebcf', '#3d2b10')}; }
.tone-k2 { --tone-strong: ${pair('#a6e0d8', '#1b5c56')}; --tone: ${pair('#0e6f68', '#62d3c8')}; --tone-soft: ${pair('#d5f1ee', '#143a37')}; }
.tone-k3 { --tone-strong: ${pair('#ecbff1', '#6a2772')}; --tone: ${pair('#9b1aa8', '#e692f0')}; --tone-soft: ${pair('#f6e0f8', '#3e1d42')}; }
.tone-k4 { --tone-strong: ${pair('#c9d0da', '#46505e')}; --tone: ${pair('#475569', '#afbccd')}; --tone-soft: ${pair('#e6e9ee', '#2c3139')}; }
.tone-k5 { --tone-strong: ${pair('#e8c4ae', '#6b3f27')}; --tone: ${pair('#8a4b2a', '#eaa883')}; --tone-soft: ${pair('#f5e4da', '#3d271b')}; }

/* ---------------------------------------------------------- input and verdict */
.top { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 44rem) { .top { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; } }

.field-head { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; margin-bottom: .35rem; }
.field-head label { font-weight: 600; }
.count { color: var(--_muted); font-size: .85rem; font-variant-numeric: tabular-nums; }
textarea {
  display: block; width: 100%; min-height: 9.5rem; resize: vertical; margin: 0;
  padding: .7rem .85rem; border: 1px solid ${pair('#c9c5bc', '#5a5764')}; border-radius: .6rem; background: var(--_surface);
  line-height: 1.55; transition: border-color .15s, box-shadow .15s;
}
textarea::placeholder { color: ${pair('#76727e', '#938f9d')}; }
textarea:hover { border-color: ${pair('#a9a59c', '#7a7684')}; }
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
  font-size: 1.35rem; font-weight: 750; line-height: 1.3; background: var(--tone-soft, ${pair('#ebe9e4', '#302f37')}); color: var(--tone, var(--_muted));
}
.badge::before { content: ""; width: .7rem; height: .7rem; border-radius: 50%; background: currentColor; flex: none; }
.badge.neutral { font-size: 1.05rem; font-weight: 650; }
.badge.neutral::before { background: transparent; border: 2px solid currentColor; }
.prob { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.prob small { font-size: .85rem; font-weight: 500; color: var(--_muted); margin-left: .3rem; }

.bar { display: flex; height: .85rem; border-radius: 999px; overflow: hidden; background: ${pair('#e4e1da', '#36343d')}; gap: 2px; }
.bar > span.empty { flex-basis: 100%; }
.bar > span { display: block; height: 100%; min-width: 0; background: var(--tone); transition: flex-basis .25s ease-out; }
.verdict[data-state="neutral"] .bar > span, .verdict[data-state="loading"] .bar > span { background: ${pair('#d2cec5', '#55525e')}; }
.scale { display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; font-size: .85rem; color: var(--_muted); font-variant-numeric: tabular-nums; }
.scale b { color: var(--tone); font-weight: 650; }
.message { margin: 0; color: var(--_muted); font-size: .925rem; }
.spinner { display: inline-block; width: 1rem; height: 1rem; border-radius: 50%; border: 2.5px solid var(--_accent-soft); border-top-color: var(--_accent); animation: spin .8s linear infinite; vertical-align: -.15rem; margin-right: .4rem; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2.4s; } .bar > span { transition: none; } }

.error {
  margin: 1rem 0 0; padding: .8rem 1rem; border-radius: .6rem; border: 1px solid ${pair('#f3c2cb', '#73323f')};
  background: ${pair('#fdecef', '#3b1b22')}; color: var(--_error); display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem;
}
.error p { margin: 0; flex: 1 1 16rem; }
.error strong { display: block; }
.error code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
.error button { min-height: 2.25rem; padding: .3rem .9rem; border-radius: .5rem; border: 1px solid currentColor; background: var(--_surface); color: var(--_error); font-weight: 600; cursor: pointer; }

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
.mirror mark[tabindex] { cursor: help; }
.mirror mark:focus-visible { outline-offset: 1px; }
.tips { position: relative; height: 0; }
/* The gap under the highlight is the tooltip's margin, bridged by ::before so that the pointer can move onto it. */
.tip {
  --gap: .4rem;
  position: absolute; z-index: 1; width: max-content; max-width: min(22rem, 100%); margin-top: var(--gap); padding: .4rem .65rem;
  border-radius: .45rem; background: var(--_text); color: var(--_surface); font-size: .825rem; line-height: 1.4;
  box-shadow: 0 .3rem 1rem ${pair('rgb(0 0 0 / .2)', 'rgb(0 0 0 / .55)')}; overflow-wrap: anywhere;
}
.tip::before { content: ""; position: absolute; left: 0; right: 0; bottom: 100%; height: var(--gap); }
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
  background: color-mix(in srgb, var(--_heat) var(--heat), var(--_surface));
}
.heat td.strong { color: #ffffff; }
.heat td small { display: block; font-size: .75rem; font-weight: 500; }
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
    if (!sheet.cssRules.length) sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } else {
    // Old browsers only (needs style-src 'unsafe-inline' under a CSP).
    const style = document.createElement('style');
    style.textContent = STYLES;
    root.append(style);
  }
}
