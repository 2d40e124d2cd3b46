// Argument checks shared by the API modules: each throws a TypeError (wrong
// type) or a RangeError (out of range) naming the argument, as the C library
// would refuse the value with INVALID_ARGUMENT, but with a useful message.

/** How a message names what was given instead: null, an array, or its typeof. */
export const kind = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** A limit as people write it in a message: 1e6 rather than 1000000. */
export const limit = (x) => (Math.abs(x) >= 1e6 && x !== 0xFFFFFFFF ? x.toExponential().replace('e+', 'e') : String(x));

/** value, an integer from min to max. */
export function integerIn(value, name, min, max) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** value, a number from min to max. */
export function numberIn(value, name, min, max) {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!(value >= min && value <= max)) throw new RangeError(`${name} must be from ${limit(min)} to ${limit(max)}, got ${value}`);
  return value;
}

/** value, a boolean. */
export function booleanIn(value, name) {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}

/** value, one of choices (compared with ===). */
export function choiceIn(value, name, choices) {
  if (typeof choices[0] === 'number' && typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!choices.includes(value)) {
    const list = choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c)));
    throw new RangeError(`${name} must be ${list.slice(0, -1).join(', ')} or ${list.at(-1)}, got ${String(value)}`);
  }
  return value;
}

/** The options given to a call, as a fresh object: undefined means {}; anything but a plain object is a TypeError; keys
 * must be known; a key set to undefined is left out, so its default applies as when it is not written. */
export function optionsObject(options, known, name = 'options') {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${name} must be an object, got ${kind(options)}`);
  }
  const given = {};
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new TypeError(`${name}.${key} is not an option; known: ${known.join(', ')}`);
    if (value !== undefined) given[key] = value; // { k: undefined } is the default, as when k is left out
  }
  return given;
}

/** UTF-8 length of s (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder writes them). */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xFC00) === 0xDC00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** s, a string of at most max bytes of UTF-8 (the length is counted only when it could be over). */
export function stringWithin(s, name, max) {
  if (s.length > max / 3 && utf8Length(s) > max) throw new RangeError(`${name} must be at most ${max} bytes of UTF-8, got ${utf8Length(s)}`);
  return s;
}

// SharedArrayBuffer is not defined on pages that are not cross-origin isolated
const isBuffer = (value) => value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);

/** Whether value is bytes: an ArrayBuffer or SharedArrayBuffer, or a view of one. */
export function isBytes(value) {
  return isBuffer(value) || ArrayBuffer.isView(value);
}

/** The bytes of a buffer or view as a Uint8Array (no copy); a detached buffer is a TypeError naming `name`. */
export function asUint8(value, name) {
  try {
    return isBuffer(value) ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } catch (error) { // the one way a buffer or view cannot be read: its buffer was transferred (to a worker, say)
    throw new TypeError(`${name} is a detached ArrayBuffer (it was transferred): its bytes are no longer readable`, { cause: error });
  }
}
