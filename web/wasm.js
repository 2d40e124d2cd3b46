// Loads the WebAssembly modules (browser and Node alike) and holds the helpers
// every API module uses to move bytes in and out and to check C statuses.
//
// Each API module declares a library: the smallest .wasm that holds its C
// functions (web/palette-wasm.js, web/text-wasm.js). init() loads the library
// of every API module the program contains, so a bundle with palette code only
// downloads palette-sentiment-palette.wasm; init(source) loads one module, for
// example the full palette-sentiment.wasm, for all of them.
import { PaletteSentimentError } from './errors.js';
import { STATUS_NAMES } from './c-constants.js';
import { isNode, readFileUrl } from './read-file.js';

const libraries = [];
const instances = new Map(); // the key of a source → Promise of {exports, scratch, module}
let loading = null; // {promise, count}: the last init() and how many libraries it covered

async function fetchBytes(url) {
  if (isNode && url.protocol === 'file:') return readFileUrl(url);
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`could not load ${url} (HTTP ${response.status}); if a bundler built this page, see "Use it with…" in the README`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

function sourceUrl(source) {
  return source instanceof URL ? source : new URL(String(source), isNode ? `file://${process.cwd()}/` : globalThis.location?.href);
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = sourceUrl(source);
  return (await compileStreamed(url)) ?? WebAssembly.compile(await fetchBytes(url));
}

// Over HTTP, compiling while the bytes arrive lets the browser cache the
// optimised code for the next visit. Null where that cannot be used (file:
// URLs, a server that does not send application/wasm): the caller compiles
// the bytes instead.
async function compileStreamed(url) {
  if (!/^https?:$/.test(url.protocol) || typeof WebAssembly.compileStreaming !== 'function') return null;
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`could not load ${url} (HTTP ${response.status}); if a bundler built this page, see "Use it with…" in the README`);
  }
  if (!response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compile(await response.arrayBuffer());
  }
  return WebAssembly.compileStreaming(response);
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
  const instance = await WebAssembly.instantiate(module, importsFor(module));
  const exports = instance.exports;
  exports._initialize?.();
  const scratch = exports.ps_alloc(64); // 64 bytes for out-parameters
  if (!scratch) throw new Error('palette-sentiment: could not allocate scratch memory');
  return { exports, scratch, module };
}

/** One instance per source: libraries given the same source share it. A failed load is forgotten. */
function instanceOf(source) {
  const key = typeof source === 'string' || source instanceof URL ? sourceUrl(source).href : source;
  let instance = instances.get(key);
  if (!instance) {
    instance = instantiate(source).catch((error) => {
      instances.delete(key);
      throw new PaletteSentimentError('WASM_LOAD', `palette-sentiment: could not load the WebAssembly module: ${error.message}`, undefined, { cause: error });
    });
    instances.set(key, instance);
  }
  return instance;
}

function isSource(source) {
  return typeof source === 'string' || source instanceof URL || source instanceof WebAssembly.Module
    || source instanceof ArrayBuffer || ArrayBuffer.isView(source);
}

/**
 * Loads the WebAssembly module of every library in the program; later calls
 * return the same promise until another library joins (an API module loaded later).
 * @param {BufferSource|URL|string|WebAssembly.Module} [source] one module for every library instead of each one's own.
 */
export function init(source) {
  if (loading?.count === libraries.length) return loading.promise;
  if (source !== undefined && source !== null && !isSource(source)) {
    return Promise.reject(new TypeError('source must be the .wasm bytes (BufferSource), a URL or string, or a WebAssembly.Module'));
  }
  const promise = Promise.all(libraries.map((lib) => lib.load(source ?? undefined))).then(() => {});
  promise.catch(() => { if (loading?.promise === promise) loading = null; });
  loading = { promise, count: libraries.length };
  return promise;
}

function readCString(exports, ptr) {
  const bytes = new Uint8Array(exports.memory.buffer, ptr);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}

/**
 * Declares the library of an API module: `url`, the .wasm that holds its C
 * functions, one of which is `probe`. Returns the helpers that module calls C with.
 */
export function library(name, url, probe) {
  let current = null; // {exports, scratch, module} once loaded
  let pending = null;
  const wasm = () => {
    if (!current) throw new PaletteSentimentError('NOT_INITIALIZED', 'palette-sentiment: the WebAssembly module is not loaded; await init() first');
    return current.exports;
  };
  const check = (status) => {
    if (status === 0) return;
    const w = current.exports;
    throw new PaletteSentimentError(readCString(w, w.ps_status_name(status)), readCString(w, w.ps_status_str(status)), status);
  };
  const allocate = (size) => {
    const ptr = wasm().ps_alloc(Math.max(size, 1));
    if (!ptr) check(STATUS_NAMES.indexOf('NO_MEMORY'));
    return ptr;
  };
  const lib = Object.freeze({
    name,
    url,
    /** Loads `source` (default: url) for this library once; a failed load can be retried. */
    load(source = url) {
      pending ??= instanceOf(source).then((instance) => {
        if (typeof instance.exports[probe] !== 'function') {
          throw new PaletteSentimentError('WASM_LOAD', `palette-sentiment: this .wasm has no ${probe}; the ${name} functions need palette-sentiment.wasm or palette-sentiment-${name}.wasm`);
        }
        current = instance;
      }).catch((error) => {
        pending = null;
        throw error;
      });
      return pending;
    },
    /** The module's exports; throws if init() has not finished. */
    wasm,
    /** The compiled WebAssembly.Module once init() has finished (worker threads instantiate it without compiling again). */
    module: () => {
      wasm();
      return current.module;
    },
    /** Throws PaletteSentimentError unless status is 0 (PS_OK). */
    check,
    /** Throws the PaletteSentimentError of a status named as in C, e.g. fail('NO_MEMORY'). */
    fail(statusName) {
      const status = STATUS_NAMES.indexOf(statusName);
      if (status <= 0) throw new Error(`palette-sentiment: no status ${statusName}`);
      check(status);
    },
    /** ps_alloc(size), or throws NO_MEMORY. */
    allocate,
    /** Copies bytes into freshly allocated WebAssembly memory; the caller frees the pointer with ps_free. */
    copyIn(bytes) {
      const ptr = allocate(bytes.byteLength);
      new Uint8Array(current.exports.memory.buffer, ptr, bytes.byteLength).set(bytes);
      return ptr;
    },
    /** A JS-owned copy of length bytes at ptr. */
    copyOut: (ptr, length) => new Uint8Array(wasm().memory.buffer, ptr, length).slice(),
    /** Address of the i-th 32-bit slot of the scratch area used for out-parameters (0 <= i < 16). */
    outSlot: (i) => current.scratch + 4 * i,
    /** Reads the unsigned 32-bit value at outSlot(i). */
    readSlot: (i) => new DataView(current.exports.memory.buffer).getUint32(current.scratch + 4 * i, true),
  });
  libraries.push(lib);
  return lib;
}

/** The libraries whose module is loaded (tests and benchmarks look at their memory). */
export function loadedLibraries() {
  return libraries.filter((lib) => { try { return !!lib.wasm(); } catch { return false; } });
}
