// Progress on standard error: incidents done, incidents/s, how far through
// the input (by bytes, when the input is regular files) with an ETA, and
// errors so far. On a terminal one line redrawn five times a second; else
// (with --progress) a line every two seconds.

const nf = new Intl.NumberFormat('en-US');

function duration(seconds) {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  /** `total`: a promise of the input's bytes, or of null when unknown. */
  constructor(stream, { tty, total, verb = 'judged' }) {
    this.stream = stream;
    this.tty = tty;
    this.verb = verb;
    this.done = 0;
    this.errors = 0;
    this.bytes = 0;
    this.total = null;
    this.shown = false;
    this.started = performance.now();
    this.note = '';
    total.then((t) => {
      this.total = t;
    }, () => {});
    this.timer = setInterval(() => this.render(), tty ? 200 : 2000);
    this.timer.unref();
  }

  update(done, errors, bytes) {
    this.done = done;
    this.errors = errors;
    this.bytes = bytes;
  }

  line() {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const parts = [`${nf.format(this.done)} incidents ${this.verb}`, `${nf.format(Math.round(rate))}/s`];
    if (this.total) {
      const share = Math.min(1, this.bytes / this.total);
      const byteRate = seconds > 0 ? this.bytes / seconds : 0;
      parts.push(`${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`);
      parts.push(`ETA ${byteRate > 0 ? duration((this.total - this.bytes) / byteRate) : '?'}`);
    }
    parts.push(`${nf.format(this.errors)} error${this.errors === 1 ? '' : 's'}`);
    return `conduct-engine: ${parts.join(' · ')}${this.note}`;
  }

  render() {
    if (this.tty) {
      this.stream.write(`\r${this.line()}\x1b[K`);
      this.shown = true;
    } else {
      this.stream.write(`${this.line()}\n`);
    }
  }

  /** Takes the line off the terminal (before other output there). */
  clear() {
    if (this.tty && this.shown) {
      this.stream.write('\r\x1b[K');
      this.shown = false;
    }
  }

  stop() {
    clearInterval(this.timer);
    this.clear();
  }
}
