// Neither the DOM lib nor @types/node: the package's types still check.
import { init, extractPalette, NaiveBayes, type Palette } from 'palette-sentiment';
import wasm from 'palette-sentiment/wasm/inline';
import textWasm from 'palette-sentiment/wasm/text/inline';

await init(wasm);
await init(textWasm);
const palette: Palette = extractPalette(new Uint8Array(0));
const labels: readonly string[] = NaiveBayes.load(new ArrayBuffer(0)).labels;
export { palette, labels };
