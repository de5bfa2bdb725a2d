/**
 * Inputs for the scanner's tests, shared by the fuzz test and the digest test that pins
 * detectPii's exact output (spans, types, scores, order) while it is made faster. Test-only:
 * nothing outside *.test.ts imports this.
 */
import { createSeededRandom } from '../random/seeded-random.ts';
import type { DetectPiiOptions, PiiSpan } from './types.ts';

export const FUZZ_ALPHABET: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'      \n\t.,:;@-_+()[]{}/\\=\'"#%$!?*&<>|`~',
  ...'ÄÖÜßéèñçøåłžščřђжЖДяあい中文한국',
  '😀',
  '\ud83d',
  '\ude00',
  '\u200b',
  '\u0301',
  'Maria ',
  'Street ',
  ' 415 ',
  'sk-',
  'ghp_',
  '://',
  '-----BEGIN ',
  'password=',
  '+44 ',
];

/** `length` picks from `alphabet`, uniformly. */
export function randomText(next: () => number, length: number, alphabet: readonly string[] = FUZZ_ALPHABET): string {
  let text = '';
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

/** The fuzz test's random texts (same seed, same stream). */
export function fuzzTexts(count = 1500): string[] {
  const next = createSeededRandom(20_261_130);
  return Array.from({ length: count }, () => randomText(next, Math.floor(next() * 400)));
}

/** Inputs aimed at each recognizer's loops: long runs of the characters it starts from or extends over. */
export function adversarialInputs(size: number): Record<string, string> {
  const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    'at signs': repeat('a@'),
    'dotted labels': `x@${repeat('a.')}`,
    'digits': repeat('1'),
    'spaced digits': repeat('1 '),
    'dashed digits': repeat('1-'),
    'open brackets': repeat('(1'),
    'plus signs': repeat('+'),
    'colons': repeat(':'),
    'hex and colons': repeat('a:'),
    'dotted digits': repeat('1.'),
    'capitalised words': repeat('Maria '),
    'title case': repeat('Aaa Bbb '),
    'street words': repeat('12 Main Street '),
    'greetings': repeat('Dear '),
    'dashes': repeat('-'),
    'open private key': `-----BEGIN PRIVATE KEY-----\n${repeat('A')}`,
    'jwt start': `eyJ${repeat('a')}`,
    'assignment': `password=${repeat('x')}`,
    'repeated assignments': repeat('password='),
    'secret words in prose': repeat('the password for the '),
    'literal comparisons': repeat('"a" == password '),
    'named values': repeat('name: password '),
    'setter calls': repeat('setPassword('),
    'xml elements': repeat('<password>'),
    'unclosed curly quotes': repeat('key=‘'),
    'unclosed guillemets': repeat('token=«'),
    'escaped quotes': repeat('key=‘\\’'),
    'closing brackets': repeat(`key=${')'.repeat(500)} `),
    'indexed keys': repeat('password['),
    'quoted name fields': repeat('"first_name": "'),
    'address labels': repeat('address: "'),
    'street corners': repeat('corner of Main Street and '),
    'url schemes': repeat('a://'),
    'url credentials': `https://${repeat('a:')}`,
    'iban start': repeat('DE89 '),
    'birth cues': repeat('born '),
    'passport cues': repeat('passport '),
    'lone surrogates': repeat('\ud800'),
    'mixed scripts': repeat('Жанна 李 Zoë ١٢٣ '),
  };
}

/** Words and fragments every recognizer starts from: names, street words, cues, secret keys, vendor prefixes. */
const WORDS: readonly string[] = [
  ...'the a of and to in is for on with my your please call me at our from by this that was born Dear Hi thanks regards Sincerely'.split(' '),
  ...'Maria Lopez James Smith Aiko Tanaka Jean-Luc Picard O’Brien McDonald José García Zoë van der Berg Mr. Mrs. Dr. Ms. J.'.split(' '),
  ...'Street St. Avenue Ave Road Rd Lane Drive Boulevard Apt Suite Unit Box P.O. Springfield CA NY SW1A 1AA straße Hauptstraße'.split(' '),
  ...'phone tel mobile fax card visa credit SSN social security passport DOB birthday IBAN account order invoice version v zip'.split(' '),
  ...'password passwd pwd secret token api_key apiKey AUTH_TOKEN bearer Bearer Basic credentials key name value default'.split(' '),
  ...'= : := => == " \' ` “ ” ‘ ’ « » ( ) [ ] { } < > , . ; - — / \\ # @ & ? ! * | \n \n\n \t'.split(' '),
  'http://', 'https://', 'postgres://', 'user:pass@', 'example.com', 'mail.example.org', '.com', 'localhost',
  'sk-', 'sk_live_', 'ghp_', 'AKIA', 'eyJ', 'xoxb-', 'AIza', 'SG.', '-----BEGIN RSA PRIVATE KEY-----', 'DE89', 'GB82 WEST', '+1', '+44', '+49', '00',
  'Жанна', 'Иванов', '李', '中文', 'Müller', 'İstanbul', '😀', '\u200b', '\u00a0', '١٢٣',
];

const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-';

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function characters(next: () => number, alphabet: string, count: number): string {
  let value = '';
  for (let index = 0; index < count; index++) value += alphabet[Math.floor(next() * alphabet.length)];
  return value;
}

/** A number-like token: phone, card, SSN, date, IP, version, or digits with random separators. */
function numberish(next: () => number): string {
  const digits = (count: number) => characters(next, '0123456789', count);
  switch (Math.floor(next() * 10)) {
    case 0:
      return `(${digits(3)}) ${digits(3)}-${digits(4)}`;
    case 1:
      return `${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)}`;
    case 2:
      return `${digits(3)}-${digits(2)}-${digits(4)}`;
    case 3:
      return `${1 + Math.floor(next() * 28)}/${1 + Math.floor(next() * 12)}/${1950 + Math.floor(next() * 60)}`;
    case 4:
      return `${Math.floor(next() * 300)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`;
    case 5:
      return `${characters(next, HEX, 4)}:${characters(next, HEX, 4)}::${characters(next, HEX, 1 + Math.floor(next() * 4))}`;
    case 6:
      return `+${digits(2)} ${digits(2)} ${digits(4)} ${digits(4)}`;
    case 7:
      return `${Math.floor(next() * 9999)}`;
    default: {
      let value = '';
      const pieces = 1 + Math.floor(next() * 5);
      for (let index = 0; index < pieces; index++) value += digits(1 + Math.floor(next() * 5)) + pick(next, [' ', '-', '.', '/', '', ')', '(']);
      return value;
    }
  }
}

/**
 * Seeded texts mixing words, numbers, secret-shaped strings, punctuation and other scripts,
 * dense enough that every recognizer fires on most of them.
 */
export function randomMixedTexts(count: number, seed = 20_261_201): string[] {
  const next = createSeededRandom(seed);
  const texts: string[] = [];
  for (let textIndex = 0; textIndex < count; textIndex++) {
    const tokens = Math.floor(next() * 120);
    let text = '';
    for (let index = 0; index < tokens; index++) {
      const kind = next();
      if (kind < 0.55) text += pick(next, WORDS);
      else if (kind < 0.75) text += numberish(next);
      else if (kind < 0.83) text += characters(next, BASE64, 8 + Math.floor(next() * 40));
      else if (kind < 0.88) text += `${characters(next, 'abcdefghijklmnopqrstuvwxyz.', 1 + Math.floor(next() * 10))}@${pick(next, WORDS)}`;
      else text += randomText(next, 1 + Math.floor(next() * 6));
      text += pick(next, [' ', ' ', ' ', ', ', '\n', '', '. ', ': ', '=']);
    }
    texts.push(text);
  }
  return texts;
}

/** Option sets the digests cover: types filtering and the score floor change which candidates win. */
export const DIGEST_OPTIONS: readonly DetectPiiOptions[] = [
  {},
  { minimumScore: 0 },
  { types: ['PERSON', 'ADDRESS', 'PHONE'] },
  { types: ['API_KEY', 'URL_WITH_CREDENTIALS', 'EMAIL'], minimumScore: 0.3 },
  { phoneRegions: ['GB', 'DE'] },
];

/** A 64-bit FNV-1a digest (two 32-bit lanes) of every finding, in order. */
export function findingsDigest(results: readonly (readonly PiiSpan[])[]): string {
  let low = 0x811c9dc5;
  let high = 0x01000193;
  const feed = (value: string) => {
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code, 0x01000193) ^ (low >>> 7);
    }
  };
  for (const spans of results) {
    feed('|');
    for (const span of spans) feed(`${span.type},${span.start},${span.end},${span.score};`);
  }
  return (low >>> 0).toString(16).padStart(8, '0') + (high >>> 0).toString(16).padStart(8, '0');
}
