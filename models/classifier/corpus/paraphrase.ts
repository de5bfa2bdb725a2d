/**
 * Surface paraphrase rules for generated prompts: the same request typed the way people type it
 * (lower case, no final punctuation, contractions or their long forms, casual openers and
 * closers). Applied after slot filling, so a template never appears in one spelling only.
 */
import { pick, type Random } from './template.ts';

const CONTRACTIONS: readonly (readonly [long: RegExp, short: string, shortPattern: RegExp, longForm: string])[] = [
  [/\bdo not\b/g, "don't", /\bdon't\b/g, 'do not'],
  [/\bI am\b/g, "I'm", /\bI'm\b/g, 'I am'],
  [/\bcannot\b/g, "can't", /\bcan't\b/g, 'cannot'],
  [/\bit is\b/g, "it's", /\bit's\b/g, 'it is'],
  [/\bwhat is\b/gi, "what's", /\bwhat's\b/gi, 'what is'],
  [/\bdoes not\b/g, "doesn't", /\bdoesn't\b/g, 'does not'],
];

const WORD_SWAPS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^how do I\b/i, ['how do I', 'how can I', 'what is the best way to', 'how would I']],
  [/^can you\b/i, ['can you', 'could you', 'would you', 'will you']],
  [/^is it\b/i, ['is it', 'would it be']],
];

/** Rewrites the surface of an everyday English request; a fixed number of draws per call keeps the stream stable. */
export function casualParaphrase(text: string, random: Random): string {
  const [casing, punctuation, contraction, swap] = [random(), random(), random(), random()];
  let result = text;
  for (const [pattern, choices] of WORD_SWAPS) {
    if (pattern.test(result)) {
      result = result.replace(pattern, pick(choices, () => swap));
      break;
    }
  }
  for (const [long, short, shortPattern, longForm] of CONTRACTIONS) {
    result = contraction < 0.5 ? result.replace(long, short) : result.replace(shortPattern, longForm);
  }
  if (punctuation < 0.25) result = result.replace(/[.?!]+$/, '');
  if (casing < 0.2) result = result.toLowerCase();
  else if (casing < 0.6) result = result.charAt(0).toUpperCase() + result.slice(1);
  return result;
}
