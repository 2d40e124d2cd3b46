// Types for palette-sentiment/wasm/inline, /wasm/palette/inline and /wasm/text/inline:
// a .wasm build's bytes, for init(bytes) where the bundler copies no .wasm files (Rollup).
declare const bytes: Uint8Array<ArrayBuffer>;
export default bytes;
