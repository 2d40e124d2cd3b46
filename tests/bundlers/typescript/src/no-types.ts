// Neither the DOM lib nor @types/node: the package's types still check.
import { init, extractPalette, NaiveBayes, type Palette } from 'palette-sentiment';

await init(new Uint8Array(0));
const palette: Palette = extractPalette(new Uint8Array(0));
const labels: readonly string[] = NaiveBayes.load(new ArrayBuffer(0)).labels;
export { palette, labels };
