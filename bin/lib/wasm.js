// Loading the WebAssembly module, with the one message that tells how to build it.
import { init } from '../../web/index.js';
import { CliError } from './errors.js';

/** Loads the WebAssembly module, or throws a CliError telling how to build it. */
export async function initWasm() {
  try {
    await init();
  } catch (error) {
    throw new CliError(`${error.message.replace(/^palette-sentiment: /, '')}; build it with 'make'`);
  }
}
