/** OpenAI's `x-ratelimit-*` response headers, from the tightest subject (key or tenant) of each kind. */
import type { SubjectState, WindowState } from './limiter.ts';

export function rateLimitHeaders(subjects: readonly SubjectState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const requests = tightest(subjects.map((subject) => subject.requests));
  if (requests) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(requests.remaining);
    headers['x-ratelimit-reset-requests'] = formatDuration(requests.resetMs);
  }
  const tokens = tightest(subjects.map((subject) => subject.tokens));
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
    headers['x-ratelimit-reset-tokens'] = formatDuration(tokens.resetMs);
  }
  const budgets = subjects.flatMap((subject) => (subject.budget ? [subject.budget.remainingNanoUsd] : []));
  if (budgets.length > 0) headers['x-switchyard-budget-remaining-usd'] = (Math.min(...budgets) / 1e9).toFixed(6);
  return headers;
}

function tightest(windows: (WindowState | undefined)[]): WindowState | undefined {
  let found: WindowState | undefined;
  for (const window of windows) if (window && (!found || window.remaining < found.remaining)) found = window;
  return found;
}

/** `250ms`, `12.5s`, `1m0s`: the Go-style durations OpenAI's reset headers use. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds));
  if (total < 1000) return `${total}ms`;
  const minutes = Math.floor(total / 60_000);
  const seconds = Number(((total % 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
