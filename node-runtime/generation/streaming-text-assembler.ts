/**
 * Turns generated token ids into text pieces as they arrive, for streaming and non-streaming alike.
 *
 * Two things make this more than `decode(token)`:
 * - a byte-level token can be half of a UTF-8 character, so text is held until it decodes cleanly
 *   (the prefix/read offset scheme of Hugging Face's text-generation-inference);
 * - stop strings: text that could be the start of a stop string is held back until it is known
 *   not to be one, and nothing from the first stop string on is ever released.
 */
const REPLACEMENT_CHARACTER = '\uFFFD';

export interface StreamingTextAssemblerOptions {
  /** Decodes ids to text, skipping special tokens. */
  decode: (tokenIds: readonly number[]) => string;
  /** Generation ends at the first of these; it is not part of the output. */
  stopStrings?: readonly string[];
}

export class StreamingTextAssembler {
  private readonly decode: (tokenIds: readonly number[]) => string;
  private readonly stopStrings: readonly string[];
  private readonly tokenIds: number[] = [];
  private prefixOffset = 0;
  private readOffset = 0;
  /** Decoded text not yet released because it might begin a stop string. */
  private held = '';
  private released = '';
  private stopFound = false;

  constructor({ decode, stopStrings = [] }: StreamingTextAssemblerOptions) {
    this.decode = decode;
    this.stopStrings = stopStrings.filter((stop) => stop.length > 0);
  }

  /** True once a stop string appeared; later tokens are ignored. */
  get stopped(): boolean {
    return this.stopFound;
  }

  /** All text released so far. */
  get text(): string {
    return this.released;
  }

  /** Adds one generated token and returns the text it made releasable ('' if none). */
  push(tokenId: number): string {
    if (this.stopFound) return '';
    this.tokenIds.push(tokenId);
    const before = this.decode(this.tokenIds.slice(this.prefixOffset, this.readOffset));
    const after = this.decode(this.tokenIds.slice(this.prefixOffset));
    if (after.length <= before.length || after.endsWith(REPLACEMENT_CHARACTER)) return '';
    this.prefixOffset = this.readOffset;
    this.readOffset = this.tokenIds.length;
    return this.accept(after.slice(before.length), false);
  }

  /** Releases whatever is still held (an unfinished character decodes as U+FFFD). */
  finish(): string {
    if (this.stopFound) return '';
    const before = this.decode(this.tokenIds.slice(this.prefixOffset, this.readOffset));
    const after = this.decode(this.tokenIds.slice(this.prefixOffset));
    this.prefixOffset = this.readOffset = this.tokenIds.length;
    return this.accept(after.slice(before.length), true);
  }

  private accept(piece: string, final: boolean): string {
    const pending = this.held + piece;
    const stopIndex = this.firstStopIndex(pending);
    let releasable: string;
    if (stopIndex !== undefined) {
      this.stopFound = true;
      releasable = pending.slice(0, stopIndex);
      this.held = '';
    } else {
      const keep = final ? 0 : this.possibleStopPrefixLength(pending);
      releasable = pending.slice(0, pending.length - keep);
      this.held = pending.slice(pending.length - keep);
    }
    this.released += releasable;
    return releasable;
  }

  private firstStopIndex(text: string): number | undefined {
    let first: number | undefined;
    for (const stop of this.stopStrings) {
      const index = text.indexOf(stop);
      if (index !== -1 && (first === undefined || index < first)) first = index;
    }
    return first;
  }

  /** Length of the longest tail of `text` that a stop string starts with. */
  private possibleStopPrefixLength(text: string): number {
    let longest = 0;
    for (const stop of this.stopStrings) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
