/**
 * detectPii's exact output (spans, types, scores, order, under several option sets) is pinned by
 * digests recorded from the implementation before it was optimized (detect-digests.json), so a
 * faster scan must give identical findings on the benchmark corpus, the evaluation sets, the fuzz
 * inputs and a few thousand random mixed texts. Only digests are committed, never evaluation text.
 *
 * After an intended change of findings, re-record with `PII_DIGESTS_RECORD=1 npx vitest run
 * --project node shared/pii/detect-digests.test.ts` and say why in the change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticPrompts } from '../../test/eval/pii-corpus.ts';
import { loadPiiSets, piiEvaldataAvailable } from '../../test/eval/pii-data.ts';
import { adversarialInputs, DIGEST_OPTIONS, findingsDigest, fuzzTexts, randomMixedTexts } from './detect-cases.ts';
import { detectPii } from './index.ts';

const DIGESTS_PATH = new URL('./detect-digests.json', import.meta.url);
const RECORD = process.env.PII_DIGESTS_RECORD === '1';

function groups(): Record<string, () => string[]> {
  const always: Record<string, () => string[]> = {
    'bench corpus': () => syntheticPrompts({ size: 1024 * 1024 }),
    'dense corpus': () => syntheticPrompts({ size: 256 * 1024, density: 1, seed: 11 }),
    'fuzz random': () => fuzzTexts(),
    'random mixed': () => randomMixedTexts(3000),
    'adversarial 16 KB': () => Object.values(adversarialInputs(16 * 1024)),
  };
  if (!piiEvaldataAvailable()) return always;
  const sets = loadPiiSets();
  return {
    ...always,
    'evaldata presidio synthetic': () => sets.synth.map((document) => document.text),
    'evaldata presidio recognizer cases': () => sets.recognizerCases.map((document) => document.text),
    'evaldata detect-secrets cases': () => sets.secretCases.map((flagCase) => flagCase.text),
  };
}

function digestsOf(texts: readonly string[]): string[] {
  return texts.map((text) => findingsDigest(DIGEST_OPTIONS.map((options) => detectPii(text, options))));
}

const recorded = RECORD ? {} : (JSON.parse(readFileSync(DIGESTS_PATH, 'utf8')) as Record<string, string[]>);
const computed: Record<string, string[]> = {};

describe('detectPii output matches the recorded digests', () => {
  it.each(Object.entries(groups()))('%s', (name, texts) => {
    const digests = digestsOf(texts());
    computed[name] = digests;
    if (RECORD) {
      writeFileSync(DIGESTS_PATH, `${JSON.stringify({ ...(JSON.parse(safeRead()) as object), ...computed }, null, 0).replaceAll('],"', '],\n"')}\n`);
      return;
    }
    const expected = recorded[name];
    expect(expected, `no digests recorded for "${name}"; record them (see the top of this file)`).toBeDefined();
    const differing = digests.flatMap((digest, index) => (digest === expected?.[index] ? [] : [index]));
    expect(digests.length).toBe(expected?.length);
    expect(differing, `texts whose findings changed (indices into "${name}")`).toEqual([]);
  });
});

function safeRead(): string {
  try {
    return readFileSync(DIGESTS_PATH, 'utf8');
  } catch {
    return '{}';
  }
}
