// Fetching what a page points us at (an image, a model): a failed request or an
// HTTP error becomes a PaletteSentimentError with a code a caller can act on
// (NETWORK, HTTP_404…) and the URL as error.url.
import { PaletteSentimentError } from './errors.js';

/** Whether a source is a URL or a string naming one (a path, in Node), not bytes, a Blob or pixels. */
export const isUrl = (source) => typeof source === 'string' || source instanceof URL;

/** A URL as the page (or worker) running us resolves it: against the document's base URL, else the worker's location. */
export const pageUrl = (source) => new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href);

/** fetch(url, options), or throws NETWORK or HTTP_<status>. */
export async function fetchOk(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new PaletteSentimentError('NETWORK', `the request failed (${error.message})`, undefined, { url: String(url), cause: error });
  }
  if (!response.ok) {
    const reason = response.status === 404 ? 'the file was not found (HTTP 404)' : `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new PaletteSentimentError(`HTTP_${response.status}`, reason, undefined, { url: String(url) });
  }
  return response;
}
