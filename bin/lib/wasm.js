// Loading the WebAssembly modules of the libraries the command imported (a
// palette command loads the palette .wasm alone), with the one message that
// tells how to build them.
import { init } from '../../web/wasm.js';
import { CliError } from './errors.js';

/** Loads the WebAssembly module, or throws a CliError telling how to build it. */
export async function initWasm() {
  try {
    await init();
  } catch (error) {
    throw new CliError(`${error.message.replace(/^palette-sentiment: /, '')}; build it with 'make'`);
  }
}
