// A worker thread takes its Node options from the process, but --input-type
// (`node --input-type=module -e …`) is only for the code given there: a worker
// started with it fails at once with ERR_INPUT_TYPE_NOT_ALLOWED.

/** The process's Node options for a worker thread: all but --input-type. */
export function workerExecArgv(argv = process.execArgv) {
  const kept = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++; // and its value
    else if (!argv[i].startsWith('--input-type=')) kept.push(argv[i]);
  }
  return kept;
}
