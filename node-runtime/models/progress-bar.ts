/**
 * Download progress for `models pull`: a one-line bar redrawn in place on a terminal, periodic
 * plain lines otherwise (CI logs, pipes), both with bytes, speed and ETA.
 */

export interface PullProgress {
  /** The file being worked on. */
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of all files done so far, including skipped files and resumed parts. */
  doneBytes: number;
  /** Bytes of all files, when known. */
  totalBytes: number | undefined;
  /** Recent transfer speed. */
  bytesPerSecond: number;
  phase: 'download' | 'resume' | 'verify' | 'skip' | 'file-done';
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** One status line, e.g. `[#######-------] 48% 221.3 MB / 460.0 MB  12.4 MB/s  ETA 0:19  onnx/model.onnx (3/5)`. */
export function formatProgressLine(progress: PullProgress, barWidth = 24): string {
  const { totalBytes, doneBytes, bytesPerSecond } = progress;
  const fraction = totalBytes ? Math.min(1, doneBytes / totalBytes) : undefined;
  const filled = fraction === undefined ? 0 : Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const percent = fraction === undefined ? ' ?%' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const amount = totalBytes ? `${formatBytes(doneBytes)} / ${formatBytes(totalBytes)}` : formatBytes(doneBytes);
  const eta = totalBytes && bytesPerSecond > 0 ? formatDuration((totalBytes - doneBytes) / bytesPerSecond) : '--:--';
  return `${bar} ${percent} ${amount}  ${formatBytes(bytesPerSecond)}/s  ETA ${eta}  ${progress.file} (${progress.fileIndex + 1}/${progress.fileCount})`;
}

export interface ProgressReporterOptions {
  write: (text: string) => void;
  /** Redraw one line in place (a terminal) instead of printing lines. */
  interactive: boolean;
  /** Least time between two plain lines, ms. Default 5000. */
  lineIntervalMs?: number;
  now?: () => number;
}

/**
 * Returns the onProgress callback for pullModel and a `finish()` that ends the bar's line.
 *
 * @example
 *   const reporter = createProgressReporter({ write: (text) => process.stderr.write(text), interactive: process.stderr.isTTY === true });
 *   await pullModel({ ..., onProgress: reporter.onProgress });
 *   reporter.finish();
 */
export function createProgressReporter({ write, interactive, lineIntervalMs = 5000, now = Date.now }: ProgressReporterOptions) {
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    onProgress(progress: PullProgress): void {
      const time = now();
      const milestone = progress.phase !== 'download';
      if (interactive) {
        if (!milestone && time - lastDraw < 100) return;
        write(`\r${formatProgressLine(progress)}\u001b[K`);
        drawn = true;
      } else {
        if (!milestone && time - lastDraw < lineIntervalMs) return;
        if (progress.phase === 'skip') write(`${progress.file}: already present and verified\n`);
        else if (progress.phase === 'resume') write(`${progress.file}: resuming a partial download\n`);
        else if (progress.phase === 'verify') return;
        else write(`${formatProgressLine(progress)}\n`);
      }
      lastDraw = time;
    },
    finish(): void {
      if (interactive && drawn) write('\n');
    },
  };
}
