// Types for palette-sentiment/palette (web/palette-index.js): the palette functions only.
export { init, PaletteSentimentError, extractPalette, extractPaletteFrom, decodeImage, remapImage, PALETTE_DEFAULTS } from './index.js';
export type { BrowserImage, EncodedImage, ImageDataLike, ImageInput, ImageSource, Palette, PaletteColor, PaletteOptions } from './index.js';
