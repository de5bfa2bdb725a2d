/**
 * The Universal Sentence Encoder lite tokenizer: a SentencePiece-style unigram segmentation over
 * the model's 8k-piece vocabulary (vocab.json: [piece, log-probability] pairs).
 *
 * It reproduces the segmentation of the TensorFlow.js reference tokenizer the weights ship with
 * (NFKC, "▁" for spaces, best-scoring lattice path, consecutive unknowns merged), except that piece
 * lengths are counted in code points, so characters outside the BMP no longer derail the
 * backward pass. Pure TypeScript: runs on Node and in workerd.
 */

export type UseVocabulary = ReadonlyArray<readonly [string, number | null]>;

const WORD_SEPARATOR = '\u2581';
/** Ids 0-5 are <unk>, <s>, </s> and three reserved pieces; segmentation never produces 1-5. */
const RESERVED_PIECE_COUNT = 6;
export const UNKNOWN_PIECE_ID = 0;

interface TrieNode {
  children: Map<string, TrieNode>;
  piece?: { id: number; score: number; length: number };
}

interface LatticeEdge {
  id: number;
  score: number;
  length: number;
}

function normalize(text: string): string {
  const normalized = text.normalize('NFKC');
  return normalized.length > 0 ? WORD_SEPARATOR + normalized.replaceAll(' ', WORD_SEPARATOR) : normalized;
}

export class UseTokenizer {
  private readonly root: TrieNode = { children: new Map() };

  constructor(vocabulary: UseVocabulary) {
    if (vocabulary.length <= RESERVED_PIECE_COUNT) throw new Error('UseTokenizer: the vocabulary is empty');
    for (let id = RESERVED_PIECE_COUNT; id < vocabulary.length; id++) {
      const entry = vocabulary[id];
      if (entry) this.insert(entry[0], entry[1] ?? 0, id);
    }
  }

  private insert(piece: string, score: number, id: number): void {
    const symbols = [...piece];
    let node = this.root;
    for (const symbol of symbols) {
      let child = node.children.get(symbol);
      if (!child) {
        child = { children: new Map() };
        node.children.set(symbol, child);
      }
      node = child;
    }
    node.piece = { id, score, length: symbols.length };
  }

  /** Pieces that start at `start`, shortest first; an unknown symbol when none does. */
  private piecesAt(symbols: readonly string[], start: number): LatticeEdge[] {
    const found: LatticeEdge[] = [];
    let node = this.root.children.get(symbols[start] ?? '');
    for (let index = start; node !== undefined && index < symbols.length; index++) {
      if (node.piece) found.push(node.piece);
      node = node.children.get(symbols[index + 1] ?? '');
    }
    return found.length > 0 ? found : [{ id: UNKNOWN_PIECE_ID, score: 0, length: 1 }];
  }

  /** Token ids for one text; empty text gives no tokens. */
  encode(text: string): number[] {
    const symbols = [...normalize(text)];
    // edgesEndingAt[end] holds, by start position, the pieces spanning start..end.
    const edgesEndingAt: Map<number, LatticeEdge[]>[] = Array.from({ length: symbols.length + 1 }, () => new Map());
    for (let start = 0; start < symbols.length; start++) {
      for (const edge of this.piecesAt(symbols, start)) {
        const starts = edgesEndingAt[start + edge.length];
        if (!starts) continue;
        const list = starts.get(start) ?? [];
        list.push(edge);
        starts.set(start, list);
      }
    }

    const best = new Array<number>(symbols.length + 1).fill(0);
    const chosen = new Array<LatticeEdge | undefined>(symbols.length + 1).fill(undefined);
    for (let end = 0; end <= symbols.length; end++) {
      const starts = edgesEndingAt[end];
      if (!starts) continue;
      // Ascending start, as the reference iterates object keys; a later tie wins, as there.
      for (const start of [...starts.keys()].sort((left, right) => left - right)) {
        for (const edge of starts.get(start) ?? []) {
          const score = edge.score + (best[end - edge.length] ?? 0);
          // The reference treats 0 as "unset"; keeping that keeps its segmentation.
          if (best[end] === 0 || score >= (best[end] ?? 0)) {
            best[end] = score;
            chosen[end] = edge;
          }
        }
      }
    }

    const reversed: number[] = [];
    for (let position = symbols.length; position > 0; ) {
      const edge = chosen[position];
      if (!edge) break;
      reversed.push(edge.id);
      position -= edge.length;
    }
    const ids: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === UNKNOWN_PIECE_ID)) ids.push(id);
      previousUnknown = id === UNKNOWN_PIECE_ID;
    }
    return ids.reverse();
  }
}
