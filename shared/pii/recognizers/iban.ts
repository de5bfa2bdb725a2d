/** IBAN: country code, check digits, BBAN of the country's fixed length, then the mod-97 check. */
import { ibanChecksumValid, isAsciiLetterCode, isBoundaryAt, isDigitCode } from '../text.ts';
import type { Recognizer } from '../types.ts';

/** IBAN lengths per country (SWIFT IBAN registry); the length tells where an IBAN written in groups ends. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28,
  LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24,
  SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

function isAlphanumericCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Reads up to `length` alphanumerics from `start`, allowing one space or dash between groups.
 * Returns the end offset when exactly `length` were read and the IBAN is not glued to more text.
 */
function readIban(text: string, start: number, length: number): { end: number; compact: string; raw: string } | undefined {
  let compact = '';
  let index = start;
  while (index < text.length && compact.length < length) {
    const code = text.charCodeAt(index);
    if (isAlphanumericCode(code)) {
      compact += text[index];
      index++;
    } else if ((code === 32 || code === 45) && compact.length >= 4 && isAlphanumericCode(text.charCodeAt(index + 1))) {
      index++;
    } else {
      break;
    }
  }
  if (compact.length !== length || !isBoundaryAt(text, index)) return undefined;
  return { end: index, compact, raw: compact };
}

export const ibanRecognizer: Recognizer = {
  types: ['IBAN'],
  scan({ text, add, digitRuns }) {
    // Every IBAN's check digits start a run of digits right after its two-letter country code,
    // so the runs found once per scan give every candidate without another pass over the text.
    const runs = digitRuns();
    let covered = 0;
    for (let run = 0; run < runs.count; run++) {
      const start = (runs.runStart[run] as number) - 2;
      if (start < covered || !isAsciiLetterCode(text.charCodeAt(start)) || !isAsciiLetterCode(text.charCodeAt(start + 1)) || !isDigitCode(text.charCodeAt(start + 2))) continue;
      if (!isDigitCode(text.charCodeAt(start + 3)) || !isBoundaryAt(text, start - 1)) continue;
      const length = IBAN_LENGTHS[text.slice(start, start + 2).toUpperCase()];
      if (length === undefined) continue;
      const found = readIban(text, start, length);
      // Printed IBANs are upper case; all lower case is a lazy typist, mixed case is not an IBAN.
      if (!found || !ibanChecksumValid(found.compact.toUpperCase())) continue;
      const raw = found.raw;
      if (raw !== raw.toUpperCase() && raw !== raw.toLowerCase()) continue;
      add('IBAN', start, found.end, 0.95);
      covered = found.end;
    }
  },
};
