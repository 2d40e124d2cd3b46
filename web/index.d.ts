// Types for palette-sentiment's JavaScript API (web/index.js). They need no DOM
// lib: a browser type (HTMLImageElement, Blob, WebAssembly.Module…) takes part
// only when the program's lib or @types/node declares it.

/** The instance type of the global class Name when the program's lib declares it, else never. */
type Global<Name extends string> = typeof globalThis extends { [K in Name]: abstract new (...args: any) => infer T } ? T : never;
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer T } } ? T : never;

/**
 * Loads the WebAssembly module of each half of the library the program uses (palette, text), once; later calls
 * return the same promise. By default each half's .wasm is found beside the package's web/ folder; `source` gives
 * one module for every half instead (the full palette-sentiment.wasm, or the half the program uses).
 */
export function init(source?: ArrayBuffer | ArrayBufferView | Global<'URL'> | string | WasmModule): Promise<void>;

/** Thrown for failures reported by the C library and for the JS layer's own (below); `code` is stable, e.g. 'IMAGE_CORRUPT'. */
export class PaletteSentimentError extends Error {
  readonly code:
    | 'NO_MEMORY' | 'INVALID_ARGUMENT' | 'NO_PIXELS'
    | 'IMAGE_EMPTY' | 'IMAGE_UNSUPPORTED' | 'IMAGE_CORRUPT' | 'IMAGE_TOO_LARGE'
    | 'NB_NO_DATA' | 'NB_LABEL' | 'NB_MISMATCH' | 'NB_TOO_LARGE'
    | 'MODEL_TRUNCATED' | 'MODEL_MAGIC' | 'MODEL_VERSION' | 'MODEL_CHECKSUM' | 'MODEL_CORRUPT'
    | 'BUFFER_TOO_SMALL' | 'NB_FULL' | 'NEED_INPUT'
    | 'COUNTS_TRUNCATED' | 'COUNTS_MAGIC' | 'COUNTS_VERSION' | 'COUNTS_CHECKSUM' | 'COUNTS_CORRUPT'
    | 'IMAGE_CROSS_ORIGIN' | 'NETWORK' | `HTTP_${number}` | 'WASM_LOAD' | 'NOT_INITIALIZED' | 'WORKER'
    | (string & {});
  /** The C status number; undefined for most of the JS layer's own codes. */
  readonly status: number | undefined;
  /** The URL, for NETWORK and HTTP_<status>. */
  readonly url?: string;
  /** For NB_TOO_LARGE of a training memoryLimit: the memoryLimit, in bytes, that the document needs. */
  readonly memoryNeeded?: number;
  /** For a count file refused by merge or finish: which input it was. */
  readonly input?: string;
  /** details become properties of the error. */
  constructor(code: PaletteSentimentError['code'], message: string, status?: number, details?: Record<string, unknown>);
}

/** RGBA8 pixels, as in the DOM's ImageData. */
export interface ImageDataLike {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Encoded PNG, JPEG, GIF (first frame) or BMP bytes. */
export type EncodedImage = Uint8Array | ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

/**
 * What the browser has decoded: an <img> (after img.decode()), <video>, <canvas>, OffscreenCanvas, ImageBitmap,
 * VideoFrame or 2D context. Read through a canvas that never enters the document; a cross-origin image without
 * CORS permission throws IMAGE_CROSS_ORIGIN.
 */
export type BrowserImage =
  | Global<'HTMLImageElement'> | Global<'HTMLVideoElement'> | Global<'HTMLCanvasElement'> | Global<'OffscreenCanvas'>
  | Global<'ImageBitmap'> | Global<'VideoFrame'> | Global<'CanvasRenderingContext2D'> | Global<'OffscreenCanvasRenderingContext2D'>;

/** Everything extractPalette takes. */
export type ImageInput = EncodedImage | ImageDataLike | BrowserImage;

export interface PaletteOptions {
  /** Number of colours, 1–256. Default 5. */
  k?: number;
  /** 'lab' (perceptual, CIELAB D65; default) or 'rgb'. */
  space?: 'lab' | 'rgb';
  /** Seed of the k-means++ initialisation, 0–2^32-1. Default 0. */
  seed?: number;
  /** Lloyd iterations per restart, 1–10000. Default 100. */
  maxIter?: number;
  /** Stop when no centre moves more than this, 0–100. Default 0.01. */
  tolerance?: number;
  /** Pixels with alpha below this (0–256) are ignored; 0 keeps all. Default 128. */
  alphaThreshold?: number;
  /** Ignore pixels whose channels are all >= 240. Default false. */
  ignoreNearWhite?: boolean;
  /** Independent k-means runs, 1–32; the best is kept. Default 3. */
  restarts?: number;
  /** Encoded images with more pixels are refused (IMAGE_TOO_LARGE); browser images are scaled down to it. Default 100,000,000. */
  maxPixels?: number;
}

export interface PaletteColor {
  hex: string;
  rgb: [number, number, number];
  count: number;
  share: number;
}

export interface Palette {
  /** Most frequent first; shares sum to 1. */
  colors: PaletteColor[];
  width: number;
  height: number;
  /** Pixels counted (after the alpha and near-white filters). */
  pixels: number;
  /**
   * Mean ΔE76, over the counted pixels, between the colour clustered for each and the palette colour it went to:
   * the pixel's own colour in an image of up to 4096 pixels (or whose pixels fall in at most k of the 32³ histogram
   * bins), else the mean colour of its histogram bin. The spread inside each bin is then left out, so it is lower
   * than the per-pixel mean (remapImage's deltaE), the more so the larger k: it measures the fit to the histogram.
   */
  deltaE: number;
  timing: { decodeMs: number; extractMs: number };
}

export const PALETTE_DEFAULTS: Readonly<Required<PaletteOptions>>;

/** The dominant colours of an image. Throws TypeError/RangeError for bad arguments, PaletteSentimentError for C failures. */
export function extractPalette(image: ImageInput, options?: PaletteOptions): Palette;

/**
 * Everything extractPaletteFrom takes: a Blob or File, a URL (in Node also a path: a string that does not start
 * with file:, http:, https:, data: or blob:), or anything extractPalette takes.
 */
export type ImageSource = ImageInput | Global<'Blob'> | Global<'URL'> | string;

/**
 * The dominant colours of a Blob, File, URL or anything extractPalette takes. The browser decodes Blobs and URLs
 * (so WebP and AVIF work, and SVG on a page; scaled down to maxPixels); Node reads paths and URLs and uses the library's decoder.
 * Rejects as extractPalette throws, and with NETWORK or HTTP_<status> for a URL it cannot fetch; in Node, a path
 * or file: URL that cannot be read rejects with Node's own file-system error (code ENOENT, EISDIR, EACCES…).
 */
export function extractPaletteFrom(source: ImageSource, options?: PaletteOptions): Promise<Palette>;

/** Decodes PNG, JPEG, GIF (first frame) or BMP to RGBA pixels. */
export function decodeImage(bytes: EncodedImage, options?: { maxPixels?: number }): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number };

/** A palette as remapImage and the worker's remap take it: an extractPalette() result, or its colours in any of these forms. */
export type PaletteColors =
  | Palette
  | ReadonlyArray<string | readonly [number, number, number] | { readonly hex: string } | { readonly rgb: readonly [number, number, number] }>;

/**
 * Replaces each pixel by its nearest palette colour (ΔE76), keeping alpha; deltaE is the mean over every pixel.
 * options.maxPixels: as decodeImage's, for encoded bytes (refused over it) and elements (scaled down to it).
 */
export function remapImage(
  image: ImageInput,
  colors: PaletteColors,
  options?: { maxPixels?: number },
): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number; deltaE: number };

/** Training options; every field is optional. */
export interface NaiveBayesOptions {
  /** Word n-gram range: max (from 1) or [min, max], within 1–3. Default [1, 1]. */
  ngrams?: number | [number, number];
  /** Additive (Laplace/Lidstone) smoothing. Default 1. */
  alpha?: number;
  /** Count each token once per document. Default false. */
  binary?: boolean;
  /** Keep tokens seen in at least this many documents. Default 1. */
  minDf?: number;
  /** Keep only the most frequent tokens; 0 for no limit. Default 0. */
  maxFeatures?: number;
  /** Remove English stop words before forming n-grams. Default false. */
  stopwords?: boolean;
  /** Mark words after a negation ("not good" → "!good"). Default false. */
  negation?: boolean;
  /** Character n-grams of the scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar): max (from 1) or [min, max] within 1–3, or false for a run as one word (as in format 1). Default [1, 2]. */
  charNgrams?: false | number | [number, number];
  /** Emoji (👍🏽 as 👍, ZWJ sequences whole) and ASCII emoticons (":-)" as ":)", "<3") as tokens. Default true. */
  emoji?: boolean;
  /** Full Unicode case folding ("ΣΟΦΌΣ" → "σοφόσ", "Straße" → "strasse") and Unicode word rules ("अच्छा।" → "अच्छा"), on text in NFC (an "é" typed as "e" and a combining accent, or Hangul as jamo, is the same word); false: the lower-casing and word characters of format 1, on text as given. Default true. */
  unicodeCase?: boolean;
  /** Fold accented letters to their base ("Café" → "cafe", "Υπέροχη" → "υπεροχη"). Default false. */
  foldAccents?: boolean;
  /** Bits per stored weight: 8, 16 or 32 (float). Default 16. */
  weightBits?: 8 | 16 | 32;
  /** 'nb' multinomial Naive Bayes, 'nblr' NB-weighted logistic regression (reads the documents once more per epoch), 'complement' Complement Naive Bayes. Default nb. */
  kind?: 'nb' | 'nblr' | 'complement';
  /** nblr: L2 strength λ (1/C), 1e-6 to 1e6. Default 10. */
  l2?: number;
  /** nblr: passes of averaged SGD over the documents, 1–100. Default 5. */
  epochs?: number;
  /** nblr: share 0 to 1 of the NB log-odds kept in the scores. Default 0. */
  nbMix?: number;
  /** nblr: seed of the order documents are learned in. Default 0. */
  seed?: number;
  /** nblr: random pieces of 1–3 sentences of each document also learned from per epoch, 0–8. Default 0. */
  pieces?: number;
  /** String key/values stored in the model file, shown by info(). */
  metadata?: Record<string, string>;
}

/** Probabilities are softmax(exp(a) × (1 + evidence)^b × scores); b = 0 is a temperature. */
export interface Calibration { a: number; b: number }

export const NB_DEFAULTS: Readonly<Required<Omit<NaiveBayesOptions, 'metadata' | 'ngrams' | 'charNgrams'>> & {
  ngrams: readonly [number, number];
  charNgrams: readonly [number, number];
}>;

/** A trainer's options: the model's, and how much memory its counts may take. */
export interface NaiveBayesTrainerOptions extends NaiveBayesOptions {
  /**
   * Bytes the counts may take, at least 1 MiB. Beyond it the Node entry writes them to temporary files and
   * merges them at finish() (the same model); elsewhere training throws NB_TOO_LARGE. Default 256 MiB in
   * Node, 1.5 GiB elsewhere. One trainer (or job) takes 1.5 GiB at most, what one WebAssembly memory holds.
   */
  memoryLimit?: number;
}

/** NaiveBayes.train's options. */
export interface NaiveBayesTrainOptions extends NaiveBayesTrainerOptions {
  /** Worker threads counting in parallel (Node entry only), 1–256, sharing memoryLimit with 1 MiB at least each (so at
   * most one per MiB of it); the same model for every number. Default 1. Where the process may not start workers
   * (Node's permission model without --allow-worker), it counts on the calling thread. */
  jobs?: number;
}

export interface LabelledText { text: string; label: string | number }

export interface Prediction {
  /** The most probable label (with evidence 0: the most probable prior). */
  label: string;
  /** A probability per label; finite, summing to 1. */
  probabilities: Record<string, number>;
  /** Known token occurrences used; 0 means no known token: the result is the prior. */
  evidence: number;
  /** The tokens that moved the decision most, strongest first; weight >= 0 towards `label`. */
  explanation: { token: string; weight: number; label: string }[];
}

type NblrOption = 'kind' | 'l2' | 'epochs' | 'nbMix' | 'seed' | 'pieces';

export interface ModelInfo {
  kind: 'nb' | 'nblr' | 'complement';
  /** base: what a score starts from (the log prior of NB, the intercept of nblr, 0 for complement). */
  classes: { label: string; documents: number; prior: number; base: number }[];
  vocabularySize: number;
  /** The logistic regression's options (l2, epochs, nbMix, seed, pieces) only for kind 'nblr'; kind only when not 'nb'. */
  options: Required<Omit<NaiveBayesOptions, 'metadata' | 'ngrams' | 'charNgrams' | NblrOption>> & Partial<Pick<NaiveBayesOptions, NblrOption>> & {
    ngrams: [number, number];
    charNgrams: false | [number, number];
  };
  calibration: Calibration | null;
  metadata: Record<string, string>;
}

/** Streaming trainer: add documents batch after batch, merge shards, then finish() into a model. */
export class NaiveBayesTrainer {
  constructor(options?: NaiveBayesTrainerOptions);
  add(text: string, label: string | number): this;
  addMany(texts: readonly string[], labels: ReadonlyArray<string | number>): this;
  addMany(records: readonly LabelledText[]): this;
  /**
   * Adds another trainer's counts (same options) into this one. Both must hold all their counts in memory: a trainer
   * that reached its memoryLimit (spilledBytes > 0) is refused with a RangeError; shards of that size are merged as
   * count files (writeCounts, then the CLI's merge and finish).
   */
  merge(other: NaiveBayesTrainer): this;
  readonly documents: number;
  /** Distinct tokens held in memory (since the counts were last written out). */
  readonly vocabularySize: number;
  /** Distinct tokens of every document, before pruning (known at the last finish() or writeCounts() once written out). */
  readonly distinctTokens: number;
  /** Bytes of counts written to temporary files so far (0 while they fit in memoryLimit). */
  readonly spilledBytes: number;
  finish(options?: { metadata?: Record<string, string> }): NaiveBayes;
  /**
   * Writes every count so far as one count file (FORMAT.md) to sink, chunk by chunk, and empties the trainer;
   * returns the distinct tokens written. `palette-sentiment merge` and `finish` read such files. The trainer can
   * then add documents and write them as another count file; finish() and merge() throw, since it no longer
   * holds every count. If sink throws, the counts are lost and every later use throws: dispose it. Before any
   * document it throws NB_NO_DATA and writes nothing (a count file holds 1 to 1,024 classes).
   */
  writeCounts(sink: (chunk: Uint8Array) => void): number;
  /** Idempotent; later use throws. */
  dispose(): void;
}

type Batches = AsyncIterable<LabelledText | LabelledText[]> | Iterable<LabelledText | LabelledText[]>;

/** A Naive Bayes (or NB-weighted logistic regression) model. Call dispose() when done (idempotent; later use throws). */
export class NaiveBayes {
  /** Models come from train(), trainLinear() or load(). */
  private constructor();
  static train(texts: readonly string[], labels: ReadonlyArray<string | number>, options?: NaiveBayesTrainOptions): Promise<NaiveBayes>;
  /** Kind 'nblr' reads the documents once per epoch: give an array (of records or of batches) or a function returning a fresh iterable each time. */
  static train(batches: Batches | (() => Batches), options?: NaiveBayesTrainOptions): Promise<NaiveBayes>;
  /** The logistic regression on ratios, a kind 'nb' model of the counts trained with NaiveBayes.RATIOS among its options. */
  static trainLinear(ratios: NaiveBayes, documents: (epoch: number) => Batches, options: NaiveBayesOptions & { kind: 'nblr' }): Promise<NaiveBayes>;
  static readonly RATIOS: Readonly<{ kind: 'nb'; weightBits: 32 }>;
  /**
   * Fits and stores the probabilities' calibration on held-out texts (labels never change). A length-aware fit
   * extrapolates to text lengths it has not seen: give short texts too (the CLI adds each text's first 200
   * characters and one sentence) when the model will see a few words, or an empty text may come out sure.
   * Throws RangeError, keeping the calibration it had, when no text has a token the model knows, or when the
   * model's scores favour other classes than the labels on the whole: no calibration fits such texts.
   */
  calibrate(texts: readonly string[], labels: ReadonlyArray<string | number>, options?: { lengthAware?: boolean }): Calibration;
  /** The stored calibration, or null; set null to remove it. */
  calibration: Calibration | null;
  /** Loads model file bytes; throws PaletteSentimentError with a MODEL_* code for bad bytes. */
  static load(bytes: Uint8Array | ArrayBuffer | SharedArrayBuffer | ArrayBufferView): NaiveBayes;
  readonly labels: readonly string[];
  predict(text: string, options?: { explain?: number }): Prediction;
  predictMany(texts: readonly string[], options?: { explain?: number }): Prediction[];
  save(): Uint8Array<ArrayBuffer>;
  setMetadata(key: string, value: string): this;
  info(): ModelInfo;
  /** label: a class, as a string or as the number it was trained as. */
  topTokens(label: string | number, n?: number): { token: string; weight: number }[];
  dispose(): void;
}

/** The outcome of one image in extractPalettes, as in Promise.allSettled. */
export type PaletteOutcome = { status: 'fulfilled'; value: Palette } | { status: 'rejected'; reason: Error };

/**
 * Node only: the palettes of many images on `jobs` threads, the calling one and jobs - 1 workers (default: the number of cores),
 * in the order given; one image failing does not stop the others. Same results as extractPalette. Where the process may
 * not start workers (Node's permission model without --allow-worker), on the calling thread alone.
 */
export function extractPalettes(
  images: Array<EncodedImage | ImageDataLike>,
  options?: PaletteOptions,
  pool?: { jobs?: number },
): Promise<PaletteOutcome[]>;

// The helper types above stay private to this file.
export {};
