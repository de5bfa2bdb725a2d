/**
 * A small template language for the corpus: `{slot}` (a name) is replaced by a random value of that slot,
 * values may contain further slots, and `{a|b|c}` picks one inline alternative. Every choice draws
 * from one seeded PRNG, so the same seed always writes the same corpus.
 */
export type Slots = Readonly<Record<string, readonly string[]>>;
export type Random = () => number;

const MAX_DEPTH = 6;

export function pick<T>(items: readonly T[], random: Random): T {
  if (items.length === 0) throw new Error('pick needs a non-empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/** Slots that keep their first value within one fill, and the values chosen so far. */
export interface StickyChoices {
  names: readonly string[];
  chosen: Map<string, string>;
}

/**
 * Fills every placeholder in `template`. Unknown slot names are an error, not silent text. Slots
 * named in `sticky` keep their first value for the whole fill (one persona name per prompt).
 */
export function fill(template: string, slots: Slots, random: Random, depth = 0, sticky?: StickyChoices): string {
  if (depth > MAX_DEPTH) throw new Error(`template nests deeper than ${MAX_DEPTH}: ${template.slice(0, 60)}`);
  return template.replace(/\{([A-Za-z][\w]*|[^{}\n]*\|[^{}\n]*)\}/g, (_, body: string) => {
    if (body.includes('|')) return fill(pick(body.split('|'), random), slots, random, depth + 1, sticky);
    const values = slots[body];
    if (!values) throw new Error(`unknown slot {${body}} in template: ${template.slice(0, 60)}`);
    const kept = sticky?.chosen.get(body);
    if (kept !== undefined) return kept;
    const value = fill(pick(values, random), slots, random, depth + 1, sticky);
    if (sticky?.names.includes(body)) sticky.chosen.set(body, value);
    return value;
  });
}

/** Up to `count` distinct fills of one template (fewer when the template has fewer variants). */
export function variants(template: string, slots: Slots, random: Random, count: number, stickySlots: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (let attempt = 0; attempt < count * 4 && seen.size < count; attempt++) {
    seen.add(tidy(fill(template, slots, random, 0, { names: stickySlots, chosen: new Map() })));
  }
  return [...seen];
}

/** Collapses doubled spaces left by empty slot values (indentation stays). */
export function tidy(text: string): string {
  return text.replace(/(\S)[ \t]{2,}/g, '$1 ').replace(/(\w) +([,.?!;:])(?=\s|$)/g, '$1$2').trim();
}

/** Deterministic 32-bit FNV-1a of a string (split assignment, seeds per group). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
