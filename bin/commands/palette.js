// `palette-sentiment palette`: the dominant colours of image files.
import path from 'node:path';
import { choiceFlag, integerFlag, parse } from '../lib/args.js';
import { CliError, fsReason, usageError } from '../lib/errors.js';
import { formatBytes, inputName, oneLine } from '../lib/format.js';
import { initWasm } from '../lib/wasm.js';
import { PaletteSentimentError } from '../../web/errors.js';
import { defaultJobs, extractPaletteFiles } from '../../web/palette-pool.js';
import { PALETTE_OPTIONS as SPEC } from '../../web/palette.js';
import { SPACES } from '../../web/c-constants.js';

export const summary = 'print the dominant colours of images (k-means in CIELAB or RGB)';

export const usage = `Usage: palette-sentiment palette <image...> [-k N] [--space lab|rgb] [--seed S] [--json | --css] [--jobs N]

Prints the dominant colours of each image (PNG, JPEG, GIF first frame, BMP),
most frequent first. '-' reads one image from standard input.

Options:
  -k, --k N         number of colours, an integer from ${SPEC.k.min} to ${SPEC.k.max} (default ${SPEC.k.default});
                    an image with fewer distinct colours gives exactly those
      --space S     'lab' (CIELAB, how people see colour difference; default) or 'rgb'
      --seed S      k-means seed, an integer from ${SPEC.seed.min} to ${SPEC.seed.max} (default ${SPEC.seed.default});
                    the same image, options and seed always give the same palette
      --json        one JSON object per file and line:
                    {"file","width","height","colors":[{"hex","rgb","share","count"}],
                     "deltaE","ms","decodeMs"}; ms is the extraction time inside
                    WebAssembly without decoding, decodeMs the decoding time
      --css         CSS custom properties as the web page exports them: per file
                    a comment naming it, then ':root { --palette-1: #rrggbb; ... }'
  -j, --jobs N      images processed at once (this thread and N - 1 worker threads), 1 to 1024
                    (default: the number of cores); the output keeps the order of the
                    arguments and is the same for any N (but for the timing fields)
  -h, --help        show this help

Output without --json or --css:
  on a terminal     per file a header (name, size in pixels and bytes, mean ΔE76),
                    then per colour a colour swatch, the hex and the share in percent;
                    the mean ΔE76 (deltaE in --json) is from each pixel's colour to its
                    palette colour, but over 4096 pixels (in more than k bins) from its
                    32×32×32 histogram bin's mean colour, leaving out the spread in a bin;
                    NO_COLOR=1 (or TERM=dumb) leaves out the swatches' escape codes
  piped             one '#rrggbb share' line per colour, share with 4 decimals
                    (e.g. '#1a2b3c 0.4213'); when more than one image is given, each
                    image's lines follow a '# <file>' line (a line break in the
                    name written as \\n)

A file that cannot be read or decoded prints 'palette-sentiment: <file>: <reason>'
on standard error; the other files are still processed and the exit status is 1.
Exit status: 0 success, 1 a file failed, 2 usage error.

Examples:
  palette-sentiment palette photo.jpg
  palette-sentiment palette -k 8 --space rgb shots/*.png > palettes.txt
  curl -s https://example.com/logo.png | palette-sentiment palette --json -
`;

const OPTIONS = {
  k: { type: 'string', short: 'k' },
  space: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
  css: { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
};

/** Validates the command line; throws a usage error naming the flag. */
function parseCommandLine(argv) {
  const { values, positionals } = parse(argv, OPTIONS);
  const options = {
    k: values.k === undefined ? SPEC.k.default : integerFlag(values.k, '-k', SPEC.k.min, SPEC.k.max),
    space: values.space === undefined ? SPEC.space.default : choiceFlag(values.space, '--space', Object.keys(SPACES)),
    seed: values.seed === undefined ? SPEC.seed.default : integerFlag(values.seed, '--seed', SPEC.seed.min, SPEC.seed.max),
  };
  if (values.json && values.css) throw usageError('--json and --css cannot be used together');
  if (positionals.length === 0) throw usageError('no image given (use - to read one from standard input)');
  if (positionals.filter((file) => file === '-').length > 1) {
    throw usageError("'-' (standard input) can be given only once");
  }
  const format = values.json ? 'json' : values.css ? 'css' : 'text';
  const jobs = values.jobs === undefined ? undefined : integerFlag(values.jobs, '--jobs', 1, 1024);
  return { files: positionals, options, format, jobs };
}

/** Standard input's bytes. */
async function readStdin(stdin) {
  if (stdin.isTTY) throw new CliError('standard input is a terminal; pipe an image into it');
  const chunks = [];
  for await (const chunk of stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const roundMs = (ms) => Math.round(ms * 1000) / 1000;

// The CSS comment must not be closed early by a file name holding '*/'.
const cssComment = (text) => `/* ${text.replaceAll('*/', '*\\/')} */`;

/** Renders one file's palette in the chosen format; returns the text to print. */
function render(format, { file, bytes, result, many, color, exportPalette }) {
  const { colors, width, height, deltaE, timing } = result;
  switch (format) {
    case 'json':
      return `${JSON.stringify({
        file,
        width,
        height,
        colors: colors.map(({ hex, rgb, share, count }) => ({ hex, rgb, share, count })),
        deltaE,
        ms: roundMs(timing.extractMs),
        decodeMs: roundMs(timing.decodeMs),
      })}\n`;
    case 'css': // the page's export, named like its download; our comment keeps the full path
      return `${cssComment(oneLine(inputName(file)))}\n${exportPalette('css', result, { name: path.basename(inputName(file)) })}`;
    case 'tty': {
      const name = oneLine(inputName(file));
      const header = `${name}  ${width}×${height}  ${formatBytes(bytes, 1)}  mean ΔE76 ${deltaE.toFixed(2)}\n`;
      const lines = colors.map(({ hex, rgb, share }) => {
        const swatch = color ? `\x1b[48;2;${rgb[0]};${rgb[1]};${rgb[2]}m   \x1b[0m ` : '';
        return `  ${swatch}${hex}  ${`${(share * 100).toFixed(2)}%`.padStart(7)}\n`;
      });
      return header + lines.join('');
    }
    default: {
      const lines = colors.map(({ hex, share }) => `${hex} ${share.toFixed(4)}\n`).join('');
      return many ? `# ${oneLine(file)}\n${lines}` : lines;
    }
  }
}

/** A file's outcome from extractPaletteFiles: {bytes (its size), result} or {error}, a read failure as a CliError. */
function outcomeOf({ status, value, reason, size }) {
  if (status === 'fulfilled') return { bytes: size, result: value };
  const readFailure = typeof reason?.code === 'string' && /^E[A-Z]+$/.test(reason.code);
  return { error: readFailure ? new CliError(fsReason(reason)) : reason };
}

/**
 * Each file's {bytes, result} or {error}, in argument order, on this thread and
 * jobs - 1 worker threads; each thread reads the files it takes ('-', standard input, is read here first).
 */
async function palettes(files, options, jobs, ctx) {
  let stdinFailure = null;
  let sources = files;
  if (files.includes('-')) {
    try {
      const bytes = await readStdin(ctx.stdin);
      sources = files.map((file) => (file === '-' ? bytes : file));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      stdinFailure = error;
      sources = files.filter((file) => file !== '-');
    }
  }
  const settled = await extractPaletteFiles(sources, options, { jobs: Math.min(jobs, Math.max(1, sources.length)) });
  let next = 0;
  return files.map((file) => (file === '-' && stdinFailure ? { error: stdinFailure } : outcomeOf(settled[next++])));
}

/** Runs the subcommand; returns the exit code (0, 1 when a file failed). */
export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv);
  const { files, options } = parsed;
  const tty = parsed.format === 'text' && Boolean(ctx.stdout.isTTY);
  const format = tty ? 'tty' : parsed.format;
  const noColor = (ctx.env.NO_COLOR ?? '') !== '' || ctx.env.TERM === 'dumb';
  const many = files.length > 1;

  await initWasm();
  // the page's exports, for --css only: one module less to load for the other formats
  const { exportPalette } = format === 'css' ? await import('../../web/exports.js') : {};
  const outcomes = await palettes(files, options, parsed.jobs ?? await defaultJobs(), ctx);

  let failed = false;
  let printed = 0;
  files.forEach((file, i) => {
    const { bytes, result, error } = outcomes[i];
    if (error) {
      // a failure tied to one file is reported, then the next file is printed
      if (!(error instanceof CliError || error instanceof PaletteSentimentError)) throw error;
      ctx.stderr.write(`${ctx.prog}: ${oneLine(inputName(file))}: ${error.message}\n`);
      failed = true;
      return;
    }
    const text = render(format, { file, bytes, result, many, color: !noColor, exportPalette });
    const separate = printed > 0 && (format === 'tty' || format === 'css');
    ctx.stdout.write(separate ? `\n${text}` : text);
    printed++;
  });
  return failed ? 1 : 0;
}
