// Loading the WebAssembly module, with the one message that tells how to build it.
import { init } from '../../web/index.js';
import { CliError } from './errors.js';

/** Loads the WebAssembly module, or throws a CliError telling how to build it. */
export async function initWasm() {
  try {
    await init();
  } catch (error) {
    throw new CliError(`cannot load the WebAssembly module (${error.message}); build it with 'make'`);
  }
}
