// A progress bar for the commands that stream a data file (train, eval).
import { formatBytes } from './format.js';
import { fmtInt } from '../../web/format.js';

/**
 * A one-line progress bar on a terminal stream (bytes read / total, documents, elapsed),
 * redrawn at most 10 times a second; does nothing when the stream is not a terminal.
 */
export class Progress {
  #stream;
  #total;
  #bytes = 0;
  #docs = 0;
  #start = performance.now();
  #last = 0;
  #drawn = false;
  #label;

  constructor(stream, { total = null, label = '' } = {}) {
    this.#stream = stream?.isTTY ? stream : null;
    this.#total = total;
    this.#label = label;
  }

  bytes(n) {
    this.#bytes += n;
    this.#draw();
  }

  documents(n) {
    this.#docs = n;
    this.#draw();
  }

  #draw(force = false) {
    if (!this.#stream) return;
    const now = performance.now();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    const elapsed = `${((now - this.#start) / 1000).toFixed(1)} s`;
    const docs = `${fmtInt(this.#docs)} docs`;
    let bar = '';
    if (this.#total && this.#bytes <= this.#total) {
      const share = this.#bytes / this.#total;
      const width = 24;
      const full = Math.round(share * width);
      bar = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%  ${formatBytes(this.#bytes)} / ${formatBytes(this.#total)}`;
    } else {
      bar = formatBytes(this.#bytes);
    }
    this.#stream.write(`\r\x1b[K${this.#label}${bar}  ${docs}  ${elapsed}`);
    this.#drawn = true;
  }

  /** Erases the bar. */
  done() {
    if (this.#stream && this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}
