#!/usr/bin/env node
// palette-sentiment command line: a dispatcher. Each subcommand lives in
// bin/commands/<name>.js and exports `summary` (one line), `usage` (its --help
// text, printed here) and `run(argv, ctx)` returning an exit code; adding a
// file there adds the subcommand, nothing here changes. A command reports a
// failure by throwing CliError (bin/lib/errors.js), printed here as one line;
// its status is the exit code: 1 a file or input failed, 2 usage error (with a
// "Try ... --help" line). Shared helpers live in bin/lib/.
import { readdirSync, readFileSync } from 'node:fs';
import { CliError, EXIT, fsReason } from './lib/errors.js';
import { oneLine } from './lib/format.js';
import { shutdown } from '../web/node/shutdown.js';

const PROG = 'palette-sentiment';
const COMMANDS_DIR = new URL('./commands/', import.meta.url);

function commandNames() {
  return readdirSync(COMMANDS_DIR)
    .filter((file) => /^[a-z][a-z0-9-]*\.js$/.test(file))
    .map((file) => file.slice(0, -3))
    .sort();
}

async function loadCommand(name) {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return null;
  return import(new URL(`${name}.js`, COMMANDS_DIR));
}

async function mainUsage() {
  const lines = [];
  for (const name of commandNames()) {
    // A command that fails to load still gets listed; running it shows the error.
    const summary = await import(new URL(`${name}.js`, COMMANDS_DIR)).then((m) => m.summary ?? '', () => '(failed to load)');
    lines.push(`  ${name.padEnd(10)} ${summary}`);
  }
  return `Usage: ${PROG} <command> [options] [arguments]

Commands:
${lines.join('\n')}

Options:
  -h, --help     show this help, or a command's help with '${PROG} <command> --help'
  -v, --version  print the version

Exit status: 0 success, 1 a file or input could not be processed, 2 usage error.
`;
}

function version() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.version;
}

function reportUsageError(ctx, message, command) {
  const help = command ? `${PROG} ${command} --help` : `${PROG} --help`;
  ctx.stderr.write(`${PROG}: ${message}\nTry '${help}' for more information.\n`);
  return 2;
}

async function main(argv, ctx) {
  const [first, ...rest] = argv;
  if (first === undefined) {
    ctx.stderr.write(await mainUsage());
    return 2;
  }
  if (first === '-h' || first === '--help') {
    ctx.stdout.write(await mainUsage());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    ctx.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    const command = rest[0] && await loadCommand(rest[0]);
    if (rest[0] && !command) return reportUsageError(ctx, `unknown command '${rest[0]}'`);
    ctx.stdout.write(command ? command.usage : await mainUsage());
    return 0;
  }
  if (first.startsWith('-')) return reportUsageError(ctx, `unknown option ${first} (options go after the command)`);
  const command = await loadCommand(first);
  if (!command) return reportUsageError(ctx, `unknown command '${first}'; commands: ${commandNames().join(', ')}`);
  try {
    return await command.run(rest, ctx);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.status === EXIT.OK) { // -h/--help: see helpRequest
      ctx.stdout.write(command.usage);
      return EXIT.OK;
    }
    // a message may quote a file name, label or model's text: its control characters are escaped, as in output
    if (error.status === EXIT.USAGE) return reportUsageError(ctx, oneLine(error.message), first);
    ctx.stderr.write(`${PROG}: ${oneLine(error.message)}\n`);
    return error.status;
  }
}

// Ctrl-C and kill end the process through shutdown (status 128 + the signal's
// number, as a shell reports it): worker threads stop, then the 'exit' handlers
// remove temporary files.
for (const [signal, number] of [['SIGHUP', 1], ['SIGINT', 2], ['SIGTERM', 15]]) process.on(signal, () => shutdown(128 + number));

// `palette-sentiment palette *.png | head -1` closes our stdout early: stop quietly. Any other failure to
// write it (a full disk) loses the output: say so and fail.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`${PROG}: standard output: ${fsReason(error)}\n`);
  process.exit(EXIT.INPUT);
});

// Once the command is done and its output written, exit at once: left to end
// by itself, Node first waits for V8's background threads to finish optimising
// WebAssembly and JS that will never run again (20-50 ms after a one-image
// palette). Output still buffered (pipes on macOS) is left to drain normally.
function exitWhenWritten(code) {
  process.exitCode = code;
  if (process.stdout.errored) return; // its 'error' event, still to come, ends the process
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

// stdin on first use: setting process.stdin up costs 2-3 ms that most runs do not need
const ctx = { prog: PROG, stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; }, env: process.env };
main(process.argv.slice(2), ctx).then(
  exitWhenWritten,
  (error) => {
    process.stderr.write(`${PROG}: internal error: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
