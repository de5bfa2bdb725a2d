/**
 * Numbers written with digits: CREDIT_CARD (Luhn and issuer prefix), SSN (SSA-valid ranges),
 * IP_ADDRESS (v4) and PHONE (libphonenumber-js with `max` metadata: the precise per-region
 * patterns, so a 10-digit order number is not a phone unless its region says it can be one).
 *
 * Each digit run is split at spaces into pieces; from every piece the longest stretch of up to
 * MAX_PIECES pieces that forms a valid number wins, so `call 555-0100 or 4111 1111 1111 1111`
 * yields two findings, not one.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { before, digitsOf, isBoundaryAt, isWordCode, luhnValid } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';

const MAX_PIECES = 6;
const MAX_DIGITS = 19;

/** A phone word, then at most a few filler words (`call me on`, `number is`), right before the number. */
const PHONE_CONTEXT = /(?:phone|tel|telephone|mobile|mob|cell|call|fax|whatsapp|contact|reach|text|sms|message|messages|dial|number|desk|office|home|work|ph|nummer|téléphone|telefono|teléfono|handy|portable)(?:\s+(?:me|us|him|her|them|at|on|to|no\.?|is|was|number|#))*[\s.:#]*$/;
/** Numbers that the words before them name as something else. */
const NOT_PHONE_CONTEXT = /(?:zip|postal|post ?code|cep|plz|licen[cs]e|passport|account|acct|invoice|order|tracking|serial|routing|ssn|social security|iban)\b[^\n]{0,20}$/;
/** `781 1704 office`, `(579)888-3058 fax`: a label right after the number. */
const PHONE_LABEL_AFTER = /^\s?[-–(]?\s?(?:office|fax|mobile|cell|home|work|tel|phone|desk)\b/i;
const CARD_CONTEXT = /(?:card|visa|mastercard|amex|american express|discover|credit|debit|cc|kreditkarte|carte|tarjeta)/;
const SSN_CONTEXT = /(?:ssn|social security|social sec|ss#|ss #)/;
const VERSION_CONTEXT = /\b(?:version|ver\.?|release|v)\s*$/;

export const numberRecognizer: Recognizer = {
  types: ['CREDIT_CARD', 'SSN', 'IP_ADDRESS', 'PHONE'],
  scan(context) {
    const runs = context.digitRuns();
    for (let run = 0; run < runs.count; run++) {
      // Every number type here has at least four digits (1.1.1.1).
      if ((runs.runDigits[run] as number) < 4) continue;
      const firstPiece = runs.runFirstPiece[run] as number;
      const lastPiece = firstPiece + (runs.runPieceCount[run] as number) - 1;
      let first = firstPiece;
      while (first <= lastPiece) {
        let matchedUpTo = -1;
        for (let last = Math.min(lastPiece, first + MAX_PIECES - 1); last >= first; last--) {
          if (classify(context, runs.pieceStart[first] as number, runs.pieceEnd[last] as number)) {
            matchedUpTo = last;
            break;
          }
        }
        first = matchedUpTo >= 0 ? matchedUpTo + 1 : first + 1;
      }
    }
  },
};

/** Tries each number type on text[start, end); records the first that fits. */
function classify(context: ScanContext, rawStart: number, rawEnd: number): boolean {
  const { text } = context;
  let start = rawStart;
  let end = rawEnd;
  // `(192.168.1.1)`: brackets around a whole number are punctuation.
  if (text[start] === '(' && text[end - 1] === ')' && text.lastIndexOf('(', end - 1) === start && text.indexOf(')', start) === end - 1) {
    start++;
    end--;
  }
  if (!isBoundaryAt(text, start - 1)) return false;
  const value = text.slice(start, end);
  const digits = digitsOf(value);
  if (digits.length > MAX_DIGITS + 3 || digits.length < 4) return false;
  const gluedToWord = !isBoundaryAt(text, end) || (text[end] === '.' && isWordCode(text.charCodeAt(end + 1)));
  if (gluedToWord) return tryPhoneWithExtension(context, start, end, value);
  return tryIpv4(context, start, value) || trySsn(context, start, end, value, digits) || tryCard(context, start, end, value, digits) || tryPhone(context, start, end, value, digits);
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}/;

// Every type is tried even when the caller wants fewer: an IP address must not come back as a phone.
function tryIpv4({ text, add }: ScanContext, start: number, value: string): boolean {
  const match = IPV4.exec(value);
  if (!match) return false;
  const rest = value.slice(match[0].length);
  // A prefix length may follow (part of the span when valid); a fifth part or more digits mean it is not an address.
  if (rest.length > 0 && !/^\/\d{1,3}$/.test(rest)) return false;
  if (VERSION_CONTEXT.test(before(text, start, 12))) return false;
  const withPrefix = rest.length > 0 && Number(rest.slice(1)) <= 32;
  add('IP_ADDRESS', start, start + match[0].length + (withPrefix ? rest.length : 0), 0.9);
  return true;
}

function validSsnParts(area: string, group: string, serial: string): boolean {
  const areaNumber = Number(area);
  return areaNumber !== 0 && areaNumber !== 666 && areaNumber < 900 && group !== '00' && serial !== '0000';
}

function trySsn({ text, add }: ScanContext, start: number, end: number, value: string, digits: string): boolean {
  if (digits.length !== 9) return false;
  const formatted = /^(\d{3})([- .])(\d{2})\2(\d{4})$/.exec(value);
  if (formatted) {
    const [, area = '', separator, group = '', serial = ''] = formatted;
    if (!validSsnParts(area, group, serial)) return false;
    const context = SSN_CONTEXT.test(before(text, start, 40));
    add('SSN', start, end, separator === '-' ? (context ? 0.95 : 0.85) : context ? 0.85 : 0.6);
    return true;
  }
  if (/^\d{9}$/.test(value) && SSN_CONTEXT.test(before(text, start, 40)) && validSsnParts(value.slice(0, 3), value.slice(3, 5), value.slice(5))) {
    add('SSN', start, end, 0.8);
    return true;
  }
  return false;
}

/** Issuer prefixes and lengths of the networks in use (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
function plausibleCardPrefix(digits: string): boolean {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4') return length === 13 || length === 16 || length === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
  if (two === 34 || two === 37) return length === 15;
  if (two === 36 || two === 38 || two === 39 || (two === 30 && Number(digits[2]) <= 5)) return length >= 14 && length <= 19;
  if (two === 35 || digits.startsWith('6011') || two === 65 || (two === 64 && Number(digits[2]) >= 4) || two === 62) return length >= 16 && length <= 19;
  if (two === 50 || (two >= 56 && two <= 69)) return length >= 12 && length <= 19;
  // JCB's older 15-digit ranges and UATP.
  if (digits.startsWith('1800') || digits.startsWith('2131')) return length === 15;
  if (digits[0] === '1') return length === 15;
  return false;
}

function tryCard({ text, add }: ScanContext, start: number, end: number, value: string, digits: string): boolean {
  if (digits.length < 12 || digits.length > MAX_DIGITS) return false;
  // All digits, or groups joined by one consistent space or dash.
  if (!/^\d+(?:([ -])\d+(?:\1\d+)*)?$/.test(value)) return false;
  if (!plausibleCardPrefix(digits) || !luhnValid(digits)) return false;
  const context = CARD_CONTEXT.test(before(text, start, 40));
  const grouped = value.length !== digits.length;
  add('CREDIT_CARD', start, end, context ? 0.95 : grouped ? 0.9 : 0.8);
  return true;
}

/**
 * Groups of digits with single separators, an optional `+`/`00` country code and one bracketed
 * area code. Separators between groups are mandatory, so a digit string splits only one way.
 */
const PHONE_SHAPE = /^(?:\+|00)?(?:\(\+?\d{1,5}\) ?|\d{1,6}(?: ?[-./] ?| ))?(?:\(\d{1,5}\) ?)?\d{1,15}(?:(?: ?[-./] ?| )\d{1,8}){0,5}$/;
const DATE_SHAPE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;

function tryPhone(context: ScanContext, start: number, end: number, value: string, digits: string): boolean {
  const { text, add, wants } = context;
  if (!wants('PHONE') || digits.length < 7 || digits.length > 15) return false;
  if (!PHONE_SHAPE.test(value) || /^\d+\.\d+$/.test(value) || value.split(/\s+/).some((piece) => DATE_SHAPE.test(piece))) return false;
  // Mixed separators (`10.1000/182`, a DOI) are not how anyone writes a phone number.
  if (value.includes('/') && value.includes('.')) return false;
  // SSN-shaped (3-2-4) and card- or account-shaped (groups of four) numbers are not written as phones.
  if (/^\d{3}([- .])\d{2}\1\d{4}$/.test(value) || /^\d{4}(?:[ -]\d{4}){2,}$/.test(value)) return false;
  if (/[A-Z]{2}\d{2}[ -]$/.test(text.slice(Math.max(0, start - 5), start))) return false;
  // `2000-04-16 11:34`: the last group is an hour.
  if (text[end] === ':' && /\d/.test(text[end + 1] ?? '')) return false;
  const international = value.startsWith('+') || value.startsWith('00');
  const preceding = before(text, start, 32);
  if (NOT_PHONE_CONTEXT.test(preceding)) return false;
  const hasContext = PHONE_CONTEXT.test(preceding) || PHONE_LABEL_AFTER.test(text.slice(end, end + 12));
  const formatted = value.length !== digits.length;
  // A bare run of digits is a phone only when the words before it say so; so is a number that
  // continues a longer one (`DE89 3704 0044 0532`, `541 6343` after a house number).
  if (!hasContext && ((!international && !formatted) || /\d[ -]$/.test(text.slice(Math.max(0, start - 2), start)))) return false;
  let score: number;
  if (international) {
    const parsed = parsePhoneNumberFromString(`+${digits.replace(/^00/, '')}`);
    if (!parsed) return false;
    // Written with a country code, a number of possible length is a phone even where the metadata knows no such range.
    if (parsed.isValid()) score = 0.9;
    else if (parsed.isPossible()) score = 0.7;
    else return false;
  } else {
    const region = validRegion(context, value, digits.startsWith('0') || hasContext || (formatted && digits.length >= 8));
    if (region === undefined) return false;
    score = formatted ? (region === 0 ? 0.8 : 0.7) : 0.6;
  }
  if (hasContext) score = Math.min(0.95, score + 0.1);
  add('PHONE', start, end, score);
  return true;
}

/**
 * Index of the first default region the national number is valid in, or undefined. Regions after
 * the first are tried only for numbers with a trunk prefix (`0…`) or a phone word before them:
 * many 6-8 digit figures (postal codes, house numbers) are valid local numbers somewhere.
 */
function validRegion({ phoneRegions }: ScanContext, value: string, tryAll: boolean): number | undefined {
  const count = tryAll ? phoneRegions.length : Math.min(1, phoneRegions.length);
  for (let index = 0; index < count; index++) {
    if (parsePhoneNumberFromString(value, phoneRegions[index] as CountryCode)?.isValid()) return index;
  }
  return undefined;
}

/** `555-0100x12`, `555-0100 ext. 12`: the extension belongs to the number. */
function tryPhoneWithExtension(context: ScanContext, start: number, end: number, value: string): boolean {
  const extension = /^\s?(?:x|ext\.?|extension)\s?\d{1,6}(?!\w)/i.exec(context.text.slice(end, end + 20));
  if (!extension) return false;
  const digits = digitsOf(value);
  let recorded: { start: number; end: number; score: number } | undefined;
  const capture: ScanContext = { ...context, add: (type, spanStart, spanEnd, score) => (recorded = type === 'PHONE' ? { start: spanStart, end: spanEnd, score } : undefined) };
  if (!tryPhone(capture, start, end, value, digits) || !recorded) return false;
  context.add('PHONE', recorded.start, end + extension[0].length, recorded.score);
  return true;
}

