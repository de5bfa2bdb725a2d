/**
 * The scanner gives the same findings inside workerd as the digests recorded on Node (see
 * detect-digests.test.ts): the groups that need no files, so the isolate can build them itself.
 */
import { describe, expect, it } from 'vitest';
import { syntheticPrompts } from '../../test/eval/pii-corpus.ts';
import { DIGEST_OPTIONS, findingsDigest, fuzzTexts } from './detect-cases.ts';
import recorded from './detect-digests.json';
import { detectPii } from './index.ts';

const GROUPS: Record<string, () => string[]> = {
  'dense corpus': () => syntheticPrompts({ size: 256 * 1024, density: 1, seed: 11 }),
  'fuzz random': () => fuzzTexts(),
};

describe('detectPii inside workerd', () => {
  it.each(Object.entries(GROUPS))('matches the digests recorded on Node: %s', (name, texts) => {
    const digests = texts().map((text) => findingsDigest(DIGEST_OPTIONS.map((options) => detectPii(text, options))));
    expect(digests).toEqual((recorded as Record<string, string[]>)[name]);
  });
});
