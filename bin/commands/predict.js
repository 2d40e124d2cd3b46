// `palette-sentiment predict`: classify text lines with a Naive Bayes model, streamed.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { integerFlag, parse } from '../lib/args.js';
import { CliError, fsReason, usageError } from '../lib/errors.js';
import { inputName, oneLine } from '../lib/format.js';
import { textLines } from '../lib/lines.js';
import { withModel } from '../lib/model-file.js';

export const summary = 'classify one text per line with a trained model';

const DEFAULT_EXPLAIN = 10;

export const usage = `Usage: palette-sentiment predict <model.nbm> [file|-] [--json] [--explain [N]]

Classifies each line of the file (standard input when no file or '-' is given)
and prints one line per input line, in order:

  label<TAB>probability            probability of the label, 4 decimals

Input is read line by line (LF or CRLF, UTF-8), so files of any length stream
through; on a terminal each typed line is answered at once (Ctrl-D ends).
Every input line gives exactly one output line, so output and input pair up
line by line: an empty line, or one with no token the model knows, gives the
class priors, each class's share of the training documents (evidence 0), for
every kind of model, calibrated or not.

Options:
      --json        one JSON object per line instead:
                    {"label","probability","probabilities":{label:p},"evidence",
                     "explanation":[{"token","weight","label"}]}  (explanation
                    with --explain only); evidence = known tokens used, 0 = none
      --explain [N] also give the N tokens that moved the decision most
                    (default ${DEFAULT_EXPLAIN}, at most 1000); plain output gets a third
                    column 'token:+weight,...': + pushes toward the predicted
                    label, - toward another one (weight = log-likelihood margin)
                    Write --explain=N when a file name that is a number follows.
  -h, --help        show this help

Exit status: 0 success, 1 the model or the input could not be read, 2 usage error.

Examples:
  palette-sentiment predict models/imdb-sentiment.nbm reviews.txt
  echo "A wonderful, moving film." | palette-sentiment predict models/imdb-sentiment.nbm --explain 5
  palette-sentiment predict model.nbm --json - < texts.txt > predictions.jsonl
`;

const OPTIONS = {
  json: { type: 'boolean' },
  explain: { type: 'string' },
};

/** `--explain` takes an optional value: give it one explicitly before parseArgs sees it. */
function normaliseExplain(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    if (arg === '--explain') {
      if (i + 1 < argv.length && /^\d+$/.test(argv[i + 1])) out.push(`--explain=${argv[++i]}`);
      else out.push(`--explain=${DEFAULT_EXPLAIN}`);
      continue;
    }
    out.push(arg);
  }
  return out;
}

function parseCommandLine(argv) {
  const { values, positionals } = parse(normaliseExplain(argv), OPTIONS);
  if (positionals.length === 0) throw usageError('no model given');
  if (positionals.length > 2) throw usageError(`one input file at most, got ${positionals.length - 1}: ${positionals.slice(1).join(' ')}`);
  if (positionals[0] === '-') throw usageError('the model must be a file, not standard input');
  return {
    model: positionals[0],
    input: positionals[1] ?? '-',
    json: Boolean(values.json),
    explain: values.explain === undefined ? 0 : integerFlag(values.explain, '--explain', 0, 1000),
    explainRequested: values.explain !== undefined,
  };
}

async function openInput(input, stdin, stderr) {
  if (input === '-') {
    if (stdin.isTTY) stderr.write('palette-sentiment predict: reading lines from the terminal; end with Ctrl-D\n');
    return stdin;
  }
  try {
    if ((await stat(input)).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  } catch (error) {
    throw new CliError(`${inputName(input)}: ${fsReason(error)}`);
  }
  const stream = createReadStream(input);
  try {
    await once(stream, 'open'); // rejects with the open error (unreadable, or removed since the check above)
  } catch (error) {
    throw new CliError(`${inputName(input)}: ${fsReason(error)}`);
  }
  return stream;
}

const signed = (x) => (x >= 0 ? `+${x.toFixed(3)}` : x.toFixed(3));

function formatLine(prediction, { json, explainRequested }) {
  const probability = prediction.probabilities[prediction.label];
  if (json) {
    const out = {
      label: prediction.label,
      probability,
      probabilities: prediction.probabilities,
      evidence: prediction.evidence,
    };
    if (explainRequested) out.explanation = prediction.explanation;
    return `${JSON.stringify(out)}\n`;
  }
  let line = `${oneLine(prediction.label)}\t${probability.toFixed(4)}`;
  if (explainRequested) {
    line += `\t${prediction.explanation.map((e) => `${oneLine(e.token)}:${signed(e.label === prediction.label ? e.weight : -e.weight)}`).join(',')}`;
  }
  return `${line}\n`;
}

export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv);
  return withModel(parsed.model, async (model) => {
    const input = await openInput(parsed.input, ctx.stdin, ctx.stderr);
    const batch = input.isTTY ? 1 : 256; // answer each typed line at once
    let pending = [];
    const flush = async () => {
      if (!pending.length) return;
      const text = pending.join('');
      pending = [];
      if (!ctx.stdout.write(text)) await once(ctx.stdout, 'drain');
    };
    try {
      for await (const line of textLines(input)) {
        pending.push(formatLine(model.predict(line, { explain: parsed.explain }), parsed));
        if (pending.length >= batch) await flush();
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (typeof error?.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
        throw new CliError(`${inputName(parsed.input)}: ${fsReason(error)}`);
      }
      throw error;
    }
    await flush();
    return 0;
  });
}
