/**
 * Context-first types: PASSPORT (a document number right after the word "passport") and
 * DATE_OF_BIRTH (a date right after a birth cue). Both words are rare in text, so the scan looks
 * for them first and reads only a short window after each.
 */
import { isBoundaryAt } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';

const WINDOW = 48;

/** Up to a few label words (`no.`, `number:`, `#`), then the document number. */
const PASSPORT_NUMBER = /^(?:[\s:#.,'’()-]|n[or]\.?|num(?:ber|éro|ero)?\.?|nummer|id|is|was|card|book|details?|s)*\b([A-Z0-9]{6,9})\b/i;

function plausibleDocumentNumber(value: string): boolean {
  let digits = 0;
  let letters = 0;
  for (const character of value) {
    if (character >= '0' && character <= '9') digits++;
    else if (character >= 'A' && character <= 'Z') letters++;
    else return false;
  }
  return digits >= 5 && letters <= 3;
}

function passportAt({ text, add }: ScanContext, from: number): void {
  const match = PASSPORT_NUMBER.exec(text.slice(from, from + WINDOW));
  const number = match?.[1];
  if (!match || !number || !plausibleDocumentNumber(number)) return;
  const start = from + match[0].length - number.length;
  add('PASSPORT', start, start + number.length, 0.85);
}

/** Both kinds of cue in one pass over the lower-cased text: group 1 names a passport, group 2 a birth. */
const CUE = /(passport|travel document|reisepass|passeport|pasaporte|passaporto|paspoort|passaporte|paszport)|\b(born|birth|birthday|birthdate|dob|d\.o\.b|geboren|geb\.|né|née|nacid[oa]|nacimiento|nato|nata|nascita|naissance)/g;
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_AFTER_CUE = new RegExp(
  String.raw`^[^\n\d]{0,24}?((?:` +
    String.raw`(\d{1,2})([./-])(\d{1,2})\3(\d{4}|\d{2})` +
    String.raw`|(\d{4})([./-])(\d{1,2})\7(\d{1,2})` +
    String.raw`|(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?:${MONTHS})\.?,?\s+(\d{4})` +
    String.raw`|(?:${MONTHS})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` +
    String.raw`))(?!\d)`,
  'i',
);

function plausibleDate(day: number, month: number | undefined, year: number): boolean {
  const fullYear = year < 100 ? year + 1900 : year;
  return day >= 1 && day <= 31 && (month === undefined || (month >= 1 && month <= 12)) && fullYear >= 1890 && fullYear <= 2100;
}

/** The date of birth right after a birth cue; returns where the date ends, or -1. */
function birthDateAt({ text, add }: ScanContext, from: number): number {
  const window = text.slice(from, from + WINDOW + 24);
  const match = DATE_AFTER_CUE.exec(window);
  if (!match) return -1;
  const groups = match.map((group) => (group === undefined ? undefined : Number(group)));
  const [, , d1, , m1, y1, y2, , m2, d2, d3, y3, d4, y4] = groups;
  let valid = false;
  if (d1 !== undefined && m1 !== undefined && y1 !== undefined) valid = plausibleDate(d1, m1, y1) || plausibleDate(m1, d1, y1);
  else if (y2 !== undefined && m2 !== undefined && d2 !== undefined) valid = plausibleDate(d2, m2, y2);
  else if (d3 !== undefined && y3 !== undefined) valid = plausibleDate(d3, undefined, y3);
  else if (d4 !== undefined && y4 !== undefined) valid = plausibleDate(d4, undefined, y4);
  if (!valid) return -1;
  const start = from + match[0].length - (match[1] as string).length;
  if (isBoundaryAt(text, start - 1)) add('DATE_OF_BIRTH', start, from + match[0].length, 0.85);
  return from + match[0].length;
}

export const cuedNumberRecognizer: Recognizer = {
  types: ['PASSPORT', 'DATE_OF_BIRTH'],
  scan(context) {
    const passports = context.wants('PASSPORT');
    const births = context.wants('DATE_OF_BIRTH');
    // Cue words come before the number; a text without digits has nothing to find.
    if (context.digitRuns().count === 0) return;
    const lowered = context.lower();
    CUE.lastIndex = 0;
    for (let cue = CUE.exec(lowered); cue; cue = CUE.exec(lowered)) {
      const from = cue.index + cue[0].length;
      if (cue[1] !== undefined) {
        if (passports) passportAt(context, from);
      } else if (births) {
        CUE.lastIndex = Math.max(CUE.lastIndex, birthDateAt(context, from));
      }
    }
  },
};
