// palette-sentiment: dominant colours and text sentiment, in WebAssembly.
// init() loads the .wasm of each half the program uses (see web/wasm.js).
export * from './palette-index.js';
export * from './text-index.js';
