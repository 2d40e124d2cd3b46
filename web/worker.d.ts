// Types for palette-sentiment/worker (web/worker.js): the palette functions in a Web Worker.
import type { ImageSource, Palette, PaletteColors, PaletteOptions } from './index.js';

type Global<Name extends string> = typeof globalThis extends { [K in Name]: abstract new (...args: any) => infer T } ? T : never;
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer T } } ? T : never;

export interface Pixels { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number }
/** The DOM's ImageData where the program's lib declares it, else Pixels. */
type ImageDataOrPixels = [Global<'ImageData'>] extends [never] ? Pixels : Global<'ImageData'>;

/** An image decoded once in the worker. */
export interface WorkerImage {
  /** The size of the pixels kept (scaled down to maxPixels). */
  readonly width: number;
  readonly height: number;
  /** The size of the image before scaling. */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /** extractPalette of the kept pixels. */
  extract(options?: PaletteOptions): Promise<Palette>;
  /** The kept pixels at most maxSide (1 to 65535, default 800) pixels on a side: an ImageData. */
  preview(options?: { maxSide?: number }): Promise<ImageDataOrPixels>;
  /** remapImage of that preview; deltaE is the mean over every pixel. */
  remap(colors: PaletteColors, options?: { maxSide?: number }): Promise<Pixels & { deltaE: number }>;
  /** Lets the worker forget the pixels. */
  close(): Promise<void>;
}

/** A Web Worker running the palette functions. */
export class PaletteWorker {
  private constructor();
  /** Exactly what extractPaletteFrom(source, options) gives on the main thread. */
  extract(source: ImageSource, options?: PaletteOptions): Promise<Palette>;
  /** Decodes source once (at most maxPixels pixels, scaled down in a browser) and keeps it in the worker. */
  open(source: ImageSource, options?: { maxPixels?: number }): Promise<WorkerImage>;
  /**
   * Runs a few palettes of a small synthetic image in the worker, one per task, so that the engine
   * optimises the code before the first real image (whose palette would otherwise cost a few times a
   * warm one). A request made meanwhile stops it. Resolves to the palettes run and the time taken;
   * changes no answer.
   */
  warmUp(): Promise<{ runs: number; ms: number }>;
  /** Stops the worker; calls still waiting reject with PaletteSentimentError WORKER. Idempotent. */
  terminate(): void;
}

/**
 * Starts the palette worker. wasm: the .wasm it loads (default: palette-sentiment-palette.wasm beside the package);
 * url: the worker script, for bundlers that do not bundle workers themselves (esbuild).
 * Throws PaletteSentimentError WORKER where there is no Web Worker (Node: use extractPalettes there).
 */
export function createPaletteWorker(options?: {
  wasm?: string | Global<'URL'> | ArrayBuffer | ArrayBufferView | WasmModule;
  url?: string | Global<'URL'>;
}): PaletteWorker;

export {};
