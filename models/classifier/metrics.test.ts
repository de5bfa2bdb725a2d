import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../shared/random/seeded-random.ts';
import {
  binaryMetrics,
  expectedCalibrationError,
  fitTemperature,
  multiclassMetrics,
  pickConfidenceThreshold,
  pickInjectionThreshold,
  recallAtFalsePositiveRate,
  rocAuc,
} from './metrics.ts';

describe('binary metrics', () => {
  it('counts flagged texts at or above the threshold', () => {
    const metrics = binaryMetrics([0.9, 0.6, 0.4, 0.2], [true, false, true, false], 0.5);
    expect(metrics).toMatchObject({ truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1, accuracy: 0.5, falsePositiveRate: 0.5 });
  });

  it('finds the highest recall whose false-positive rate stays within the limit, never splitting ties', () => {
    const scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    const labels = [true, true, false, true, true, false, false, false, false, false];
    expect(recallAtFalsePositiveRate(scores, labels, 0)).toMatchObject({ recall: 0.5, falsePositiveRate: 0 });
    expect(recallAtFalsePositiveRate(scores, labels, 1 / 6)).toMatchObject({ recall: 1, falsePositiveRate: 1 / 6 });
    const tied = recallAtFalsePositiveRate([0.5, 0.5, 0.1], [true, false, false], 0);
    expect(tied.recall).toBe(0);
  });

  it('computes ROC AUC with ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([0.1, 0.9], [true, false])).toBe(0);
  });
});

describe('multiclass metrics', () => {
  it('builds the confusion matrix and macro F1 over present classes', () => {
    const metrics = multiclassMetrics([0, 1, 1, 2], [0, 1, 2, 2], 4);
    expect(metrics.confusion).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.macroF1).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 10);
  });
});

describe('calibration', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = createSeededRandom(7);
    const logits: number[][] = [];
    const labels: number[] = [];
    for (let index = 0; index < 4000; index++) {
      const margin = (random() * 2 - 1) * 8;
      const probability = 1 / (1 + Math.exp(-margin / 2.5));
      logits.push([0, margin]);
      labels.push(random() < probability ? 1 : 0);
    }
    expect(fitTemperature(logits, labels)).toBeGreaterThan(2.1);
    expect(fitTemperature(logits, labels)).toBeLessThan(2.9);
  });

  it('reports zero calibration error only for calibrated confidences', () => {
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false])).toBeCloseTo(0, 10);
    expect(expectedCalibrationError([0.95, 0.95], [false, false])).toBeCloseTo(0.95, 10);
  });
});

describe('threshold choice', () => {
  it('puts the injection threshold between the last allowed benign score and the next attack score', () => {
    const scores = [0.1, 0.2, 0.3, 0.7, 0.9, 0.95];
    const labels = [false, false, false, true, true, true];
    const threshold = pickInjectionThreshold(scores, labels, 0, 0);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThanOrEqual(0.7);
    expect(binaryMetrics(scores, labels, threshold).recall).toBe(1);
    expect(pickInjectionThreshold(scores, labels, 0, 0.8)).toBe(0.8);
  });

  it('picks the lowest confidence that meets the accuracy target', () => {
    const confidences = [0.55, 0.6, 0.7, 0.8, 0.9, 0.95];
    const correct = [false, false, true, true, true, true];
    const picked = pickConfidenceThreshold(confidences, correct, 0.99, 0.5);
    expect(picked).toEqual({ threshold: 0.7, coverage: 4 / 6, accuracy: 1 });
    expect(pickConfidenceThreshold(confidences, correct, 0.5, 0.5).threshold).toBe(0.5);
  });
});
