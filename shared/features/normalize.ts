/**
 * Text normalization shared by training, the edge and the node runtime: one implementation, so
 * features can never drift between where a model is trained and where it runs.
 */

// Zero-width and invisible formatting characters used to split trigger words apart.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

// Letters from other scripts that render like Latin ones (after NFKC, which already folds
// full-width and mathematical alphanumerics).
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  ɑ: 'a', ɡ: 'g', ɩ: 'i', ɪ: 'i', ʏ: 'y', ᴀ: 'a', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ᴋ: 'k', ᴍ: 'm', ᴏ: 'o', ᴘ: 'p', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z',
};
const HOMOGLYPH_PATTERN = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** True when every character is ASCII, where NFKC, invisible characters and homoglyphs are no-ops. */
function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

// Which ASCII code units the /\s+/ collapse below treats as whitespace.
const ASCII_SPACE = Uint8Array.from({ length: 128 }, (_, code) => (/\s/.test(String.fromCharCode(code)) ? 1 : 0));

/**
 * normalizeText for ASCII text, written as UTF-16 code units into `target` from `offset` instead of
 * building strings. Returns the normalized length, or -1 at the first non-ASCII character (the
 * caller then needs normalizeText; what was written so far is meaningless). `target` must hold
 * `text.length` units from `offset`.
 */
export function normalizeAsciiInto(text: string, target: Uint16Array, offset: number): number {
  let length = 0;
  let pendingSpace = false;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code >= 128) return -1;
    if (ASCII_SPACE[code] === 1) {
      pendingSpace = length > 0;
      continue;
    }
    if (pendingSpace) {
      target[offset + length++] = 32;
      pendingSpace = false;
    }
    if (code >= 65 && code <= 90) code += 32;
    target[offset + length++] = code;
  }
  return length;
}

/** NFKC, invisible characters removed, homoglyphs folded to Latin, lower case, whitespace collapsed. */
export function normalizeText(text: string): string {
  // Most prompts are plain ASCII: skip the passes that cannot change them (same result, less work per request).
  if (isAscii(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(HOMOGLYPH_PATTERN, (character) => HOMOGLYPHS[character] ?? character)
    .replace(/\s+/g, ' ')
    .trim();
}
