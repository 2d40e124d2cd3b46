// Shared argument parsing for the palette-sentiment CLI: a thin layer over
// node:util parseArgs (strict) that turns its errors into short usage errors
// naming the offending flag. Every subcommand uses it.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { helpRequest, usageError } from './errors.js';

// parseArgs quotes the option first in each message, e.g.
// "Unknown option '--foo'. ..." or "Option '-k, --k <value>' argument missing".
function quotedFlag(message) {
  const match = /'([^']+)'/.exec(message);
  return match ? match[1].replace(/ <value>$/, '') : 'an option';
}

/** The first argument before any `--` that starts with '-' and names a file here, as rm's hint looks for one. */
function fileLikeOption(argv) {
  const end = argv.indexOf('--');
  return argv.slice(0, end < 0 ? argv.length : end).find((arg) => arg.length > 1 && arg.startsWith('-') && existsSync(arg));
}

function usageFromParseError(error, spec, argv) {
  const flag = quotedFlag(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const file = fileLikeOption(argv);
      return usageError(`unknown option ${flag}${file ? ` (for the file '${file}', write ./${file} or put it after --)` : ''}`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return usageError(`option ${flag} does not take a value`);
      if (/ambiguous/.test(error.message)) {
        const short = flag.replace(/^-/, '');
        const long = flag.startsWith('--') ? flag : `--${Object.keys(spec).find((name) => spec[name].short === short) ?? short}`;
        return usageError(`option ${flag} needs a value (write ${long}=VALUE for a value that starts with '-')`);
      }
      return usageError(`option ${flag} needs a value`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usageError(`unexpected argument ${flag}`);
    default:
      return usageError(error.message);
  }
}

/**
 * Parses argv against a spec of options.
 * @param {string[]} argv the arguments after the subcommand name
 * @param {Record<string, {type: 'string'|'boolean', short?: string}>} options
 *   flags with values accept `-k 8`, `-k8`, `--k 8` and `--k=8`; booleans take no value.
 *   `-h`/`--help` is always added and throws helpRequest(). A lone `-` is a positional (stdin, by convention);
 *   everything after `--` is positional.
 * @returns {{values: Record<string, string|boolean|undefined>, positionals: string[]}}
 * @throws {CliError} (usage) on an unknown flag, a missing value, or a value given to a boolean.
 */
export function parse(argv, options = {}) {
  const spec = { help: { type: 'boolean', short: 'h' }, ...options };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
    if (values.help) throw helpRequest();
    return { values: { ...values }, positionals };
  } catch (error) {
    if (typeof error?.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')) throw usageFromParseError(error, spec, argv);
    throw error;
  }
}

/**
 * Reads an integer flag value written in decimal; throws a usage error naming the flag
 * unless it is a whole number from min to max.
 */
export function integerFlag(value, flag, min, max) {
  const text = String(value).trim();
  if (!/^[+]?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw usageError(`${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return Number(text);
}

/** The columns read when none are named: those of the IMDB file. */
export const DEFAULT_COLUMNS = Object.freeze({ text: 'review', label: 'sentiment' });

/** The data columns from --text and --label ({text, label}, DEFAULT_COLUMNS where not given); throws a usage error for an empty name. */
export function columnFlags(values) {
  for (const [flag, name] of [['--text', values.text], ['--label', values.label]]) {
    if (name === '') throw usageError(`${flag} must name a column`);
  }
  return { text: values.text ?? DEFAULT_COLUMNS.text, label: values.label ?? DEFAULT_COLUMNS.label };
}

/** Checks that a flag value is one of the allowed choices; throws a usage error naming the flag. */
export function choiceFlag(value, flag, choices) {
  if (!choices.includes(value)) {
    throw usageError(`${flag} must be ${choices.map((c) => `'${c}'`).join(' or ')}, got '${value}'`);
  }
  return value;
}

/** The -o flag of a command that writes a file: required, and a file name (not '-'). */
export function outputFlag(value, example) {
  if (value === undefined) throw usageError(`no output file given (-o ${example})`);
  if (value === '' || value === '-') throw usageError('-o must name a file');
  return value;
}
