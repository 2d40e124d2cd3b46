// Types for palette-sentiment/wasm, /wasm/palette and /wasm/text: a .wasm build as an asset, whose default
// export a bundler makes the URL it copies the file to (esbuild's file loader, webpack's asset/resource).
declare const url: string;
export default url;
