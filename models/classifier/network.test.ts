import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../shared/random/seeded-random.ts';
import { float16Bits } from '../fixtures/onnx-graph-builder.ts';
import { accumulate, createGradients, createNetwork, forward, roundToFloat16, type EncodedExample, type Network } from './network.ts';

const SHAPE = { buckets: 16, dimension: 3, hidden: 5, classes: { injection: 2, difficulty: 2, task: 3 } };
const HEAD_WEIGHTS = { injection: 1, difficulty: 0.7, task: 0.5 };

function loss(network: Network, example: EncodedExample): number {
  const { probabilities } = forward(network, example);
  return -(
    Math.log(probabilities.injection[example.labels.injection] ?? 1) * HEAD_WEIGHTS.injection +
    Math.log(probabilities.difficulty[example.labels.difficulty] ?? 1) * HEAD_WEIGHTS.difficulty +
    (example.labels.task >= 0 ? Math.log(probabilities.task[example.labels.task] ?? 1) * HEAD_WEIGHTS.task : 0)
  );
}

describe('network gradients', () => {
  it('match finite differences for every parameter group (masked task head included)', () => {
    const network = createNetwork(SHAPE, createSeededRandom(3));
    for (const head of ['injection', 'difficulty', 'task'] as const) network.heads[head].bias.forEach((_, index, bias) => (bias[index] = 0.1 * (index + 1)));
    const example: EncodedExample = { ids: Int32Array.of(1, 4, 9), weights: Float32Array.of(0.5, 0.7, 0.5), labels: { injection: 1, difficulty: 0, task: -1 } };
    const gradients = createGradients(network);
    accumulate(network, example, gradients, HEAD_WEIGHTS, 1);

    const check = (parameters: Float64Array, analytic: Float64Array, index: number) => {
      const saved = parameters[index] ?? 0;
      parameters[index] = saved + 1e-6;
      const up = loss(network, example);
      parameters[index] = saved - 1e-6;
      const down = loss(network, example);
      parameters[index] = saved;
      expect(analytic[index]).toBeCloseTo((up - down) / 2e-6, 5);
    };
    for (const index of [4 * 3, 4 * 3 + 2, 9 * 3 + 1]) check(network.embedding, gradients.embedding, index);
    for (let index = 0; index < network.hidden.weight.length; index += 2) check(network.hidden.weight, gradients.hidden.weight, index);
    for (let index = 0; index < network.heads.injection.weight.length; index++) check(network.heads.injection.weight, gradients.heads.injection.weight, index);
    check(network.heads.difficulty.bias, gradients.heads.difficulty.bias, 1);
    expect(Array.from(gradients.heads.task.weight).every((value) => value === 0)).toBe(true);
    expect(gradients.touchedRows).toEqual([1, 4, 9]);
  });
});

describe('fp16 rounding', () => {
  it('rounds to the value the exporter stores', () => {
    for (const value of [0, 1, -2.5, 0.1, 1e-5, 3.14159, -65504, 1e-8]) {
      const rounded = roundToFloat16(value);
      expect(float16Bits(rounded)).toBe(float16Bits(value));
      expect(Math.abs(rounded - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -10 + 2 ** -24);
    }
  });
});
