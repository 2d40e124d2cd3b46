// Argument checks of the Naive Bayes API (texts, labels, metadata), shared by
// the trainer and the model; a TypeError or RangeError names the argument.
import { C } from './c-constants.js';
import { stringWithin } from './validate.js';

/** Frees the C handles of a trainer or model the caller forgot to dispose of. */
export const finalizer = new FinalizationRegistry(({ free, handles }) => {
  try { free(handles); } catch { /* the module is gone: nothing to free */ }
});

/** Checks one metadata entry; names say which argument it came from. */
export function metadataEntry(key, value, keyName, valueName) {
  if (typeof key !== 'string' || key === '') throw new TypeError(`${keyName} must be a non-empty string`);
  if (typeof value !== 'string') throw new TypeError(`${valueName} must be a string, got ${typeof value}`);
  stringWithin(key, keyName, C.NB_MAX_META_KEY);
  stringWithin(value, valueName, C.NB_MAX_META_VALUE);
}

/** The [key, value] entries of a metadata object, checked. */
export function metadataEntries(metadata) {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new TypeError('metadata must be an object of string values');
  }
  const entries = Object.entries(metadata);
  for (const [key, value] of entries) {
    if (key === '') throw new RangeError('metadata keys must not be empty');
    metadataEntry(key, value, 'metadata keys', `metadata.${key.slice(0, 40)}`);
  }
  return entries;
}

export function textArgument(text, name) {
  if (typeof text !== 'string') throw new TypeError(`${name} must be a string, got ${text === null ? 'null' : typeof text}`);
  return text;
}

/** {text, label} of a record named `name` (records[i]), checked as textArgument and labelArgument check them. */
export function recordArgument(record, name) {
  if (!record || typeof record !== 'object') throw new TypeError(`${name} must be {text, label}`);
  return { text: textArgument(record.text, `${name}.text`), label: labelArgument(record.label, `${name}.label`) };
}

export function labelArgument(label, name) {
  if (typeof label === 'number' && Number.isFinite(label)) return String(label);
  if (typeof label !== 'string') {
    const got = typeof label === 'number' ? String(label) : label === null ? 'null' : typeof label; // NaN, Infinity
    throw new TypeError(`${name} must be a string or a finite number, got ${got}`);
  }
  if (label === '') throw new RangeError(`${name} must not be empty`);
  return stringWithin(label, name, C.NB_MAX_LABEL);
}
