/**
 * Reversible masking for one request: each distinct value becomes a placeholder such as
 * `[EMAIL_1]` (numbered per type, the same value always gets the same placeholder), the model
 * sees only placeholders, and the answer can be unmasked for the caller. A vault lives as long as
 * its request and is never stored or logged.
 */
import { detectPii } from './detect.ts';
import type { DetectPiiOptions, PiiSpan, PiiType } from './types.ts';
import { createUnmaskFilter, type OutputFilter } from './unmask-filter.ts';

/** `[EMAIL_12]`: the brackets keep placeholders from merging with the words around them. */
const PLACEHOLDER = /\[([A-Z]+(?:_[A-Z]+)*)_(\d{1,6})\]/g;
/** The longest placeholder that can still be completing at the end of a chunk. */
const MAX_PLACEHOLDER_LENGTH = 32;

export interface MaskResult {
  masked: string;
  /** What was found in the original text (offsets into the original). */
  spans: PiiSpan[];
}

/** Same value, same placeholder: case does not matter for e-mail, separators do not for numbers. */
function valueKey(type: PiiType, value: string): string {
  switch (type) {
    case 'EMAIL':
      return `${type}:${value.toLowerCase()}`;
    case 'PHONE':
    case 'CREDIT_CARD':
    case 'SSN':
    case 'IBAN':
      return `${type}:${value.replace(/[^0-9A-Za-z+]/g, '').toUpperCase()}`;
    default:
      return `${type}:${value}`;
  }
}

export class PiiVault {
  private readonly byKey = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<PiiType, number>();
  private readonly detectOptions: DetectPiiOptions;

  /** @param detectOptions passed to `detectPii` by `mask` (types, minimum score, phone regions) */
  constructor(detectOptions: DetectPiiOptions = {}) {
    this.detectOptions = detectOptions;
  }

  /** How many distinct values the vault holds. */
  get size(): number {
    return this.byPlaceholder.size;
  }

  /** Replaces every finding in `text` with its placeholder. */
  mask(text: string): string {
    return this.maskDetailed(text).masked;
  }

  /** Like `mask`, and also returns what was found. */
  maskDetailed(text: string): MaskResult {
    const spans = detectPii(text, this.detectOptions);
    return { masked: this.maskSpans(text, spans), spans };
  }

  /** Replaces the given spans (sorted, non-overlapping, as `detectPii` returns them). */
  maskSpans(text: string, spans: readonly PiiSpan[]): string {
    if (spans.length === 0) return text;
    const literal = new Set(text.includes('[') ? text.match(PLACEHOLDER) : null);
    let masked = '';
    let cursor = 0;
    for (const span of spans) {
      masked += text.slice(cursor, span.start) + this.placeholderFor(span.type, text.slice(span.start, span.end), literal);
      cursor = span.end;
    }
    return masked + text.slice(cursor);
  }

  /** Puts the original values back; placeholders this vault did not issue are left as they are. */
  unmask(text: string): string {
    if (this.byPlaceholder.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.byPlaceholder.get(placeholder) ?? placeholder);
  }

  /** An output filter that unmasks answers, stream-aware (see unmask-filter.ts). */
  outputFilter(): OutputFilter {
    return createUnmaskFilter(this);
  }

  /** True when `suffix` (which starts with `[`) could still grow into one of this vault's placeholders. */
  couldComplete(suffix: string): boolean {
    if (suffix.length >= MAX_PLACEHOLDER_LENGTH) return false;
    for (const placeholder of this.byPlaceholder.keys()) if (placeholder.startsWith(suffix)) return true;
    return false;
  }

  private placeholderFor(type: PiiType, value: string, literal: ReadonlySet<string>): string {
    const key = valueKey(type, value);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let counter = this.counters.get(type) ?? 0;
    let placeholder: string;
    // A placeholder the caller already wrote literally would unmask their own text: skip it.
    do {
      counter += 1;
      placeholder = `[${type}_${counter}]`;
    } while (literal.has(placeholder));
    this.counters.set(type, counter);
    this.byKey.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }
}
