/**
 * The parts after a street line: unit (`Apt. 4`), city, state code, postal code and country,
 * separated by commas, line breaks or (for all but a city) spaces.
 */
import { NOT_NAME_WORDS, PLACE_NAMES, UNIT_WORDS, US_STATE_CODES } from '../gazetteer/words.ts';
import { foldAccents } from '../text.ts';

const MAX_PARTS = 7;
/** Commas, spaces and line breaks; a line may start with quote or list marks (`> `, `- `, `* `). */
const SEPARATOR = /[ \t]*(?:,[ \t]*(?:\r?\n[ \t,>*?|-]*)?|\r?\n[ \t,>*?|-]*)|[ \t]+/y;
const UNIT = /(?:#[ \t]*|\p{L}+\.?[ \t]*#?[ \t]*)([A-Za-z0-9-]{1,6})(?![\p{L}\p{N}])/uy;
const POSTAL_CODE = /(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|\d{4,6}|\d{2}-\d{3}|\d{3}[ \t]\d{2})(?![\p{L}\p{N}])/uy;
const STATE_CODE = /[A-Z]{2}(?![\p{L}\p{N}])/uy;
/** One to three capitalised words (`Springfield`, `Rio de Janeiro`, `St. Louis`); a dot only after a short abbreviation. */
const CAPITALIZED_WORDS = /(?:(?:St|Ste|Mt|Ft|Pt)\.?[ \t]+)?\p{Lu}[\p{L}\p{M}'’]*(?:(?:[ \t]+|-)(?:(?:de|la|del|di|do|da|of|sur|am|an|im|upon|on)[ \t]+)?\p{Lu}[\p{L}\p{M}'’]*){0,2}(?:[ \t]+\([\p{L} ]{2,20}\))?/uy;

/** Words of country names beside the names themselves (`United Kingdom`, `Czech Republic`). */
const COUNTRY_WORDS = new Set(['united', 'new', 'south', 'north', 'republic', 'kingdom', 'states', 'arab', 'emirates', 'islands', 'of', 'the']);

function normalized(word: string): string {
  return foldAccents(word.toLowerCase());
}

function stickyEnd(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text) ? pattern.lastIndex : -1;
}

/** A capitalised word followed by a lower-case one reads as the start of a sentence, not a city. */
function continuesSentence(text: string, end: number): boolean {
  return /^[ \t]+\p{Ll}/u.test(text.slice(end, end + 3));
}

/** One address part starting at `from`, or -1. A city needs a comma or line break before it. */
function part(text: string, from: number, strong: boolean): number {
  const unitWord = /^\p{L}+/u.exec(text.slice(from, from + 12))?.[0];
  if (text[from] === '#' || (unitWord && UNIT_WORDS.has(unitWord.toLowerCase()))) {
    const end = stickyEnd(UNIT, text, from);
    if (end > 0) return end;
  }
  const postal = stickyEnd(POSTAL_CODE, text, from);
  if (postal > 0) {
    // `10115 Berlin`: a postal code before the city.
    const space = stickyEnd(/[ \t]+/y, text, postal);
    const cityEnd = space > 0 ? stickyEnd(CAPITALIZED_WORDS, text, space) : -1;
    const city = cityEnd > 0 ? text.slice(space, cityEnd) : '';
    return cityEnd > 0 && !continuesSentence(text, cityEnd) && !city.split(/[ \t-]+/).some((word) => NOT_NAME_WORDS.has(normalized(word))) ? cityEnd : postal;
  }
  const state = stickyEnd(STATE_CODE, text, from);
  if (state > 0 && US_STATE_CODES.has(text.slice(from, state).toLowerCase())) return state;
  const words = stickyEnd(CAPITALIZED_WORDS, text, from);
  if (words < 0) return -1;
  const lowerWords = text
    .slice(from, words)
    .replace(/\(.*\)/, '')
    .split(/[ \t-]+/)
    .filter(Boolean)
    .map(normalized);
  if (lowerWords.every((word) => PLACE_NAMES.has(word) || COUNTRY_WORDS.has(word))) return words;
  if (!strong || lowerWords.some((word) => NOT_NAME_WORDS.has(word)) || continuesSentence(text, words)) return -1;
  return words;
}

export interface ExtendOptions {
  /** Only count parts after a comma or line break (or a unit): for streets without a street word. */
  requireStrong?: boolean;
}

/** Extends a street line over unit, city, state, postal code and country parts; returns the new end. */
export function extendAddress(text: string, end: number, { requireStrong = false }: ExtendOptions = {}): number {
  let current = end;
  let sawStrong = false;
  for (let parts = 0; parts < MAX_PARTS; parts++) {
    SEPARATOR.lastIndex = current;
    const separator = SEPARATOR.exec(text);
    if (!separator) break;
    const from = SEPARATOR.lastIndex;
    const strong = separator[0].includes(',') || separator[0].includes('\n');
    const next = part(text, from, strong);
    if (next < 0) break;
    const isUnit = UNIT_WORDS.has((/^\p{L}+/u.exec(text.slice(from, from + 12))?.[0] ?? '').toLowerCase()) || text[from] === '#';
    sawStrong ||= strong || isUnit;
    current = next;
  }
  return requireStrong && !sawStrong ? end : current;
}
