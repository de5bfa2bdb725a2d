/**
 * Audit text is masked by the audit itself, whatever the request's PII policy (`allow` passes
 * values to the model; a blocked or refused request was never masked), then cut to size.
 */
import { detectPii, PiiVault } from '../pii/index.ts';
import type { AuditExcerpt } from './record.ts';

/**
 * Detection looks this far past the cut, so a value that straddles it is found and dropped whole
 * rather than kept in part (longer than the longest value worth catching, a 4096-bit PEM key).
 */
export const MASKING_MARGIN = 4096;

/**
 * The first `maxChars` of `text` with every PII finding replaced by the vault's placeholder. A
 * finding that crosses the cut is left out entirely. Placeholders the text already carries (the
 * sanitize stage's) are kept and never reissued for another value.
 *
 * @example maskedExcerpt('mail jane@example.com', 100, new PiiVault()) // { text: 'mail [EMAIL_1]', truncated: false }
 */
export function maskedExcerpt(text: string, maxChars: number, vault: PiiVault): AuditExcerpt {
  const window = text.length > maxChars + MASKING_MARGIN ? text.slice(0, maxChars + MASKING_MARGIN) : text;
  let end = Math.min(text.length, maxChars);
  const spans = detectPii(window);
  for (const span of spans) if (span.start < end && span.end > end) end = span.start;
  const kept = spans.filter((span) => span.end <= end);
  let masked = vault.maskSpans(window.slice(0, end), kept);
  let truncated = end < text.length;
  if (masked.length > maxChars) {
    masked = masked.slice(0, maxChars);
    truncated = true;
  }
  return { text: withoutBrokenPair(masked), truncated };
}

/** A cut between the halves of a surrogate pair leaves half a character; drop it. */
function withoutBrokenPair(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
