// Builds DOM trees without HTML: every string becomes text or an attribute
// value, never markup, so user and model strings cannot inject anything.

/**
 * createElement with attributes and children (strings become text nodes).
 * attrs: `className` and `text` set those properties; `style` is an object
 * assigned through element.style (allowed under a CSP without
 * 'unsafe-inline', unlike a style attribute); any other name is set with
 * setAttribute (true → '', and false, null or undefined leave it out).
 * Children may be nested arrays; null, undefined and false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'style') Object.assign(el.style, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}
