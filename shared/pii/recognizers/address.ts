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
import { extendAddress } from './address-parts.ts';

const HOUSE_NUMBER = /\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?(?![\p{L}\p{N}])/uy;
const NEXT_WORD = /[ \t]+([\p{L}\p{M}][\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th)\b)/uy;
const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw', 'north', 'south', 'east', 'west']);
const PARTICLES = new Set(['de', 'la', 'le', 'del', 'des', 'du', 'di', 'della', 'dos', 'das', 'do', 'da', 'van', 'von', 'der', 'den', 'of', 'the', 'al', 'el']);
/** Street types people write in lower case after the name (`Piroska u. 97`, `Erzsébet tér 19`). */
const LOWER_CASE_TYPES = new Set(['u', 'utca', 'út', 'tér', 'krt', 'körút', 'str', 'ul', 'st', 'rd', 'ave', 'vej', 'gade', 'katu', 'tie']);
const MAX_WORDS = 6;

export interface Word {
  text: string;
  start: number;
  end: number;
}

function normalized(word: string): string {
  return foldAccents((word.endsWith('.') ? word.slice(0, -1) : word).toLowerCase());
}

function isCapitalized(word: string): boolean {
  return /^[\p{Lu}\d]/u.test(word);
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
  const lower = word.toLowerCase();
  return isCapitalized(word) && STREET_SUFFIXES.some((suffix) => lower.length > suffix.length + 2 && lower.endsWith(suffix));
}

function isNameish(word: string): boolean {
  return isCapitalized(word) || PARTICLES.has(word.toLowerCase()) || /^\d{1,3}(?:st|nd|rd|th)$/.test(word);
}

function wordsAfter(text: string, from: number, limit: number): Word[] {
  const words: Word[] = [];
  NEXT_WORD.lastIndex = from;
  for (let match = NEXT_WORD.exec(text); match && words.length < limit; match = NEXT_WORD.exec(text)) {
    const word = match[1] as string;
    const start = NEXT_WORD.lastIndex - word.length;
    // A full stop after a long word ends the sentence; after an abbreviation (`St.`) it is part of it.
    const trimmed = word.endsWith('.') && word.length > 5 ? word.slice(0, -1) : word;
    words.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return words;
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
  const words = wordsAfter(text, numberEnd, MAX_WORDS);
  const first = words[0];
  if (!first) return -1;
  const firstLower = normalized(first.text);
  if (NOT_NAME_WORDS.has(firstLower) && !DIRECTIONS.has(firstLower)) return -1;
  if (hasStreetSuffix(first.text)) return afterTrailingNumber(text, first.end);
  let end = -1;
  if (TYPE_FIRST_STREET_TYPES.has(firstLower)) {
    for (const word of words.slice(1)) {
      if (isCapitalized(word.text)) end = word.end;
      else if (!PARTICLES.has(word.text.toLowerCase())) break;
    }
    if (end > 0) return afterTrailingNumber(text, end);
  }
  // Type last; a later type wins (`Crown Street Kishiev Squares`) while the words stay name-like.
  for (const [index, word] of words.entries()) {
    if (index > 0 && closesStreet(word.text) && isNameish((words[index - 1] as Word).text)) end = word.end;
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

const PO_BOX = /(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]+Office[ \t]+Box|Postfach|Apartado|Casilla)[ \t]*$/i;

/**
 * Cheap look at the characters around a number before any regex runs: most numbers in text
 * (`12 seats`, `version 4`) are followed by a lower-case word and preceded by nothing street-like.
 */
function mightBeAddress(text: string, numberStart: number, numberEnd: number): boolean {
  const following = text.charCodeAt(numberEnd);
  if (following === 32 || following === 9) {
    const next = text.charCodeAt(numberEnd + 1);
    if ((next >= 65 && next <= 90) || (next >= 0xc0 && next < 0x2000)) return true;
    // `9554 62 Rue Gafsa`: a second number, then a street name.
    if (next >= 48 && next <= 57) {
      let digitsEnd = numberEnd + 1;
      while (digitsEnd < numberEnd + 8 && isDigitCode(text.charCodeAt(digitsEnd))) digitsEnd++;
      const after = text.charCodeAt(digitsEnd + 1);
      return text.charCodeAt(digitsEnd) === 32 && ((after >= 65 && after <= 90) || after >= 0xc0 || (after >= 97 && after <= 122));
    }
    if (next >= 97 && next <= 122) {
      let wordEnd = numberEnd + 1;
      while (wordEnd < numberEnd + 16 && text.charCodeAt(wordEnd) >= 97 && text.charCodeAt(wordEnd) <= 122) wordEnd++;
      if (TYPE_FIRST_STREET_TYPES.has(text.slice(numberEnd + 1, wordEnd))) return true;
    }
  }
  const previous = text.charCodeAt(numberStart - 1);
  if (previous !== 32 && previous !== 9) return false;
  // `Hauptstraße 5`, `Via Roma 10`, `Piroska u. 97`: a capitalised word or a street type right before.
  let wordStart = numberStart - 1;
  while (wordStart > 0 && numberStart - wordStart < 42 && isStreetNameCode(text.charCodeAt(wordStart - 1))) wordStart--;
  const word = text.slice(wordStart, numberStart - 1);
  return word.length > 0 && (isCapitalized(word) || LOWER_CASE_TYPES.has(normalized(word)) || /box|fach|apartado|casilla/i.test(word));
}

interface Found {
  start: number;
  end: number;
  score: number;
}

function addressAt(text: string, numberStart: number, numberEnd: number): Found | undefined {
  const box = PO_BOX.exec(text.slice(Math.max(0, numberStart - 24), numberStart));
  if (box) {
    const end = extendAddress(text, numberEnd);
    return { start: numberStart - box[0].length, end, score: 0.8 };
  }
  const after = streetAfterNumber(text, numberEnd);
  if (after > 0) {
    const end = extendAddress(text, after);
    return { start: withLeadingNumber(text, numberStart), end, score: end > after ? 0.85 : 0.8 };
  }
  const before = streetBeforeNumber(text, numberStart);
  if (before >= 0) {
    const end = extendAddress(text, numberEnd);
    return { start: withLeadingNumber(text, before), end, score: end > numberEnd ? 0.8 : 0.75 };
  }
  const bare = numberNameNumber(text, numberEnd);
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

const MILITARY = /(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|(?:USNS|USS|USCGC)[ \t]+\p{Lu}[\p{L} ]{1,30})[ \t]*(?:\r?\n|,)?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?:-\d{4})?/gu;

export const addressRecognizer: Recognizer = {
  types: ['ADDRESS'],
  scan({ text, add, digitRuns }: ScanContext) {
    if (text.includes('PO A')) {
      MILITARY.lastIndex = 0;
      for (let match = MILITARY.exec(text); match; match = MILITARY.exec(text)) add('ADDRESS', match.index, match.index + match[0].length, 0.9);
    }
    const runs = digitRuns();
    let covered = 0;
    const pieces = pieceCount(runs);
    for (let piece = 0; piece < pieces; piece++) {
      const start = runs.pieceStart[piece] as number;
      if (start < covered || !isDigitCode(text.charCodeAt(start)) || !isBoundaryAt(text, start - 1)) continue;
      HOUSE_NUMBER.lastIndex = start;
      if (!HOUSE_NUMBER.exec(text)) continue;
      const numberEnd = HOUSE_NUMBER.lastIndex;
      if (!mightBeAddress(text, start, numberEnd)) continue;
      const found = addressAt(text, start, numberEnd);
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
