/**
 * ADDRESS: anchored on a house number next to a street (`742 Evergreen Terrace`, `12 rue de la
 * Paix`, `Hauptstraße 5`, `Koskikatu 25`), a PO box or a US military address, then extended over
 * the parts an address is written with (unit, city, state, postal code, country), separated by
 * commas or line breaks. Precise rather than greedy: no house number and street word, no address.
 */
import type { DigitRuns } from '../digit-runs.ts';
import { NOT_NAME_WORDS, STREET_SUFFIXES, STREET_TYPES, TYPE_FIRST_STREET_TYPES } from '../gazetteer/words.ts';
import { foldAccents, isBoundaryAt, isDigitCode } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';
import { scanAddressFields, scanMilitaryAddresses, scanStreetCorners } from './address-cues.ts';
import { extendAddress } from './address-parts.ts';

const HOUSE_NUMBER = /\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?(?![\p{L}\p{N}])/uy;
const NEXT_WORD = /[ \t]+([\p{L}\p{M}][\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th)\b)/uy;
const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west']);
const PARTICLES = new Set(['de', 'la', 'le', 'del', 'des', 'du', 'di', 'della', 'delle', 'dei', 'degli', 'dos', 'das', 'do', 'da', 'van', 'von', 'der', 'den', 'of', 'the', 'al', 'el', 'e', 'y']);
/** Street types people write in lower case after the name (`Piroska u. 97`, `Erzsébet tér 19`). */
const LOWER_CASE_TYPES = new Set(
  [
    'u', 'utca', 'út', 'útja', 'tér', 'krt', 'körút', 'rkp', 'rakpart', 'köz', 'str', 'ul', 'st', 'rd', 'ave', 'vej', 'gade', 'stræde', 'plads', 'torv', 'katu',
    'tie', 'gate', 'gata', 'gatan', 'vei', 'veien', 'vägen', 'tee', 'põik', 'tänav', 'trg', 'ulica', 'cesta', 'náměstí', 'třída', 'terrasse',
  ].flatMap((type) => [type, foldAccents(type)]),
);
const MAX_WORDS = 6;

export interface Word {
  text: string;
  start: number;
  end: number;
}

function normalized(word: string): string {
  return foldAccents((word.endsWith('.') ? word.slice(0, -1) : word).toLowerCase());
}

const CAPITALIZED = /^[\p{Lu}\d]/u;

function isCapitalized(word: string): boolean {
  const code = word.charCodeAt(0);
  // Most words are ASCII: no Unicode property lookup for them.
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return CAPITALIZED.test(word);
}

function isStreetType(word: string): boolean {
  return STREET_TYPES.has(normalized(word));
}

/** A street type closing a name: capitalised, or one of the types written in lower case, or abbreviated with a dot. */
function closesStreet(word: string): boolean {
  if (!isStreetType(word)) return false;
  return isCapitalized(word) || LOWER_CASE_TYPES.has(normalized(word));
}

function hasStreetSuffix(word: string): boolean {
  if (!isCapitalized(word)) return false;
  const lower = word.toLowerCase();
  for (const suffix of STREET_SUFFIXES) if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) return true;
  return false;
}

function isNameish(word: string): boolean {
  return isCapitalized(word) || PARTICLES.has(word.toLowerCase()) || /^\d{1,3}(?:st|nd|rd|th)$/.test(word);
}

function wordsAfter(text: string, from: number, limit: number): Word[] {
  const words: Word[] = [];
  NEXT_WORD.lastIndex = from;
  for (let match = NEXT_WORD.exec(text); match && words.length < limit; match = NEXT_WORD.exec(text)) {
    words.push(wordOf(match[1] as string, NEXT_WORD.lastIndex));
  }
  return words;
}

/** The word NEXT_WORD matched, ending at `matchEnd`. */
function wordOf(word: string, matchEnd: number): Word {
  const start = matchEnd - word.length;
  // A full stop after a long word ends the sentence; after an abbreviation (`St.`) it is part of it.
  const trimmed = word.endsWith('.') && word.length > 5 ? word.slice(0, -1) : word;
  return { text: trimmed, start, end: start + trimmed.length };
}

/** wordsAfter's words, read only as far as a rule asks: most rules stop at the first word that is not name-like. */
class WordReader {
  private readonly words: Word[] = [];
  private next: number;
  private exhausted = false;

  constructor(
    private readonly text: string,
    from: number,
    private readonly limit: number,
  ) {
    this.next = from;
  }

  at(index: number): Word | undefined {
    while (this.words.length <= index && this.words.length < this.limit && !this.exhausted) {
      NEXT_WORD.lastIndex = this.next;
      const match = NEXT_WORD.exec(this.text);
      if (!match) {
        this.exhausted = true;
        break;
      }
      this.next = NEXT_WORD.lastIndex;
      this.words.push(wordOf(match[1] as string, NEXT_WORD.lastIndex));
    }
    return this.words[index];
  }
}

function afterTrailingNumber(text: string, end: number): number {
  HOUSE_NUMBER.lastIndex = end + 1;
  return /[ \t]/.test(text[end] ?? '') && HOUSE_NUMBER.exec(text) ? HOUSE_NUMBER.lastIndex : end;
}

function afterDirection(text: string, end: number): number {
  const direction = wordsAfter(text, end, 1)[0];
  return direction && /^[A-Z]/.test(direction.text) && DIRECTIONS.has(normalized(direction.text)) ? direction.end : end;
}

/**
 * The end of a street line after a house number, or -1: `Evergreen Terrace`, `Pennsylvania Ave NW`,
 * `rue de la Paix`, `Koskikatu 25`, `Cheriton Dr Reuquén Extensions`.
 */
function streetAfterNumber(text: string, numberEnd: number): number {
  const words = new WordReader(text, numberEnd, MAX_WORDS);
  const first = words.at(0);
  if (!first) return -1;
  const firstLower = normalized(first.text);
  if (NOT_NAME_WORDS.has(firstLower) && !DIRECTIONS.has(firstLower)) return -1;
  if (hasStreetSuffix(first.text)) return afterTrailingNumber(text, first.end);
  let end = -1;
  if (TYPE_FIRST_STREET_TYPES.has(firstLower)) {
    for (let index = 1, word = words.at(1); word; word = words.at(++index)) {
      if (isCapitalized(word.text)) end = word.end;
      else if (!PARTICLES.has(word.text.toLowerCase())) break;
    }
    if (end > 0) return afterTrailingNumber(text, end);
  }
  // Type last; a later type wins (`Crown Street Kishiev Squares`) while the words stay name-like.
  for (let index = 0, word: Word | undefined = first, previous: Word | undefined; word; previous = word, word = words.at(++index)) {
    if (previous && closesStreet(word.text) && isNameish(previous.text)) end = word.end;
    else if (!isNameish(word.text)) break;
  }
  return end < 0 ? -1 : afterDirection(text, end);
}

/** Letters of any script, apostrophes, dots and hyphens: what a street name is written with. */
function isStreetNameCode(code: number): boolean {
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39 || code === 46 || code === 45;
  return code === 0x2019 || (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && (code < 0x2000 || code > 0x206f));
}

/** Up to `limit` words ending right before `end` on the same line, nearest last. */
function wordsBefore(text: string, end: number, limit: number): Word[] {
  const words: Word[] = [];
  let position = end;
  while (words.length < limit) {
    let wordEnd = position;
    while (wordEnd > 0 && position - wordEnd < 4 && (text.charCodeAt(wordEnd - 1) === 32 || text.charCodeAt(wordEnd - 1) === 9)) wordEnd--;
    let wordStart = wordEnd;
    while (wordStart > 0 && wordEnd - wordStart < 40 && isStreetNameCode(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart === wordEnd || (wordEnd === position && words.length > 0)) break;
    words.unshift({ text: text.slice(wordStart, wordEnd), start: wordStart, end: wordEnd });
    position = wordStart;
  }
  return words;
}

/** Street names written before the number: `Hauptstraße 5`, `Via Roma 10`, `Villacher Strasse 89`, `Piroska u. 97`. */
function streetBeforeNumber(text: string, numberStart: number): number {
  const words = wordsBefore(text, numberStart, 4);
  const last = words[words.length - 1];
  if (!last) return -1;
  if (hasStreetSuffix(last.text)) return last.start;
  // `Villacher Strasse 89`, `Erzsébet tér 19`: the type is the last word, capitalised names before it.
  if (closesStreet(last.text) && words.length >= 2 && isCapitalized((words[words.length - 2] as Word).text)) {
    let start = (words[words.length - 2] as Word).start;
    for (let index = words.length - 3; index >= 0 && isCapitalized((words[index] as Word).text); index--) start = (words[index] as Word).start;
    return start;
  }
  if (!isCapitalized(last.text)) return -1;
  // `Via Roma 10`, `Calle Mayor 5`: a type-first street.
  for (let index = words.length - 2; index >= 0; index--) {
    const word = words[index] as Word;
    if (TYPE_FIRST_STREET_TYPES.has(normalized(word.text))) return word.start;
    if (!isNameish(word.text)) break;
  }
  return -1;
}

/** `6750 Dalmatinova 43` followed by a unit, city or postal code: a street name without a type word. */
function numberNameNumber(text: string, numberEnd: number): number {
  const words = wordsAfter(text, numberEnd, 3);
  let end = -1;
  for (const word of words) {
    if (!isCapitalized(word.text) || /^\d/.test(word.text) || NOT_NAME_WORDS.has(normalized(word.text))) break;
    end = word.end;
  }
  if (end < 0) return -1;
  HOUSE_NUMBER.lastIndex = end + 1;
  return /^[ \t]\d/.test(text.slice(end, end + 2)) && HOUSE_NUMBER.exec(text) ? HOUSE_NUMBER.lastIndex : -1;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * HOUSE_NUMBER read by hand (`12`, `12B`, `12-14`, `7/2a`), or -1: this runs for every number in
 * the text, and most fail on the first character after the digits.
 */
function houseNumberEnd(text: string, start: number): number {
  let index = start;
  while (index < text.length && index - start < 7 && isDigitCode(text.charCodeAt(index))) index++;
  if (index === start || index - start > 6) return -1;
  if (isAsciiLetter(text.charCodeAt(index))) index++;
  const separator = text.charCodeAt(index);
  if ((separator === 45 || separator === 47) && isDigitCode(text.charCodeAt(index + 1))) {
    let end = index + 1;
    while (end < text.length && end - index <= 5 && isDigitCode(text.charCodeAt(end))) end++;
    if (end - index - 1 <= 4) {
      index = end;
      if (isAsciiLetter(text.charCodeAt(index))) index++;
    }
  }
  if (index >= text.length) return index;
  const next = text.charCodeAt(index);
  if (next < 128 ? isDigitCode(next) || isAsciiLetter(next) : /[\p{L}\p{N}]/u.test(text[index] as string)) return -1;
  return index;
}

/** `12 oak street`, `3911 fourth avenue`, `255 hersnapvej 18`: typed in lower case, so only a full street word (or a street-word ending) counts. */
const LOWER_CASE_STREET = /[ \t]((?:[a-z\u00df-\u024f'-]+[ \t]+){0,3}(?:street|avenue|road|drive|lane|boulevard|court|terrace|crescent|parkway|highway|place|square)|[a-z\u00df-\u024f]{2,}(?:vej|gade|katu|gatan|vägen|straße|strasse|weg|laan|straat|stræde))(?![\p{L}\p{N}])/uy;

function lowerCaseStreetEnd(text: string, numberStart: number, numberEnd: number): number {
  if (numberEnd - numberStart < 2) return -1;
  LOWER_CASE_STREET.lastIndex = numberEnd;
  const match = LOWER_CASE_STREET.exec(text);
  if (!match || (match[1] as string).split(/[ \t]+/).some((word) => NOT_NAME_WORDS.has(word))) return -1;
  return afterTrailingNumber(text, LOWER_CASE_STREET.lastIndex);
}

const PO_BOX = /(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]+Office[ \t]+Box|Postfach|Apartado|Casilla)[ \t]*$/i;

/** Which rules can apply around a number, as bits: a street after it, a lower-case street after it, a street or PO box before it. */
const AFTER = 1;
const LOWER_AFTER = 2;
const BEFORE = 4;
const BOX_BEFORE = 8;

/**
 * Cheap look at the characters around a number before any regex runs: most numbers in text
 * (`12 seats`, `version 4`, `HTTP 500 after`) are followed by a lower-case word and preceded by
 * nothing street-like, and each rule runs only where its side can match.
 */
function addressSides(text: string, numberStart: number, numberEnd: number): number {
  let sides = 0;
  const following = text.charCodeAt(numberEnd);
  if (following === 32 || following === 9) {
    const next = text.charCodeAt(numberEnd + 1);
    if ((next >= 65 && next <= 90) || (next >= 0xc0 && next < 0x2000)) sides |= AFTER;
    else if (next >= 48 && next <= 57) {
      // `9554 62 Rue Gafsa`: a second number, then a street name.
      let digitsEnd = numberEnd + 1;
      while (digitsEnd < numberEnd + 8 && isDigitCode(text.charCodeAt(digitsEnd))) digitsEnd++;
      const after = text.charCodeAt(digitsEnd + 1);
      if (text.charCodeAt(digitsEnd) === 32 && ((after >= 65 && after <= 90) || after >= 0xc0 || (after >= 97 && after <= 122))) sides |= AFTER;
    } else if (next >= 97 && next <= 122) {
      let wordEnd = numberEnd + 1;
      while (wordEnd < numberEnd + 16 && text.charCodeAt(wordEnd) >= 97 && text.charCodeAt(wordEnd) <= 122) wordEnd++;
      const word = text.slice(numberEnd + 1, wordEnd);
      // `12 rue de la Paix`, `87 van Gijn Summit`: a street type or a name particle first.
      if (TYPE_FIRST_STREET_TYPES.has(word) || PARTICLES.has(word)) sides |= AFTER;
      else if (lowerCaseStreetEnd(text, numberStart, numberEnd) > 0) sides |= LOWER_AFTER;
    }
  }
  const previous = text.charCodeAt(numberStart - 1);
  if (previous !== 32 && previous !== 9) return sides;
  // `Hauptstraße 5`, `Via Roma 10`, `Piroska u. 97`, `PO Box 12`: a capitalised word or a street type right before.
  let wordStart = numberStart - 1;
  let lowerAscii = true;
  while (wordStart > 0 && numberStart - wordStart < 42) {
    const code = text.charCodeAt(wordStart - 1);
    if (!isStreetNameCode(code)) break;
    if (code < 97 || code > 122) lowerAscii = false;
    wordStart--;
  }
  const word = text.slice(wordStart, numberStart - 1);
  if (word.length === 0) return sides;
  if (/box|fach|apartado|casilla/i.test(word)) sides |= BOX_BEFORE;
  // Most words before a number are plain lower-case ASCII (`about 12`), already in normalized form.
  if (lowerAscii ? LOWER_CASE_TYPES.has(word) : isCapitalized(word) || LOWER_CASE_TYPES.has(normalized(word))) sides |= BEFORE;
  return sides;
}

interface Found {
  start: number;
  end: number;
  score: number;
}

function addressAt(text: string, numberStart: number, numberEnd: number, sides: number): Found | undefined {
  const box = sides & BOX_BEFORE ? PO_BOX.exec(text.slice(Math.max(0, numberStart - 24), numberStart)) : null;
  if (box) {
    const end = extendAddress(text, numberEnd);
    return { start: numberStart - box[0].length, end, score: 0.8 };
  }
  const after = sides & AFTER ? streetAfterNumber(text, numberEnd) : -1;
  if (after > 0) {
    const end = extendAddress(text, after);
    return { start: withLeadingNumber(text, numberStart), end, score: end > after ? 0.85 : 0.8 };
  }
  const before = sides & BEFORE ? streetBeforeNumber(text, numberStart) : -1;
  if (before >= 0) {
    const end = extendAddress(text, numberEnd);
    return { start: withLeadingNumber(text, before), end, score: end > numberEnd ? 0.8 : 0.75 };
  }
  const lowerCase = sides & LOWER_AFTER ? lowerCaseStreetEnd(text, numberStart, numberEnd) : -1;
  if (lowerCase > 0) {
    const end = extendAddress(text, lowerCase);
    return { start: withLeadingNumber(text, numberStart), end, score: 0.7 };
  }
  const bare = sides & AFTER ? numberNameNumber(text, numberEnd) : -1;
  if (bare > 0) {
    // Without a street word, only a following unit, city or postal code makes it an address.
    const end = extendAddress(text, bare, { requireStrong: true });
    if (end > bare) return { start: withLeadingNumber(text, numberStart), end, score: 0.75 };
  }
  return undefined;
}

/** `9554 62 Rue Gafsa`: a building number before the street number belongs to the address. */
function withLeadingNumber(text: string, start: number): number {
  const match = /(?:^|[^\p{L}\p{N}])(\d{1,6}[ \t]+)$/u.exec(text.slice(Math.max(0, start - 10), start));
  return match?.[1] ? start - match[1].length : start;
}

export const addressRecognizer: Recognizer = {
  types: ['ADDRESS'],
  scan(context: ScanContext) {
    const { text, add, digitRuns } = context;
    scanMilitaryAddresses(context);
    scanStreetCorners(context);
    scanAddressFields(context);
    const runs = digitRuns();
    let covered = 0;
    const pieces = pieceCount(runs);
    for (let piece = 0; piece < pieces; piece++) {
      const start = runs.pieceStart[piece] as number;
      if (start < covered || !isDigitCode(text.charCodeAt(start)) || !isBoundaryAt(text, start - 1)) continue;
      const numberEnd = houseNumberEnd(text, start);
      const sides = numberEnd < 0 ? 0 : addressSides(text, start, numberEnd);
      if (sides === 0) continue;
      const found = addressAt(text, start, numberEnd, sides);
      if (!found) continue;
      add('ADDRESS', found.start, found.end, found.score);
      covered = found.end;
    }
  },
};

function pieceCount(runs: DigitRuns): number {
  const last = runs.count - 1;
  return last < 0 ? 0 : (runs.runFirstPiece[last] as number) + (runs.runPieceCount[last] as number);
}
