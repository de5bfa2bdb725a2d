import { describe, expect, it } from 'vitest';

import { StreamingTextAssembler } from './streaming-text-assembler.ts';

/** A byte-level "tokenizer": token id = byte value, like the fixture's vocabulary. */
const decodeBytes = (tokenIds: readonly number[]) => new TextDecoder().decode(Uint8Array.from(tokenIds));
const bytesOf = (text: string) => Array.from(new TextEncoder().encode(text));

function run(text: string, stopStrings: string[] = []): { pieces: string[]; assembler: StreamingTextAssembler } {
  const assembler = new StreamingTextAssembler({ decode: decodeBytes, stopStrings });
  const pieces = bytesOf(text).map((tokenId) => assembler.push(tokenId));
  pieces.push(assembler.finish());
  return { pieces: pieces.filter((piece) => piece.length > 0), assembler };
}

describe('StreamingTextAssembler', () => {
  it('releases text token by token and its pieces join to the full decode', () => {
    const { pieces, assembler } = run('plain ascii');
    expect(pieces).toEqual('plain ascii'.split(''));
    expect(assembler.text).toBe('plain ascii');
    expect(assembler.stopped).toBe(false);
  });

  it('holds a multi-byte character until it is complete', () => {
    const { pieces, assembler } = run('a🌍é');
    expect(pieces).toEqual(['a', '🌍', 'é']);
    expect(assembler.text).toBe('a🌍é');
  });

  it('flushes an unfinished character at the end as U+FFFD', () => {
    const assembler = new StreamingTextAssembler({ decode: decodeBytes });
    expect(assembler.push(0x61)).toBe('a');
    expect(assembler.push(0xf0)).toBe('');
    expect(assembler.finish()).toBe('\uFFFD');
  });

  it('never releases a stop string, even split across tokens', () => {
    const { pieces, assembler } = run('hello END world', ['END']);
    expect(pieces.join('')).toBe('hello ');
    expect(assembler.stopped).toBe(true);
    expect(assembler.push(0x41)).toBe('');
    expect(assembler.finish()).toBe('');
  });

  it('releases held text that turned out not to be a stop string', () => {
    const { pieces } = run('an ENd and EN', ['END']);
    expect(pieces.join('')).toBe('an ENd and EN');
    expect(pieces).toContain('ENd');
  });

  it('stops at the earliest of several stop strings', () => {
    expect(run('abc STOP def HALT', ['HALT', 'STOP']).assembler.text).toBe('abc ');
    expect(run('xyz', ['', 'q']).assembler.text).toBe('xyz');
  });

  it('matches the full decode of a real-looking mix', () => {
    const text = 'naïve café 🚂 — ok\n';
    expect(run(text).pieces.join('')).toBe(decodeBytes(bytesOf(text)));
  });
});
