import { describe, expect, it } from 'vitest';
import type { InjectionSet } from './classifier-data.ts';
import { matchedOperatingPoints, matchedTable } from './classifier-matched.ts';
import type { SetResult } from './classifier-report.ts';

const set = (name: string, kind: InjectionSet['kind'], attack: boolean[]): InjectionSet => ({ name, note: '', kind, texts: attack.map((_, index) => `text ${index}`), attack });
const result = (injectionSet: InjectionSet, ours: number[], peer: boolean[]): SetResult => ({
  set: injectionSet,
  detections: new Map([
    ['ours', ours.map((score) => ({ score, flagged: score >= 0.5 }))],
    ['peer', peer.map((flagged) => ({ score: flagged ? 1 : 0, flagged }))],
  ]),
  microseconds: new Map(),
});

describe('matchedOperatingPoints', () => {
  // The peer flags 1 of 4 NotInject texts; at our own 0.5 threshold we would flag 2.
  const notInject = result(set('NotInject', 'benign-only', [false, false, false, false]), [0.1, 0.6, 0.9, 0.95], [false, false, false, true]);
  const wild = result(set('in-the-wild', 'attack-only', [true, true, true, true]), [0.99, 0.97, 0.92, 0.4], [true, true, false, false]);
  const mixed = result(set('mixed', 'mixed', [true, true, false, false]), [0.96, 0.7, 0.93, 0.2], [true, false, false, false]);

  it('raises the threshold to the peer\'s NotInject false-positive rate and scores every set there', () => {
    const [comparison] = matchedOperatingPoints([notInject, wild, mixed], 'ours', ['peer']) ?? [];
    expect(comparison?.referenceFalsePositiveRate).toBe(0.25);
    // Just above 0.9, so only 0.95 stays flagged on NotInject.
    expect(comparison?.threshold).toBeGreaterThan(0.9);
    expect(comparison?.threshold).toBeLessThan(0.92);
    expect(comparison?.sets).toEqual([
      { name: 'NotInject', kind: 'benign-only', ours: 0.25, peer: 0.25, oursWins: true },
      { name: 'in-the-wild', kind: 'attack-only', ours: 0.75, peer: 0.5, oursWins: true },
      // Ours flags 0.96 (attack) and 0.93 (benign): precision 0.5, recall 0.5; the peer: 1 and 0.5.
      { name: 'mixed', kind: 'mixed', ours: 0.5, peer: 2 / 3, oursWins: false },
    ]);
  });

  it('renders ours / peer with ours in bold only where it is better', () => {
    const table = matchedTable(matchedOperatingPoints([notInject, wild, mixed], 'ours', ['peer']) ?? [], 'ours');
    expect(table).toContain('| peer (0.250) |');
    expect(table).toContain('**0.750** / 0.500');
    expect(table).toContain('| 0.500 / 0.667 |');
  });

  it('is undefined without the reference set', () => {
    expect(matchedOperatingPoints([wild], 'ours', ['peer'])).toBeUndefined();
  });
});
