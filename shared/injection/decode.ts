/**
 * Finds text hidden from a reader or a filter — base64 and hex runs, rot13, leetspeak — and
 * returns the decoded variants so they can be scored like the original.
 */

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /\b(?:[0-9a-fA-F]{2}[\s:]?){12,}\b/g;
const MAX_VARIANTS = 16;
const MAX_RUN_LENGTH = 8192;

function printableRatio(text: string): number {
  if (text.length === 0) return 0;
  let printable = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x0d || code === 0x09 || code >= 0xa0) printable++;
  }
  return printable / text.length;
}

function decodeBase64(run: string): string | undefined {
  const standard = run.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return printableRatio(text) > 0.9 && /[a-z]{3,}/i.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function decodeHex(run: string): string | undefined {
  const digits = run.replace(/[\s:]/g, '');
  if (digits.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(digits.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(digits.slice(index * 2, index * 2 + 2), 16);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return printableRatio(text) > 0.9 && /[a-z]{3,}/i.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

const ROT13_CHUNK = 4096;

/** ASCII letters rotated by 13; everything else (other scripts, surrogates) untouched. */
export function rot13(text: string): string {
  // Every request's texts pass through here: a code-unit loop, not a regex callback per letter.
  let rotated = '';
  const codes: number[] = [];
  for (let start = 0; start < text.length; start += ROT13_CHUNK) {
    const end = Math.min(text.length, start + ROT13_CHUNK);
    codes.length = 0;
    for (let index = start; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code >= 65 && code <= 90) codes.push(((code - 65 + 13) % 26) + 65);
      else if (code >= 97 && code <= 122) codes.push(((code - 97 + 13) % 26) + 97);
      else codes.push(code);
    }
    rotated += String.fromCharCode(...codes);
  }
  return rotated;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' };

/** Leetspeak folded to letters, only inside word-like runs that mix letters and leet symbols. */
export function unleet(text: string): string {
  return text.replace(/[a-z0-9@$!|]*[a-z][a-z0-9@$!|]*/gi, (word) => (/[0-9@$!|]/.test(word) ? word.replace(/[0134578@$!|]/g, (character) => LEET[character] ?? character) : word));
}

export interface DecodedVariant {
  encoding: 'base64' | 'hex' | 'rot13' | 'leetspeak';
  text: string;
}

/** Decoded variants of `text` worth scoring (bounded in number and size). */
export function decodedVariants(text: string): DecodedVariant[] {
  const variants: DecodedVariant[] = [];
  const add = (variant: DecodedVariant) => {
    if (variants.length < MAX_VARIANTS && variant.text.trim().length > 0 && variant.text !== text) variants.push(variant);
  };
  for (const match of text.matchAll(BASE64_RUN)) {
    if (match[0].length > MAX_RUN_LENGTH) continue;
    const decoded = decodeBase64(match[0]);
    if (decoded) add({ encoding: 'base64', text: decoded });
  }
  for (const match of text.matchAll(HEX_RUN)) {
    if (match[0].length > MAX_RUN_LENGTH) continue;
    const decoded = decodeHex(match[0]);
    if (decoded) add({ encoding: 'hex', text: decoded });
  }
  add({ encoding: 'rot13', text: rot13(text) });
  if (/[a-z][0134578@$!|]|[0134578@$!|][a-z]/i.test(text)) add({ encoding: 'leetspeak', text: unleet(text) });
  return variants;
}
