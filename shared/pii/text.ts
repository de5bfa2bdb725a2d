/** Small, allocation-free helpers over UTF-16 code units shared by the recognizers. */

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const LETTER = /\p{L}/u;

/** Letters, digits and `_` in any script: what a token boundary must not cut through. */
export function isWordCode(code: number): boolean {
  if (code < 128) return isDigitCode(code) || isAsciiLetterCode(code) || code === 95;
  // Surrogates count as word characters: a lone half is never a boundary we can trust.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return LETTER.test(String.fromCharCode(code));
}

/** True when `text[index]` is outside the string or not a word character. */
export function isBoundaryAt(text: string, index: number): boolean {
  return index < 0 || index >= text.length || !isWordCode(text.charCodeAt(index));
}

/** Lower-cased text of up to `length` code units before `index`, for context cues. */
export function before(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - length), index).toLowerCase();
}

export function digitsOf(value: string): string {
  let digits = '';
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (isDigitCode(code)) digits += value[index];
  }
  return digits;
}

/** The Luhn check used by payment card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let value = digits.charCodeAt(index) - 48;
    if (value < 0 || value > 9) return false;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 13616 mod-97 check over an IBAN without separators (letters count as 10..35). */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index++) {
    const code = rearranged.charCodeAt(index);
    if (isDigitCode(code)) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / value.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

/** How many of lower-case, upper-case, digits and other characters appear. */
export function characterClassCount(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 97 && code <= 122) lower = 1;
    else if (code >= 65 && code <= 90) upper = 1;
    else if (isDigitCode(code)) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * `text.toLowerCase()` with the same length: the few characters whose lower case is longer
 * (`İ`) stay as they are, so offsets into the result are offsets into `text`.
 */
export function lowerCaseKeepingOffsets(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let kept = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    const lowered = character.toLowerCase();
    kept += lowered.length === 1 ? lowered : character;
  }
  return kept;
}

const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();
/** Holds the UTF-8 of texts up to MAX_ENCODED code units (at most three bytes per unit); larger texts use the regex. */
const MAX_ENCODED = 1 << 16;
let encoded: Uint8Array | undefined;

/**
 * True when every code unit of `text` is ASCII. Encoding to UTF-8 is several times faster than a
 * regex scan: only ASCII takes one byte per code unit, so the byte count equals the length exactly then.
 */
export function isAscii(text: string): boolean {
  if (text.length > MAX_ENCODED) return !NON_ASCII.test(text);
  encoded ??= new Uint8Array(3 * MAX_ENCODED);
  return encoder.encodeInto(text, encoded).written === text.length;
}

/** `José` -> `Jose`: gazetteer lookups ignore accents. Skips the work for plain ASCII. */
export function foldAccents(value: string): string {
  for (let index = 0; index < value.length; index++) {
    if (value.charCodeAt(index) > 127) return value.normalize('NFD').replace(/\p{M}+/gu, '');
  }
  return value;
}
