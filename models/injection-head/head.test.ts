import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../shared/random/seeded-random.ts';
import { headGradients, headLogit, sigmoid, trainInjectionHead, type InjectionHead, type InjectionHeadOptions } from './head.ts';

// XOR of the first two coordinates plus two noise coordinates: no line separates it, one hidden layer does.
function xorProblem(count: number, seed: number): { vectors: Float64Array[]; labels: number[] } {
  const random = createSeededRandom(seed);
  const vectors: Float64Array[] = [];
  const labels: number[] = [];
  for (let index = 0; index < count; index++) {
    const [first, second] = [random() * 2 - 1, random() * 2 - 1];
    vectors.push(Float64Array.from([first, second, random() * 0.2 - 0.1, random() * 0.2 - 0.1]));
    labels.push(first * second > 0 ? 1 : 0);
  }
  return { vectors, labels };
}

const accuracy = (options: InjectionHeadOptions): number => {
  const train = xorProblem(600, 1);
  const test = xorProblem(300, 2);
  const head = trainInjectionHead(train.vectors, train.labels, options);
  const correct = test.vectors.filter((vector, index) => (sigmoid(headLogit(head, vector)) >= 0.5 ? 1 : 0) === test.labels[index]).length;
  return correct / test.vectors.length;
};

const OPTIONS: InjectionHeadOptions = { hidden: 16, epochs: 40, batchSize: 32, learningRate: 0.02, weightDecay: 0, seed: 7 };

describe('trainInjectionHead', () => {
  it('learns a problem that needs its hidden layer, which logistic regression cannot', () => {
    expect(accuracy(OPTIONS)).toBeGreaterThan(0.9);
    expect(accuracy({ ...OPTIONS, hidden: 0 })).toBeLessThan(0.75);
  });

  it.each([16, 0])('back-propagates the log loss exactly with %i hidden units (finite differences on every layer)', (hidden) => {
    const { vectors, labels } = xorProblem(50, 6);
    const head = trainInjectionHead(vectors, labels, { ...OPTIONS, hidden, epochs: 2 });
    const vector = vectors[0] ?? new Float64Array(4);
    const label = labels[0] ?? 0;
    const loss = () => {
      const probability = sigmoid(headLogit(head, vector));
      return -Math.log(label === 1 ? probability : 1 - probability);
    };
    const analytic = headGradients(head, vector, label);
    const layers = ['firstWeight', 'firstBias', 'outputWeight', 'outputBias'] as const satisfies readonly (keyof InjectionHead)[];
    for (const layer of layers) {
      for (let index = 0; index < head[layer].length; index += 3) {
        const original = head[layer][index] ?? 0;
        head[layer][index] = original + 1e-6;
        const above = loss();
        head[layer][index] = original - 1e-6;
        const below = loss();
        head[layer][index] = original;
        expect(analytic[layer][index], `${layer}[${index}]`).toBeCloseTo((above - below) / 2e-6, 6);
      }
    }
  });

  it('reproduces its weights bit for bit from the seed, and differs with another seed', () => {
    const { vectors, labels } = xorProblem(200, 3);
    const options = { ...OPTIONS, epochs: 5 };
    const first = trainInjectionHead(vectors, labels, options);
    const second = trainInjectionHead(vectors, labels, options);
    const reseeded = trainInjectionHead(vectors, labels, { ...options, seed: 8 });
    expect(Array.from(second.firstWeight)).toEqual(Array.from(first.firstWeight));
    expect(Array.from(second.outputWeight)).toEqual(Array.from(first.outputWeight));
    expect(Array.from(reseeded.firstWeight)).not.toEqual(Array.from(first.firstWeight));
  });

  it('reports a falling loss per epoch', () => {
    const { vectors, labels } = xorProblem(300, 4);
    const losses: number[] = [];
    trainInjectionHead(vectors, labels, OPTIONS, (report) => losses.push(report.loss));
    expect(losses).toHaveLength(OPTIONS.epochs);
    expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.5);
  });

  it('refuses a single class and vectors of the wrong width', () => {
    const { vectors } = xorProblem(10, 5);
    expect(() => trainInjectionHead(vectors, vectors.map(() => 1), OPTIONS)).toThrow(/both attacks and benign/);
    const head = trainInjectionHead(vectors, vectors.map((_, index) => index % 2), { ...OPTIONS, epochs: 1 });
    expect(() => headLogit(head, [1, 2])).toThrow(/takes 4 inputs/);
  });
});
