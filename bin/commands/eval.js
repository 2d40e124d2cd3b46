// `palette-sentiment eval`: accuracy, per-class precision/recall/F1 and the
// confusion matrix of a model on a labelled TSV/CSV file, streamed.
import { columnFlags, DEFAULT_COLUMNS, parse } from '../lib/args.js';
import { expectedBytes, readRecords, refuseTerminal } from '../lib/records.js';
import { CalibrationCounter, classificationReport, confusionTable, ConfusionCounter, metricsJson } from '../lib/metrics.js';
import { CliError, dataFailure, usageError } from '../lib/errors.js';
import { inputName } from '../lib/format.js';
import { withModel } from '../lib/model-file.js';
import { Progress } from '../lib/progress.js';

export const summary = 'measure a model on labelled data: accuracy, calibration error, precision/recall/F1, confusion matrix';

export const usage = `Usage: palette-sentiment eval <model.nbm> <data> [--text COL] [--label COL] [--json]

Classifies every row of <data> (TSV or CSV with a header row, optionally gzip;
'-' reads standard input) and compares with its label. Prints a report laid
out like scikit-learn's classification_report (per class precision, recall,
F1 and support, then accuracy, macro avg and weighted avg), the expected
calibration error beside the accuracy (ECE: 10 equal bins of the predicted
class's probability from 0.5 to 1, the first also taking those under 0.5 that
three classes or more allow; 0 means the probabilities are the observed
frequencies), then the confusion matrix (rows: true label, columns: predicted
label).

Labels in the data that the model does not know are reported as extra classes:
every such row counts as an error (recall 0; the model never predicts them, so
precision 0). A class the model never predicts has precision 0 (as
scikit-learn with zero_division=0).

Options:
      --text COL    the column holding the text (default '${DEFAULT_COLUMNS.text}')
      --label COL   the column holding the true label (default '${DEFAULT_COLUMNS.label}')
      --json        print {"n","accuracy","ece","classes":{label:{"precision","recall",
                    "f1","support"}},"confusion":{"labels","matrix"},"reliability"}
                    instead; matrix[i][j] = rows of labels[i] predicted as labels[j];
                    reliability: [mean predicted, observed accuracy, count] per bin
                    ([null, null, 0] for a bin no prediction fell in)
  -h, --help        show this help

Exit status: 0 success, 1 the model or the data could not be read, 2 usage error.

Example:
  palette-sentiment eval models/imdb-sentiment.nbm test.tsv.gz
`;

const OPTIONS = {
  text: { type: 'string' },
  label: { type: 'string' },
  json: { type: 'boolean' },
};

function parseCommandLine(argv) {
  const { values, positionals } = parse(argv, OPTIONS);
  if (positionals.length < 2) throw usageError(positionals.length ? 'no data file given' : 'no model and data file given');
  if (positionals.length > 2) throw usageError(`one data file only, got ${positionals.length - 1}: ${positionals.slice(1).join(' ')}`);
  if (positionals[0] === '-') throw usageError('the model must be a file, not standard input');
  const columns = columnFlags(values);
  return {
    model: positionals[0],
    data: positionals[1],
    columns,
    json: Boolean(values.json),
  };
}

export async function run(argv, ctx) {
  const parsed = parseCommandLine(argv);
  refuseTerminal(parsed.data, ctx.stdin);
  const progress = new Progress(ctx.stderr, { total: expectedBytes(parsed.data) });
  return withModel(parsed.model, async (model) => {
    const counter = new ConfusionCounter(model.labels);
    const calibration = new CalibrationCounter();
    try {
      for await (const batch of readRecords(parsed.data, { ...parsed.columns, batchSize: 1000, onBytes: (n) => progress.bytes(n) })) {
        for (const { text, label } of batch) {
          const prediction = model.predict(text, { explain: 0 });
          counter.add(label, prediction.label);
          calibration.add(prediction.probabilities[prediction.label], prediction.label === label);
        }
        progress.documents(counter.n);
      }
    } catch (error) {
      throw dataFailure(parsed.data, error);
    } finally {
      progress.done();
    }
    if (counter.n === 0) throw new CliError(`${inputName(parsed.data)}: no data rows after the header`);
    const metrics = counter.report();
    const { ece, bins } = calibration.report();
    if (parsed.json) {
      const { n, accuracy, ...rest } = metricsJson(metrics);
      ctx.stdout.write(`${JSON.stringify({ n, accuracy, ece, ...rest, reliability: bins })}\n`);
    } else {
      const eceLine = `${'ece'.padStart(12)}  ${''.padStart(19)} ${ece.toFixed(4).padStart(9)}`; // under the accuracy
      const report = classificationReport(metrics).replace(/^( *accuracy +[\d.]+ +\d+)$/m, `$1\n${eceLine}`);
      ctx.stdout.write(`${report}\nconfusion matrix (rows: true label, columns: predicted label)\n${confusionTable(metrics.confusion)}`);
    }
    return 0;
  });
}
