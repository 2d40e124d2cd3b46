// The lines of a text stream, for predict: they end at LF or CRLF only, so that
// a lone CR (which node:readline takes for a line end) stays inside its line
// and every input line gives one output line.
import { StringDecoder } from 'node:string_decoder';
import { CliError } from './errors.js';
import { fmtInt } from '../../web/format.js';

// The longest line or field the CLI reads: far past any review, and short of V8's string limit (2^29 - 24
// characters), which a few MB of gzip can reach with one field ("Invalid string length" otherwise).
const MAX_TEXT = 2 ** 28;

/** Throws a CliError when text, a `what` (line, field) of the `input`, is longer than the CLI reads. */
export function checkLength(text, what, input) {
  if (text.length > MAX_TEXT) throw new CliError(`a ${what} longer than ${fmtInt(MAX_TEXT)} characters; is this the right ${input}?`);
}

const withoutCr = (line) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/**
 * Yields each line of the UTF-8 stream without its LF or CRLF; a last line without one too, if not empty. A
 * byte-order mark that starts the stream (Windows tools write one) is not part of the first line.
 */
export async function* textLines(stream) {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let atStart = true;
  for await (const chunk of stream) {
    const from = rest.length; // a long line is searched once, not again with every chunk
    rest += decoder.write(chunk);
    if (atStart && rest !== '') {
      atStart = false;
      if (rest.startsWith('\uFEFF')) rest = rest.slice(1);
    }
    let start = 0;
    for (let end = rest.indexOf('\n', from); end !== -1; end = rest.indexOf('\n', start)) {
      yield withoutCr(rest.slice(start, end));
      start = end + 1;
    }
    rest = rest.slice(start);
    checkLength(rest, 'line', 'input');
  }
  rest += decoder.end();
  if (rest !== '') yield withoutCr(rest);
}
