// The details behind the review checker's highlights, for the mouse, the keyboard, touch and screen readers.
// Each highlight (a <mark> in the mirror) is described (aria-describedby) by its own tooltip, shown while the
// highlight is hovered, focused or tapped, and hidden by Escape. The highlights are one tab stop, a roving
// tabindex: Tab enters at the one last visited, the arrow keys, Home and End move between them, so that a review
// with many highlights does not lengthen the tab order. Focus moves only when the visitor moves it: typing in
// the review box re-renders the mirror, never takes the focus.

const STEP = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

const markOf = (target) => (target instanceof Element ? target.closest('mark[aria-describedby]') : null);

export class HighlightDetails {
  #mirror;
  #tips;
  #shown = null; // the mark whose tooltip is shown
  #onEscape = (event) => {
    if (event.key === 'Escape' && this.#shown) this.hide();
  };

  /** mirror: the element the marks are in; tips: an empty positioned element after it, for their tooltips. */
  constructor(mirror, tips) {
    this.#mirror = mirror;
    this.#tips = tips;
    mirror.addEventListener('focusin', (event) => this.#focused(markOf(event.target)));
    mirror.addEventListener('focusout', (event) => { if (markOf(event.target) === this.#shown) this.hide(); });
    mirror.addEventListener('click', (event) => { if (markOf(event.target)) this.#show(markOf(event.target)); });
    mirror.addEventListener('keydown', (event) => this.#move(event));
    mirror.addEventListener('scroll', () => { if (this.#shown) this.#place(this.#shown); });
    for (const el of [mirror, tips]) {
      el.addEventListener('pointerover', (event) => {
        if (event.pointerType !== 'touch' && markOf(event.target)) this.#show(markOf(event.target));
      });
      el.addEventListener('pointerout', (event) => this.#pointerLeft(event));
    }
  }

  /**
   * Shows nodes (text and marks, each mark described by one of tips) in the mirror. The first mark is the tab
   * stop; without marks the mirror itself is, so that a long review can still be scrolled from the keyboard.
   */
  replace(nodes, tips) {
    const hadFocus = this.#mirror.contains(this.#mirror.getRootNode().activeElement);
    this.hide();
    this.#mirror.replaceChildren(...nodes);
    this.#tips.replaceChildren(...tips);
    const first = this.#marks()[0];
    for (const mark of this.#marks()) mark.tabIndex = mark === first ? 0 : -1;
    if (first) this.#mirror.removeAttribute('tabindex');
    else this.#mirror.tabIndex = 0;
    if (hadFocus) (first ?? this.#mirror).focus();
  }

  #marks() {
    return [...this.#mirror.querySelectorAll('mark[aria-describedby]')];
  }

  #focused(mark) {
    if (!mark) return;
    for (const other of this.#marks()) other.tabIndex = other === mark ? 0 : -1;
    this.#show(mark);
  }

  /** Arrow keys, Home and End: the next, previous, first or last highlight (in reading order, also right to left). */
  #move(event) {
    const mark = markOf(event.target);
    if (!mark || event.altKey || event.ctrlKey || event.metaKey) return;
    const marks = this.#marks();
    const to = this.#indexAfter(event.key, marks.indexOf(mark), marks.length);
    if (to === null) return;
    event.preventDefault();
    marks[to].focus();
  }

  /** The index of the mark a key moves to from mark at of n, or null for a key that moves nothing. */
  #indexAfter(key, at, n) {
    if (key === 'Home') return 0;
    if (key === 'End') return n - 1;
    if (!STEP[key]) return null;
    const mirrored = (key === 'ArrowLeft' || key === 'ArrowRight') && getComputedStyle(this.#mirror).direction === 'rtl';
    return Math.min(Math.max(at + (mirrored ? -STEP[key] : STEP[key]), 0), n - 1);
  }

  /** The pointer left a mark or its tooltip: hides the tooltip unless it moved between the two or the mark has focus. */
  #pointerLeft(event) {
    if (event.pointerType === 'touch' || !this.#shown) return;
    const tip = this.#tipOf(this.#shown);
    const into = event.relatedTarget;
    if (into instanceof Node && (this.#shown.contains(into) || tip.contains(into))) return;
    if (this.#mirror.getRootNode().activeElement !== this.#shown) this.hide();
  }

  #tipOf(mark) {
    return this.#mirror.getRootNode().getElementById(mark.getAttribute('aria-describedby'));
  }

  #show(mark) {
    if (this.#shown && this.#shown !== mark) this.hide();
    const tip = this.#tipOf(mark);
    if (!tip) return;
    tip.hidden = false;
    this.#place(mark);
    if (!this.#shown) mark.ownerDocument.addEventListener('keydown', this.#onEscape);
    this.#shown = mark;
  }

  /** Hides the tooltip shown, if any (and stops listening for Escape). */
  hide() {
    if (!this.#shown) return;
    const tip = this.#tipOf(this.#shown);
    if (tip) tip.hidden = true;
    this.#shown = null;
    this.#mirror.ownerDocument.removeEventListener('keydown', this.#onEscape);
  }

  /** Puts the mark's tooltip under the last line of the mark (its margin is the gap), inside the tooltips' box. */
  #place(mark) {
    const tip = this.#tipOf(mark);
    const box = this.#tips.getBoundingClientRect();
    const rects = mark.getClientRects();
    const line = rects[rects.length - 1] ?? mark.getBoundingClientRect();
    const left = Math.min(Math.max(line.left - box.left, 0), Math.max(box.width - tip.offsetWidth, 0));
    Object.assign(tip.style, { left: `${left}px`, top: `${line.bottom - box.top}px` });
  }
}
