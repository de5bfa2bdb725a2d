/** EMAIL: found from each `@` outwards (indexOf is far cheaper than a regex over every word). */
import { isAsciiLetterCode, isDigitCode } from '../text.ts';
import type { Recognizer } from '../types.ts';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/** `logo@2x.png` is a retina asset name, not a mailbox. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'js', 'ts', 'css', 'json', 'txt', 'md', 'html', 'pdf']);

function isLocalCode(code: number): boolean {
  // Letters, digits and the punctuation RFC 5322 allows unquoted that people actually use.
  return isAsciiLetterCode(code) || isDigitCode(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45 || code === 39 || (code >= 0xc0 && code < 0x2000);
}

function isDomainCode(code: number): boolean {
  return isAsciiLetterCode(code) || isDigitCode(code) || code === 45 || code === 46 || (code >= 0xc0 && code < 0x2000);
}

/** The end of a valid domain starting at `start`, or -1: at least two labels and an alphabetic TLD. */
function domainEnd(text: string, start: number): number {
  let end = start;
  const limit = Math.min(text.length, start + MAX_DOMAIN);
  while (end < limit && isDomainCode(text.charCodeAt(end))) end++;
  // A sentence may end right after the address: drop trailing dots and dashes.
  while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  const domain = text.slice(start, end);
  const labels = domain.split('.');
  if (labels.length < 2) return -1;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return -1;
  }
  const topLevel = labels[labels.length - 1] as string;
  if (!/^(?:[A-Za-z\u00c0-\u1fff]{2,63}|xn--[A-Za-z0-9-]{2,59})$/.test(topLevel)) return -1;
  return end;
}

export const emailRecognizer: Recognizer = {
  types: ['EMAIL'],
  scan({ text, add }) {
    let at = text.indexOf('@');
    while (at >= 0) {
      let start = at;
      const floor = Math.max(0, at - MAX_LOCAL);
      while (start > floor && isLocalCode(text.charCodeAt(start - 1))) start--;
      // `ssh://git@host`: a URL's user name, not a mailbox.
      const tooLong = (start === floor && start > 0 && isLocalCode(text.charCodeAt(start - 1))) || text.startsWith('://', start - 3);
      while (start < at && text.charCodeAt(start) === 46) start++;
      const end = !tooLong && start < at && text.charCodeAt(at - 1) !== 46 ? domainEnd(text, at + 1) : -1;
      if (end > 0) {
        const topLevel = text.slice(text.lastIndexOf('.', end - 1) + 1, end).toLowerCase();
        add('EMAIL', start, end, FILE_EXTENSIONS.has(topLevel) ? 0.3 : 0.95);
        at = text.indexOf('@', end);
      } else {
        at = text.indexOf('@', at + 1);
      }
    }
  },
};
