/**
 * Adam for the dense layers and lazy Adam for the embedding table (only rows touched in the batch
 * move, so a step costs the batch's features, not the whole table). Steps clear the gradients.
 */
import { HEADS, type Gradients, type Network } from './network.ts';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

interface Moments {
  first: Float64Array;
  second: Float64Array;
}

const momentsFor = (length: number): Moments => ({ first: new Float64Array(length), second: new Float64Array(length) });

export interface Adam {
  /** Applies and clears `gradients`; `learningRate` overrides the default for this step (schedules). */
  step(gradients: Gradients, learningRate?: number): void;
}

/**
 * Creates the optimizer for one network.
 *
 * @example
 * const adam = createAdam(network, { learningRate: 0.01 })
 * adam.step(gradients)
 */
export function createAdam(network: Network, { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }: AdamOptions): Adam {
  const embedding = momentsFor(network.embedding.length);
  const hidden = { weight: momentsFor(network.hidden.weight.length), bias: momentsFor(network.hidden.bias.length) };
  const heads = Object.fromEntries(HEADS.map((head) => [head, { weight: momentsFor(network.heads[head].weight.length), bias: momentsFor(network.heads[head].bias.length) }]));
  let time = 0;

  function update(parameters: Float64Array, gradient: Float64Array, moments: Moments, index: number, rate: number, correction1: number, correction2: number): void {
    const value = gradient[index] ?? 0;
    const first = beta1 * (moments.first[index] ?? 0) + (1 - beta1) * value;
    const second = beta2 * (moments.second[index] ?? 0) + (1 - beta2) * value * value;
    moments.first[index] = first;
    moments.second[index] = second;
    parameters[index]! -= (rate * (first / correction1)) / (Math.sqrt(second / correction2) + epsilon);
    gradient[index] = 0;
  }

  function updateAll(parameters: Float64Array, gradient: Float64Array, moments: Moments, rate: number, correction1: number, correction2: number): void {
    for (let index = 0; index < parameters.length; index++) update(parameters, gradient, moments, index, rate, correction1, correction2);
  }

  return {
    step(gradients, rate = learningRate) {
      time += 1;
      const correction1 = 1 - beta1 ** time;
      const correction2 = 1 - beta2 ** time;
      const { dimension } = network.shape;
      for (const row of gradients.touchedRows) {
        for (let column = 0; column < dimension; column++) update(network.embedding, gradients.embedding, embedding, row * dimension + column, rate, correction1, correction2);
        gradients.touchedMask[row] = 0;
      }
      gradients.touchedRows.length = 0;
      updateAll(network.hidden.weight, gradients.hidden.weight, hidden.weight, rate, correction1, correction2);
      updateAll(network.hidden.bias, gradients.hidden.bias, hidden.bias, rate, correction1, correction2);
      for (const head of HEADS) {
        const moments = heads[head];
        if (!moments) continue;
        updateAll(network.heads[head].weight, gradients.heads[head].weight, moments.weight, rate, correction1, correction2);
        updateAll(network.heads[head].bias, gradients.heads[head].bias, moments.bias, rate, correction1, correction2);
      }
    },
  };
}
