/**
 * Rewrites model output text on its way to the caller (e.g. PII unmasking). Stream-aware: text
 * arrives in pieces, and a filter may hold back a partial token until the next piece or the end.
 */
export interface TextFilter {
  push(text: string): string;
  /** The held-back remainder, once the text is complete. */
  end(): string;
}

export interface OutputFilter {
  name: string;
  /** One filter per choice. */
  open(): TextFilter;
}
