// Option tables: one row per option of a C options handle, whose range and
// default are the C library's own PS_<PREFIX>_<NAME>_{MIN,MAX,DEFAULT}
// constants (web/c-constants.js), whose setter and getter are
// ps_<handle>_set_<name> and ps_<handle>_<name>. A new option is a C setter and
// getter, one row here, and its docs.
import { C, SPACES } from './c-constants.js';

/** Model kinds by name (PS_NB_KIND_*). */
export const KINDS = Object.freeze({ nb: C.NB_KIND_NB, nblr: C.NB_KIND_NBLR, complement: C.NB_KIND_COMPLEMENT });
const NAMED = { space: SPACES, kind: KINDS }; // choices given by name, passed to C as numbers
import { booleanIn, choiceIn, integerIn, numberIn } from './validate.js';

const UINT32_MAX = 0xFFFFFFFF;

/**
 * Completes rows {key, c, type, prefix?, choices?, min?, max?, default?}: min, max and default come from
 * C.<prefix>_<c>_MIN/_MAX/_DEFAULT unless given (integers without limits in C take any uint32); name is
 * `options.<key>` for messages, and named types get their names as choices (made once here, not per call:
 * the options of every call are checked, often by code not yet optimised).
 * type: 'integer' | 'number' | 'boolean' | 'choice' | 'space' | 'kind'.
 */
export function optionTable(prefix, rows) {
  return Object.freeze(Object.fromEntries(rows.map((row) => {
    const p = row.prefix ?? prefix;
    const at = (suffix) => C[`${p}_${row.c}_${suffix}`];
    const spec = { ...row, name: `options.${row.key}`, min: row.min ?? at('MIN') ?? 0, max: row.max ?? at('MAX') ?? UINT32_MAX };
    if (NAMED[row.type]) spec.choices = Object.freeze(Object.keys(NAMED[row.type]));
    const value = row.default ?? at('DEFAULT');
    if (value === undefined) throw new Error(`no default for option ${row.key} (PS_${p}_${row.c}_DEFAULT)`);
    spec.default = row.type === 'boolean' ? !!value : NAMED[row.type] ? nameOf(row.type, value) : value;
    return [row.key, Object.freeze(spec)];
  })));
}

/** The defaults of a table, as a frozen options object. */
export function defaultsOf(table) {
  return Object.freeze(Object.fromEntries(Object.values(table).map((spec) => [spec.key, spec.default])));
}

/** Throws TypeError / RangeError naming options.<key> unless value is valid for spec. */
export function checkOption(spec, value) {
  switch (spec.type) {
    case 'integer': return integerIn(value, spec.name, spec.min, spec.max);
    case 'number': return numberIn(value, spec.name, spec.min, spec.max);
    case 'boolean': return booleanIn(value, spec.name);
    case 'choice':
    case 'space':
    case 'kind': return choiceIn(value, spec.name, spec.choices);
    default: throw new Error(`unknown option type ${spec.type}`);
  }
}

const nameOf = (type, value) => Object.keys(NAMED[type]).find((name) => NAMED[type][name] === value);

/** The C value of a checked option: booleans as 0/1, spaces and kinds as their C numbers. */
export function toC(spec, value) {
  if (spec.type === 'boolean') return value ? 1 : 0;
  if (NAMED[spec.type]) return NAMED[spec.type][value];
  return value;
}

/** The JS value of what a C getter returned. */
export function fromC(spec, value) {
  if (spec.type === 'boolean') return !!value;
  if (NAMED[spec.type]) return nameOf(spec.type, value);
  return spec.type === 'number' ? value : value >>> 0;
}

/** The C name of an option's setter or getter: ps_<handle>_set_<c> / ps_<handle>_<c>, lower-case. */
export const setterOf = (handle, spec) => `ps_${handle}_set_${spec.c.toLowerCase()}`;
export const getterOf = (handle, spec) => `ps_${handle}_${spec.c.toLowerCase()}`;
