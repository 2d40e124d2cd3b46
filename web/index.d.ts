// Types for palette-sentiment's JavaScript API (web/index.js).

/** Loads the WebAssembly module once (memoised). By default the .wasm is found beside the package's web/ folder. */
export function init(source?: BufferSource | URL | string | WebAssembly.Module): Promise<void>;

/** Thrown for failures reported by the C library; `code` is stable, e.g. 'IMAGE_CORRUPT'. */
export class PaletteSentimentError extends Error {
  readonly code:
    | 'NO_MEMORY' | 'INVALID_ARGUMENT' | 'NO_PIXELS'
    | 'IMAGE_EMPTY' | 'IMAGE_UNSUPPORTED' | 'IMAGE_CORRUPT' | 'IMAGE_TOO_LARGE'
    | 'NB_NO_DATA' | 'NB_LABEL' | 'NB_MISMATCH' | 'NB_TOO_LARGE'
    | 'MODEL_TRUNCATED' | 'MODEL_MAGIC' | 'MODEL_VERSION' | 'MODEL_CHECKSUM' | 'MODEL_CORRUPT'
    | string;
  readonly status: number;
}

/** RGBA8 pixels, as in the DOM's ImageData. */
export interface ImageDataLike {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Encoded PNG, JPEG, GIF (first frame) or BMP bytes. */
export type EncodedImage = Uint8Array | ArrayBuffer | ArrayBufferView;

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
  /** Refuse encoded images with more pixels than this. Default 100,000,000. */
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
  /** Mean ΔE76 between the counted pixels and their palette colour. */
  deltaE: number;
  timing: { decodeMs: number; extractMs: number };
}

export const PALETTE_DEFAULTS: Readonly<Required<PaletteOptions>>;

/** The dominant colours of an image. Throws TypeError/RangeError for bad arguments, PaletteSentimentError for C failures. */
export function extractPalette(image: EncodedImage | ImageDataLike, options?: PaletteOptions): Palette;

/** Decodes PNG, JPEG, GIF (first frame) or BMP to RGBA pixels. */
export function decodeImage(bytes: EncodedImage, options?: { maxPixels?: number }): { data: Uint8ClampedArray; width: number; height: number };

/** Replaces each pixel by its nearest palette colour (ΔE76), keeping alpha; deltaE is the mean over every pixel. */
export function remapImage(
  image: EncodedImage | ImageDataLike,
  colors: Palette | Array<string | [number, number, number] | { hex: string } | { rgb: [number, number, number] }>,
): { data: Uint8ClampedArray; width: number; height: number; deltaE: number };
