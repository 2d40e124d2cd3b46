// Loads palette-sentiment.wasm (browser and Node alike) and holds the helpers
// every API module uses to move bytes in and out and to check C statuses.
import { PaletteSentimentError } from './errors.js';
import { STATUS_NAMES } from './c-constants.js';

const DEFAULT_WASM_URL = new URL('../wasm-build/palette-sentiment.wasm', import.meta.url);
const isNode = typeof process !== 'undefined' && !!process.versions?.node;

let loading = null;
let api = null;
let compiled = null; // the WebAssembly.Module, for worker threads
let scratch = 0; // 64 bytes of WebAssembly memory for out-parameters

async function fetchBytes(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return readFile(fileURLToPath(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`palette-sentiment: could not load ${url} (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = source instanceof URL ? source : new URL(String(source), isNode ? `file://${process.cwd()}/` : globalThis.location?.href);
  return (await compileStreamed(url)) ?? WebAssembly.compile(await fetchBytes(url));
}

// Over HTTP, compiling while the bytes arrive lets the browser cache the
// optimised code for the next visit. Null where that cannot be used (file:
// URLs, a server that does not send application/wasm): the caller compiles
// the bytes instead.
async function compileStreamed(url) {
  if (!/^https?:$/.test(url.protocol) || typeof WebAssembly.compileStreaming !== 'function') return null;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`palette-sentiment: could not load ${url} (HTTP ${response.status})`);
  if (!response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compile(await response.arrayBuffer());
  }
  return WebAssembly.compileStreaming(response);
}

/** The compiled WebAssembly.Module once init() has finished (worker threads instantiate it without compiling again). */
export function wasmModule() {
  wasm();
  return compiled;
}

// The module is built with -sSTANDALONE_WASM: its only expected import tells
// us the memory grew, and we never cache views of it, so it can be a no-op.
function importsFor(module) {
  const imports = {};
  for (const { module: ns, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new Error(`palette-sentiment: unexpected ${kind} import ${ns}.${name}`);
    imports[ns] ??= {};
    imports[ns][name] = name === 'emscripten_notify_memory_growth'
      ? () => {}
      : () => { throw new Error(`palette-sentiment: unexpected call to ${ns}.${name}`); };
  }
  return imports;
}

async function instantiate(source) {
  const module = await compile(source);
  compiled = module;
  const instance = await WebAssembly.instantiate(module, importsFor(module));
  const exports = instance.exports;
  exports._initialize?.();
  scratch = exports.ps_alloc(64);
  if (!scratch) throw new Error('palette-sentiment: could not allocate scratch memory');
  api = exports;
}

/**
 * Loads the WebAssembly module once; later calls return the same promise.
 * @param {BufferSource|URL|string|WebAssembly.Module} [source] overrides where the .wasm comes from.
 */
export function init(source) {
  if (!loading) {
    if (source !== undefined && source !== null && typeof source !== 'string' && !(source instanceof URL)
      && !(source instanceof WebAssembly.Module) && !(source instanceof ArrayBuffer) && !ArrayBuffer.isView(source)) {
      return Promise.reject(new TypeError('source must be the .wasm bytes (BufferSource), a URL or string, or a WebAssembly.Module'));
    }
    loading = instantiate(source ?? DEFAULT_WASM_URL).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** The module's exports; throws if init() has not finished. */
export function wasm() {
  if (!api) throw new Error('palette-sentiment: the WebAssembly module is not loaded; await init() first');
  return api;
}

function readCString(ptr) {
  const bytes = new Uint8Array(api.memory.buffer, ptr);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}

/** Throws PaletteSentimentError unless status is 0 (PS_OK). */
export function check(status) {
  if (status === 0) return;
  throw new PaletteSentimentError(readCString(api.ps_status_name(status)), readCString(api.ps_status_str(status)), status);
}

/** Throws the PaletteSentimentError of a status named as in C, e.g. fail('NO_MEMORY'). */
export function fail(name) {
  const status = STATUS_NAMES.indexOf(name);
  if (status <= 0) throw new Error(`palette-sentiment: no status ${name}`);
  check(status);
}

/** ps_alloc(size), or throws NO_MEMORY. */
export function allocate(size) {
  const ptr = api.ps_alloc(Math.max(size, 1));
  if (!ptr) fail('NO_MEMORY');
  return ptr;
}

/** Copies bytes into freshly allocated WebAssembly memory; the caller frees the pointer with ps_free. */
export function copyIn(bytes) {
  const ptr = allocate(bytes.byteLength);
  new Uint8Array(api.memory.buffer, ptr, bytes.byteLength).set(bytes);
  return ptr;
}

/** A JS-owned copy of length bytes at ptr. */
export function copyOut(ptr, length) {
  return new Uint8Array(api.memory.buffer, ptr, length).slice();
}

/** Address of the i-th 32-bit slot of the scratch area used for out-parameters (0 <= i < 16). */
export function outSlot(i) {
  return scratch + 4 * i;
}

/** Reads the unsigned 32-bit value at outSlot(i). */
export function readSlot(i) {
  return new DataView(api.memory.buffer).getUint32(scratch + 4 * i, true);
}
