/**
 * Fuzzing the scanner: random text in many scripts (with broken surrogate pairs) must always give
 * well-formed findings, and long inputs built to trip backtracking regexes must finish. A
 * catastrophic pattern would not finish at all on these sizes, so the test timeout is the check;
 * throughput is measured by `npm run bench pii`, not here.
 */
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random/seeded-random.ts';
import { adversarialInputs, randomText } from './detect-cases.ts';
import { detectPii, PII_TYPES, PiiVault, type PiiSpan } from './index.ts';

function expectWellFormed(text: string, spans: readonly PiiSpan[]): void {
  let previousEnd = 0;
  for (const span of spans) {
    expect(PII_TYPES).toContain(span.type);
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(span.score).toBeGreaterThan(0);
    expect(span.score).toBeLessThanOrEqual(1);
    previousEnd = span.end;
  }
}

/** Inputs aimed at each recognizer's loops: long runs of the characters it starts from or extends over. */
const ADVERSARIAL = adversarialInputs(256 * 1024);

describe('detectPii under fuzzing', () => {
  it('returns sorted, non-overlapping, in-bounds findings for random text', () => {
    const next = createSeededRandom(20_261_130);
    for (let round = 0; round < 1500; round++) {
      const text = randomText(next, Math.floor(next() * 400));
      expectWellFormed(text, detectPii(text));
    }
  });

  it.each(Object.entries(ADVERSARIAL))('finishes on %s (256 KB)', (_name, text) => {
    expectWellFormed(text, detectPii(text));
  });

  it('masks and unmasks a 1 MB prompt made of repeated personal data', () => {
    const unit = 'Contact Maria Lopez at maria.lopez@example.org or +1 415 555 0132, card 4111 1111 1111 1111. ';
    const text = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    const vault = new PiiVault();
    const masked = vault.mask(text);
    expect(masked).not.toContain('maria.lopez@example.org');
    expect(vault.size).toBe(4);
    expect(vault.unmask(masked)).toBe(text);
  });
});
