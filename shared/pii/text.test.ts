/** isAscii decides which name regex a scan uses: it must agree with a plain regex check on every kind of text. */
import { describe, expect, it } from 'vitest';
import { isAscii } from './text.ts';

const NON_ASCII = /[^\x00-\x7f]/;

describe('isAscii', () => {
  it('tells ASCII from non-ASCII text, lone surrogates included', () => {
    const samples = ['', 'plain text 123 ~\x7f\x00', 'José', 'a\u00a0b', '\ud83d\ude00 emoji', 'lone \ud800 half', 'end \udfff', '\u0080'];
    for (const sample of samples) expect(isAscii(sample), JSON.stringify(sample)).toBe(!NON_ASCII.test(sample));
  });

  it('gives the same answer for texts too long for the shared buffer', () => {
    const long = 'a'.repeat(70_000);
    expect(isAscii(long)).toBe(true);
    expect(isAscii(`${long}é`)).toBe(false);
    expect(isAscii(`é${long}`)).toBe(false);
  });
});
