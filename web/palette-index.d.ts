// Types for palette-sentiment/palette (web/palette-index.js): the palette functions only.
export { init, PaletteSentimentError, extractPalette, extractPaletteFrom, extractPalettes, decodeImage, remapImage, PALETTE_DEFAULTS } from './index.js';
export type { BrowserImage, EncodedImage, ImageDataLike, ImageInput, ImageSource, Palette, PaletteColor, PaletteColors, PaletteOptions, PaletteOutcome } from './index.js';
