// The review checker's models: each model URL is fetched and loaded once and
// shared by every element on the page. Failures become a PaletteSentimentError with
// a stable code and a sentence a visitor can read (for a bad file, the C
// library's message, the same words the CLI prints).
import { init } from '../wasm.js';
import { PaletteSentimentError } from '../errors.js';
import { fetchOk } from '../fetch.js';
import { NaiveBayes } from '../naive-bayes.js';
import { parseJsonObject } from '../model-metadata.js';

const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** absolute URL → Promise of an entry: {url, model, info, names, bytes, tops} (see fetchModel). */
const models = new Map();

/**
 * Fetches and loads the model at url: {url, model, info: model.info(), names:
 * the display names of its "labels" metadata, bytes: file size, tops: cache of topTokensOf}.
 */
async function fetchModel(url) {
  try {
    await init();
  } catch (error) {
    throw new PaletteSentimentError('WASM_LOAD', `the WebAssembly module could not be loaded (${(error.cause ?? error).message})`);
  }
  const response = await fetchOk(url, { credentials: 'same-origin' });
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_MODEL_BYTES) throw new PaletteSentimentError('TOO_LARGE', 'the file is too large to be a model');
  const bytes = new Uint8Array(await response.arrayBuffer());
  const model = NaiveBayes.load(bytes); // a bad file throws the C library's error, in the CLI's words
  const info = model.info();
  const names = parseJsonObject(info.metadata.labels) ?? {};
  return { url, model, info, names, bytes: bytes.length, tops: new Map() };
}

/** The entries (promises of models) that loaded: shared for good, and never fetched again. */
const loaded = new WeakSet();

/**
 * The shared model of an absolute URL. A failed load is forgotten so that it
 * can be retried; { retry: true } also drops a load still under way, but not
 * one that loaded (another element's "Try again" may have loaded it meanwhile).
 */
export function modelFor(url, { retry = false } = {}) {
  if (retry && !loaded.has(models.get(url))) models.delete(url);
  let entry = models.get(url);
  if (!entry) {
    entry = fetchModel(url);
    models.set(url, entry);
    entry.then(() => loaded.add(entry), () => { if (models.get(url) === entry) models.delete(url); });
  }
  return entry;
}

/** The n strongest tokens of a label, computed once per entry. */
export function topTokensOf(entry, label, n) {
  const key = `${label}\n${n}`;
  if (!entry.tops.has(key)) entry.tops.set(key, entry.model.topTokens(label, n));
  return entry.tops.get(key);
}
