import { describe, expect, it } from 'vitest';

import { createProgressReporter, formatBytes, formatDuration, formatProgressLine, type PullProgress } from './progress-bar.ts';

const halfway: PullProgress = {
  file: 'onnx/model_q4.onnx',
  fileIndex: 2,
  fileCount: 5,
  doneBytes: 230_000_000,
  totalBytes: 460_000_000,
  bytesPerSecond: 12_400_000,
  phase: 'download',
};

describe('progress bar', () => {
  it('shows bytes, speed and ETA', () => {
    expect(formatProgressLine(halfway, 10)).toBe('[#####-----]  50% 230.0 MB / 460.0 MB  12.4 MB/s  ETA 0:19  onnx/model_q4.onnx (3/5)');
    expect(formatProgressLine({ ...halfway, totalBytes: undefined, bytesPerSecond: 0 }, 4)).toBe('[----]  ?% 230.0 MB  0 B/s  ETA --:--  onnx/model_q4.onnx (3/5)');
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(2_100_000_000)).toBe('2.1 GB');
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3_725)).toBe('1:02:05');
    expect(formatDuration(Infinity)).toBe('--:--');
  });

  it('redraws one line on a terminal and prints throttled lines elsewhere', () => {
    let time = 0;
    const terminal: string[] = [];
    const bar = createProgressReporter({ write: (text) => terminal.push(text), interactive: true, now: () => time });
    bar.onProgress(halfway);
    time += 50;
    bar.onProgress(halfway);
    time += 100;
    bar.onProgress(halfway);
    bar.finish();
    expect(terminal).toHaveLength(3);
    expect(terminal[0]).toMatch(/^\r\[/);
    expect(terminal.at(-1)).toBe('\n');

    const log: string[] = [];
    const lines = createProgressReporter({ write: (text) => log.push(text), interactive: false, lineIntervalMs: 1000, now: () => time });
    lines.onProgress(halfway);
    time += 500;
    lines.onProgress(halfway);
    lines.onProgress({ ...halfway, phase: 'skip', file: 'config.json' });
    time += 1000;
    lines.onProgress(halfway);
    expect(log).toEqual([`${formatProgressLine(halfway)}\n`, 'config.json: already present and verified\n', `${formatProgressLine(halfway)}\n`]);
  });
});
