/**
 * Where a quoted value ends, for one scan. A line like `key=‘key=‘key=‘…` opens a quote after every
 * key; following each one to the end of its window would cost window x keys. A character is
 * escaped by the backslashes right before it whatever quote opened the value (the opening quote
 * is never a backslash), so the end found from one position holds for every later position up to
 * it, and each search is remembered.
 */

interface Found {
  /** Where the search started. */
  from: number;
  /** What it found: valid for any later start up to here. */
  at: number;
}

export class QuoteEnds {
  private readonly ends = new Map<string, Found>();
  private readonly occurrences = new Map<string, Found>();

  constructor(private readonly text: string) {}

  /** The first unescaped `close` or line break at or after `from`; the text's length when there is none. */
  next(close: string, from: number): number {
    const known = this.ends.get(close);
    if (known && known.from <= from && from <= known.at) return known.at;
    let at = from;
    for (;;) {
      at = Math.min(this.nextOccurrence(close, at), this.nextOccurrence('\n', at));
      if (at >= this.text.length || !this.escaped(at)) break;
      at++;
    }
    this.ends.set(close, { from, at });
    return at;
  }

  /** An odd number of backslashes right before `index` escapes it. */
  private escaped(index: number): boolean {
    let start = index;
    while (start > 0 && this.text.charCodeAt(start - 1) === 92) start--;
    return (index - start) % 2 === 1;
  }

  private nextOccurrence(character: string, from: number): number {
    const known = this.occurrences.get(character);
    if (known && known.from <= from && from <= known.at) return known.at;
    const found = this.text.indexOf(character, from);
    const at = found < 0 ? this.text.length : found;
    this.occurrences.set(character, { from, at });
    return at;
  }
}
