/**
 * Structured, log-safe events. Callers pass only ids, counts, names and timings — never request
 * bodies, message text, keys or upstream payloads — so a log line can be shipped anywhere.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

export interface JsonLoggerOptions {
  write?: (line: string) => void;
  minimumLevel?: LogLevel;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line (event names are noun-verb: `request-end`, `runner-fail`). */
export function createJsonLogger({ write = (line) => console.log(line), minimumLevel = 'info' }: JsonLoggerOptions = {}): Logger {
  return {
    log(level, event, fields = {}) {
      if (LEVEL_ORDER[level] < LEVEL_ORDER[minimumLevel]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
    },
  };
}

export const silentLogger: Logger = { log() {} };
