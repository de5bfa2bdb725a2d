/** A word list that is turned into a Set on its first lookup, not when the module loads. */
export interface WordSet {
  has(word: string): boolean;
}

/**
 * Defers building a large set until a scan needs it: the census lists hold some 30,000 names,
 * and a Worker should not pay for them at start-up when a request never looks up a name.
 */
export function lazyWordSet(build: () => ReadonlySet<string>): WordSet {
  let words: ReadonlySet<string> | undefined;
  return {
    has(word) {
      words ??= build();
      return words.has(word);
    },
  };
}

/** The words of a generated, space-separated, lower-case ASCII list (no accents to fold). */
export function listWords(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
