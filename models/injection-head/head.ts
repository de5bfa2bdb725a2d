/**
 * A small injection head on sentence embeddings (issue 3's second-stage experiment): logistic
 * regression (`hidden: 0`) or one ReLU hidden layer, one logit out (P(attack) = sigmoid). Trained
 * with Adam on class-balanced binary cross-entropy, a seeded shuffle per epoch and float64
 * arithmetic, so a rerun gives the same weights bit for bit.
 */
import { createSeededRandom } from '../../shared/random/seeded-random.ts';

export interface InjectionHeadOptions {
  /** Hidden units; 0 = logistic regression. */
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weights (not the biases), added to the gradient. */
  weightDecay: number;
  seed: number;
}

export interface InjectionHead {
  inputs: number;
  hidden: number;
  /** Row-major [inputs, hidden]; empty when hidden is 0. */
  firstWeight: Float64Array;
  firstBias: Float64Array;
  /** [hidden], or [inputs] when hidden is 0. */
  outputWeight: Float64Array;
  outputBias: Float64Array;
}

export interface HeadEpochReport {
  epoch: number;
  epochs: number;
  loss: number;
}

function createHead(inputs: number, hidden: number, random: () => number): InjectionHead {
  // Box-Muller: He initialization for the ReLU layer.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  if (hidden === 0) return { inputs, hidden, firstWeight: new Float64Array(0), firstBias: new Float64Array(0), outputWeight: new Float64Array(inputs), outputBias: new Float64Array(1) };
  return {
    inputs,
    hidden,
    firstWeight: Float64Array.from({ length: inputs * hidden }, () => gaussian() * Math.sqrt(2 / inputs)),
    firstBias: new Float64Array(hidden),
    outputWeight: Float64Array.from({ length: hidden }, () => gaussian() * Math.sqrt(1 / hidden)),
    outputBias: new Float64Array(1),
  };
}

export const sigmoid = (logit: number): number => 1 / (1 + Math.exp(-logit));

/** The attack logit for one vector; `activations` (length `hidden`) receives the hidden layer. */
export function headLogit(head: InjectionHead, vector: ArrayLike<number>, activations: Float64Array = new Float64Array(head.hidden)): number {
  if (vector.length !== head.inputs) throw new Error(`the head takes ${head.inputs} inputs, got ${vector.length}`);
  let logit = head.outputBias[0] ?? 0;
  if (head.hidden === 0) {
    for (let input = 0; input < head.inputs; input++) logit += (head.outputWeight[input] ?? 0) * (vector[input] ?? 0);
    return logit;
  }
  activations.set(head.firstBias);
  for (let input = 0; input < head.inputs; input++) {
    const value = vector[input] ?? 0;
    if (value === 0) continue;
    const row = input * head.hidden;
    for (let unit = 0; unit < head.hidden; unit++) activations[unit]! += value * (head.firstWeight[row + unit] ?? 0);
  }
  for (let unit = 0; unit < head.hidden; unit++) {
    if ((activations[unit] ?? 0) < 0) activations[unit] = 0;
    logit += (activations[unit] ?? 0) * (head.outputWeight[unit] ?? 0);
  }
  return logit;
}

/**
 * Trains a fresh head on `vectors` with `labels` (1 = attack, 0 = benign); classes are weighted
 * so each contributes half the loss. `onEpoch` reports progress.
 *
 * @example
 * const head = trainInjectionHead(vectors, labels, { hidden: 128, epochs: 30, batchSize: 64, learningRate: 3e-3, weightDecay: 1e-4, seed: 1130 })
 * const probability = sigmoid(headLogit(head, vector))
 */
export function trainInjectionHead(vectors: readonly ArrayLike<number>[], labels: readonly number[], options: InjectionHeadOptions, onEpoch: (report: HeadEpochReport) => void = () => {}): InjectionHead {
  const first = vectors[0];
  if (!first || vectors.length !== labels.length) throw new Error('trainInjectionHead needs one label per vector and at least one vector');
  const positives = labels.filter((label) => label === 1).length;
  if (positives === 0 || positives === labels.length) throw new Error('trainInjectionHead needs both attacks and benign examples');
  const random = createSeededRandom(options.seed);
  const head = createHead(first.length, options.hidden, random);
  const parameters = [head.firstWeight, head.firstBias, head.outputWeight, head.outputBias];
  const decays = [options.weightDecay, 0, options.weightDecay, 0];
  const gradients = parameters.map((parameter) => new Float64Array(parameter.length));
  const firstMoments = parameters.map((parameter) => new Float64Array(parameter.length));
  const secondMoments = parameters.map((parameter) => new Float64Array(parameter.length));
  const classWeight = [labels.length / (2 * (labels.length - positives)), labels.length / (2 * positives)];
  const activations = new Float64Array(options.hidden);
  const totalSteps = options.epochs * Math.ceil(vectors.length / options.batchSize);
  let step = 0;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = Array.from({ length: vectors.length }, (_, index) => index);
    for (let index = order.length - 1; index > 0; index--) {
      const swap = Math.floor(random() * (index + 1));
      [order[index], order[swap]] = [order[swap] ?? 0, order[index] ?? 0];
    }
    let loss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const index of batch) {
        const vector = vectors[index] ?? first;
        const label = labels[index] ?? 0;
        const weight = classWeight[label] ?? 1;
        const probability = sigmoid(headLogit(head, vector, activations));
        loss -= weight * Math.log(Math.max(label === 1 ? probability : 1 - probability, 1e-12));
        accumulate(head, vector, activations, (weight * (probability - label)) / batch.length, gradients);
      }
      step += 1;
      // Linear decay to a tenth of the rate: large early steps, stable final weights.
      adamStep(parameters, gradients, firstMoments, secondMoments, decays, options.learningRate * (1 - (0.9 * (step - 1)) / totalSteps), step);
    }
    onEpoch({ epoch, epochs: options.epochs, loss: loss / vectors.length });
  }
  return head;
}

/**
 * Gradients of one example's log loss (unweighted) with respect to every parameter, in the
 * head's own shape: what training accumulates, exposed for a finite-difference check.
 */
export function headGradients(head: InjectionHead, vector: ArrayLike<number>, label: number): InjectionHead {
  const activations = new Float64Array(head.hidden);
  const probability = sigmoid(headLogit(head, vector, activations));
  const gradients = [head.firstWeight, head.firstBias, head.outputWeight, head.outputBias].map((parameter) => new Float64Array(parameter.length));
  accumulate(head, vector, activations, probability - label, gradients);
  const [firstWeight = new Float64Array(0), firstBias = new Float64Array(0), outputWeight = new Float64Array(0), outputBias = new Float64Array(0)] = gradients;
  return { inputs: head.inputs, hidden: head.hidden, firstWeight, firstBias, outputWeight, outputBias };
}

function accumulate(head: InjectionHead, vector: ArrayLike<number>, activations: Float64Array, logitGradient: number, gradients: Float64Array[]): void {
  const [firstWeight, firstBias, outputWeight, outputBias] = gradients;
  if (!firstWeight || !firstBias || !outputWeight || !outputBias) throw new Error('gradients are missing a layer');
  outputBias[0]! += logitGradient;
  if (head.hidden === 0) {
    for (let input = 0; input < head.inputs; input++) outputWeight[input]! += logitGradient * (vector[input] ?? 0);
    return;
  }
  const unitGradients = new Float64Array(head.hidden);
  for (let unit = 0; unit < head.hidden; unit++) {
    const activation = activations[unit] ?? 0;
    outputWeight[unit]! += logitGradient * activation;
    if (activation > 0) unitGradients[unit] = logitGradient * (head.outputWeight[unit] ?? 0);
  }
  for (let unit = 0; unit < head.hidden; unit++) firstBias[unit]! += unitGradients[unit] ?? 0;
  for (let input = 0; input < head.inputs; input++) {
    const value = vector[input] ?? 0;
    if (value === 0) continue;
    const row = input * head.hidden;
    for (let unit = 0; unit < head.hidden; unit++) firstWeight[row + unit]! += value * (unitGradients[unit] ?? 0);
  }
}

function adamStep(parameters: Float64Array[], gradients: Float64Array[], firstMoments: Float64Array[], secondMoments: Float64Array[], decays: number[], rate: number, time: number): void {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const correction1 = 1 - beta1 ** time;
  const correction2 = 1 - beta2 ** time;
  parameters.forEach((parameter, layer) => {
    const gradient = gradients[layer];
    const first = firstMoments[layer];
    const second = secondMoments[layer];
    if (!gradient || !first || !second) return;
    const decay = decays[layer] ?? 0;
    for (let index = 0; index < parameter.length; index++) {
      const value = (gradient[index] ?? 0) + decay * (parameter[index] ?? 0);
      first[index] = beta1 * (first[index] ?? 0) + (1 - beta1) * value;
      second[index] = beta2 * (second[index] ?? 0) + (1 - beta2) * value * value;
      parameter[index]! -= (rate * ((first[index] ?? 0) / correction1)) / (Math.sqrt((second[index] ?? 0) / correction2) + epsilon);
      gradient[index] = 0;
    }
  });
}
