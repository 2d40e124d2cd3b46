// Types for palette-sentiment/review-checker (web/review-checker.js): importing
// it defines the <review-checker model="…"> element.
import type { Prediction } from './index.js';

type ElementBase = typeof globalThis extends { HTMLElement: abstract new (...args: any) => infer T } ? T : object;

export interface Highlight {
  start: number;
  end: number;
  label: string;
  strength: number;
  strong: boolean;
  tokens: string[];
}

/** What element.result holds and the 'review-checker:result' event carries. */
export interface ReviewCheckerResult extends Prediction {
  text: string;
  /** The label as shown (the labels attribute, or Positive / Negative for a 0/1 model). */
  displayLabel: string;
  highlights: Array<Highlight & { text: string }>;
}

export type ReviewChecker = ElementBase & {
  /** The last prediction shown, or null. */
  readonly result: ReviewCheckerResult | null;
  /** 'loading' | 'neutral' | 'result' | 'error' (also the data-state attribute). */
  readonly state: 'loading' | 'neutral' | 'result' | 'error';
  /** The text; setting it classifies at once. */
  value: string;
};
export declare const ReviewChecker: { prototype: ReviewChecker; new (): ReviewChecker };

/** The spans of text to highlight for a prediction (the element's own rule; exported for tests). */
export function highlightSpans(
  words: Array<{ token: string; start: number; end: number; flags: number }>,
  explanation: Prediction['explanation'],
  tokenizer: { ngrams: [number, number]; charNgrams?: false | [number, number] },
  options?: { perLabel?: number; minStrength?: number },
): Highlight[];

type CustomEventOf<T> = typeof globalThis extends { CustomEvent: abstract new (...args: any) => infer E } ? E & { readonly detail: T } : never;

declare global {
  interface HTMLElementTagNameMap {
    'review-checker': ReviewChecker;
  }
  /** Sent by the element (bubbling, composed) after each classification: the result, or null for none. */
  interface HTMLElementEventMap {
    'review-checker:result': CustomEventOf<ReviewCheckerResult | null>;
  }
}
