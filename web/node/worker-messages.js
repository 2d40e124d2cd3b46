// Errors across worker_threads: a structured clone keeps only an Error's
// message, so workers send {name, code, status, message, details} and the
// main thread rebuilds the error as the class it was thrown as.
import { PaletteSentimentError } from '../errors.js';

/** An error sent back by a worker, as the class it was thrown as. */
export function reviveError(e) {
  if (e.name === 'PaletteSentimentError') return Object.assign(new PaletteSentimentError(e.code, e.message, e.status), e.details ?? {});
  const Type = { TypeError, RangeError }[e.name] ?? Error;
  return Object.assign(new Type(e.message), e.code === undefined ? {} : { code: e.code }, e.details ?? {});
}

/** What a worker sends back for a thrown error (structured clone keeps only Error's message). */
export function errorMessage(error) {
  const { name, code, status, message, ...details } = { ...error, name: error?.name, message: String(error?.message ?? error) };
  return { name, code, status, message, details };
}

