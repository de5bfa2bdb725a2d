/** URL_WITH_CREDENTIALS: `scheme://user:password@host…`; the whole URL is one span. */
import { markerAtOrAfter } from '../markers.ts';
import { isAsciiLetterCode, isDigitCode } from '../text.ts';
import type { Recognizer } from '../types.ts';

const MAX_SCHEME = 32;
const MAX_URL = 2048;

function isSchemeCode(code: number): boolean {
  return isAsciiLetterCode(code) || isDigitCode(code) || code === 43 || code === 45 || code === 46;
}

/** Whitespace, quotes and angle brackets end a URL in prose, JSON and code alike. */
function endsUrl(code: number): boolean {
  return code <= 32 || code === 34 || code === 39 || code === 60 || code === 62 || code === 96 || code === 0x7f;
}

/** `${DB_PASSWORD}`, `<password>`, `%s`, `****`: templates, not secrets. */
export function isPlaceholderSecret(value: string): boolean {
  if (value.length === 0) return true;
  const first = value.charCodeAt(0);
  if (first === 36 || first === 123 || first === 60 || first === 37 || first === 91) return true;
  return /^(?:\*+|x+|X+|\.+|_+)$/.test(value);
}

export const urlCredentialRecognizer: Recognizer = {
  types: ['URL_WITH_CREDENTIALS'],
  scan({ text, add, markers }) {
    const schemes = markers().scheme;
    let marker = markerAtOrAfter(schemes, 0);
    while (marker >= 0) {
      let start = marker;
      const floor = Math.max(0, marker - MAX_SCHEME);
      while (start > floor && isSchemeCode(text.charCodeAt(start - 1))) start--;
      const authorityStart = marker + 3;
      let authorityEnd = authorityStart;
      const limit = Math.min(text.length, authorityStart + MAX_URL);
      let at = -1;
      while (authorityEnd < limit) {
        const code = text.charCodeAt(authorityEnd);
        if (endsUrl(code) || code === 47 || code === 63 || code === 35) break;
        if (code === 64) at = authorityEnd;
        authorityEnd++;
      }
      const found = start < marker && isAsciiLetterCode(text.charCodeAt(start)) && at > authorityStart ? credentialUrlEnd(text, authorityStart, at, authorityEnd, limit) : -1;
      if (found > 0) {
        add('URL_WITH_CREDENTIALS', start, found, 0.95);
        marker = markerAtOrAfter(schemes, found);
      } else {
        marker = markerAtOrAfter(schemes, marker + 3);
      }
    }
  },
};

/** The URL's end when its userinfo holds a real password and a host follows, else -1. */
function credentialUrlEnd(text: string, authorityStart: number, at: number, authorityEnd: number, limit: number): number {
  const userinfo = text.slice(authorityStart, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return -1;
  if (isPlaceholderSecret(userinfo.slice(colon + 1))) return -1;
  if (at + 1 >= authorityEnd) return -1;
  let end = authorityEnd;
  while (end < limit && !endsUrl(text.charCodeAt(end))) end++;
  // Sentence punctuation after a URL is not part of it.
  while (end > authorityEnd && /[.,;:!?)\]}]/.test(text[end - 1] as string)) end--;
  return end;
}
