/**
 * Fuzzing the scanner: random text in many scripts (with broken surrogate pairs) must always give
 * well-formed findings, and long inputs built to trip backtracking regexes must finish. A
 * catastrophic pattern would not finish at all on these sizes, so the test timeout is the check;
 * throughput is measured by `npm run bench pii`, not here.
 */
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.ts';
import { detectPii, PII_TYPES, PiiVault, type PiiSpan } from './index.ts';

const ALPHABET = [
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

function randomText(next: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

function expectWellFormed(text: string, spans: readonly PiiSpan[]): void {
  let previousEnd = 0;
  for (const span of spans) {
    expect(PII_TYPES).toContain(span.type);
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(span.score).toBeGreaterThan(0);
    expect(span.score).toBeLessThanOrEqual(1);
    previousEnd = span.end;
  }
}

const SIZE = 256 * 1024;
const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** Inputs aimed at each recognizer's loops: long runs of the characters it starts from or extends over. */
const ADVERSARIAL: Record<string, string> = {
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

describe('detectPii under fuzzing', () => {
  it('returns sorted, non-overlapping, in-bounds findings for random text', () => {
    const next = createSeededRandom(20_261_130);
    for (let round = 0; round < 1500; round++) {
      const text = randomText(next, Math.floor(next() * 400));
      expectWellFormed(text, detectPii(text));
    }
  });

  it.each(Object.entries(ADVERSARIAL))('finishes on %s (256 KB)', (_name, text) => {
    expectWellFormed(text, detectPii(text));
  });

  it('masks and unmasks a 1 MB prompt made of repeated personal data', () => {
    const unit = 'Contact Maria Lopez at maria.lopez@example.org or +1 415 555 0132, card 4111 1111 1111 1111. ';
    const text = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    const vault = new PiiVault();
    const masked = vault.mask(text);
    expect(masked).not.toContain('maria.lopez@example.org');
    expect(vault.size).toBe(4);
    expect(vault.unmask(masked)).toBe(text);
  });
});
