import { describe, expect, it } from 'vitest';
import { parseCsv } from './classifier-data.ts';

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, newlines inside fields and CRLF rows', () => {
    const text = 'prompt,weak,strong\r\n"Tom has 3, then 4 more.\nHow many?",True,False\r\n"She said ""hi""",False,True\n';
    expect(parseCsv(text)).toEqual([
      ['prompt', 'weak', 'strong'],
      ['Tom has 3, then 4 more.\nHow many?', 'True', 'False'],
      ['She said "hi"', 'False', 'True'],
    ]);
  });

  it('keeps a last row without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
