/**
 * The edge classifier's network in plain TypeScript, mirroring the exported ONNX graph exactly:
 * embedding bag over hashed features → dense + ReLU → three softmax heads. Training keeps
 * parameters in float64 and applies Adam (lazily for embedding rows, which are sparse), in a fixed
 * order, so the same data and seed always give the same bits.
 */
import { float16Bits } from '../fixtures/onnx-graph-builder.ts';
import type { ClassifierWeights, DenseLayer } from './export-onnx.ts';

export const HEADS = ['injection', 'difficulty', 'task'] as const;
export type HeadName = (typeof HEADS)[number];

export interface NetworkShape {
  buckets: number;
  dimension: number;
  hidden: number;
  /** Classes per head, in HEADS order. */
  classes: Record<HeadName, number>;
}

interface Dense {
  weight: Float64Array;
  bias: Float64Array;
  inputs: number;
  outputs: number;
}

export interface Network {
  shape: NetworkShape;
  embedding: Float64Array;
  hidden: Dense;
  heads: Record<HeadName, Dense>;
}

/** A featurized example: sparse features plus a class index per head, -1 where unlabeled. */
export interface EncodedExample {
  ids: Int32Array;
  weights: Float32Array;
  labels: Record<HeadName, number>;
}

function uniform(random: () => number, count: number, scale: number): Float64Array {
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) values[index] = (random() * 2 - 1) * scale;
  return values;
}

function dense(random: () => number, inputs: number, outputs: number): Dense {
  return { weight: uniform(random, inputs * outputs, Math.sqrt(6 / (inputs + outputs))), bias: new Float64Array(outputs), inputs, outputs };
}

/** Fresh weights: uniform initialization from the seeded PRNG (no Math.random, no Box-Muller). */
export function createNetwork(shape: NetworkShape, random: () => number): Network {
  return {
    shape,
    embedding: uniform(random, shape.buckets * shape.dimension, 1 / Math.sqrt(shape.dimension)),
    hidden: dense(random, shape.dimension, shape.hidden),
    heads: {
      injection: dense(random, shape.hidden, shape.classes.injection),
      difficulty: dense(random, shape.hidden, shape.classes.difficulty),
      task: dense(random, shape.hidden, shape.classes.task),
    },
  };
}

export interface Activations {
  bag: Float64Array;
  preActivation: Float64Array;
  hidden: Float64Array;
  /** Softmax of logits / temperature per head. */
  probabilities: Record<HeadName, Float64Array>;
  logits: Record<HeadName, Float64Array>;
}

function softmax(logits: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let index = 0; index < logits.length; index++) {
    out[index] = Math.exp((logits[index] ?? 0) / temperature - max);
    sum += out[index] ?? 0;
  }
  for (let index = 0; index < out.length; index++) out[index]! /= sum;
  return out;
}

function applyDense(layer: Dense, input: Float64Array): Float64Array {
  const out = Float64Array.from(layer.bias);
  for (let row = 0; row < layer.inputs; row++) {
    const value = input[row] ?? 0;
    if (value === 0) continue;
    const offset = row * layer.outputs;
    for (let column = 0; column < layer.outputs; column++) out[column]! += value * (layer.weight[offset + column] ?? 0);
  }
  return out;
}

export function forward(network: Network, example: Pick<EncodedExample, 'ids' | 'weights'>, temperatures?: Record<HeadName, number>): Activations {
  const { dimension } = network.shape;
  const bag = new Float64Array(dimension);
  for (let index = 0; index < example.ids.length; index++) {
    const weight = example.weights[index] ?? 0;
    const offset = (example.ids[index] ?? 0) * dimension;
    for (let column = 0; column < dimension; column++) bag[column]! += weight * (network.embedding[offset + column] ?? 0);
  }
  const preActivation = applyDense(network.hidden, bag);
  const hidden = preActivation.map((value) => (value > 0 ? value : 0));
  const logits = {} as Record<HeadName, Float64Array>;
  const probabilities = {} as Record<HeadName, Float64Array>;
  for (const head of HEADS) {
    logits[head] = applyDense(network.heads[head], hidden);
    probabilities[head] = softmax(logits[head], temperatures?.[head] ?? 1);
  }
  return { bag, preActivation, hidden, logits, probabilities };
}

export interface Gradients {
  embedding: Float64Array;
  /** Embedding rows with a non-zero gradient, in first-touch order. */
  touchedRows: number[];
  touchedMask: Uint8Array;
  hidden: { weight: Float64Array; bias: Float64Array };
  heads: Record<HeadName, { weight: Float64Array; bias: Float64Array }>;
}

export function createGradients(network: Network): Gradients {
  const zerosLike = (layer: Dense) => ({ weight: new Float64Array(layer.weight.length), bias: new Float64Array(layer.bias.length) });
  return {
    embedding: new Float64Array(network.embedding.length),
    touchedRows: [],
    touchedMask: new Uint8Array(network.shape.buckets),
    hidden: zerosLike(network.hidden),
    heads: { injection: zerosLike(network.heads.injection), difficulty: zerosLike(network.heads.difficulty), task: zerosLike(network.heads.task) },
  };
}

/**
 * Adds one example's gradient of the masked, weighted cross-entropy (scaled by `scale`) to
 * `gradients`, and returns its loss.
 */
export function accumulate(network: Network, example: EncodedExample, gradients: Gradients, headWeights: Record<HeadName, number>, scale: number): number {
  const activations = forward(network, example);
  const { dimension } = network.shape;
  const hiddenSize = network.shape.hidden;
  const hiddenGradient = new Float64Array(hiddenSize);
  let loss = 0;
  for (const head of HEADS) {
    const label = example.labels[head];
    if (label < 0) continue;
    const probabilities = activations.probabilities[head];
    const factor = headWeights[head] * scale;
    loss -= headWeights[head] * Math.log(Math.max(probabilities[label] ?? 0, 1e-12));
    const layer = network.heads[head];
    const gradient = gradients.heads[head];
    for (let column = 0; column < layer.outputs; column++) {
      const delta = ((probabilities[column] ?? 0) - (column === label ? 1 : 0)) * factor;
      gradient.bias[column]! += delta;
      for (let row = 0; row < hiddenSize; row++) {
        gradient.weight[row * layer.outputs + column]! += (activations.hidden[row] ?? 0) * delta;
        hiddenGradient[row]! += (layer.weight[row * layer.outputs + column] ?? 0) * delta;
      }
    }
  }
  const bagGradient = new Float64Array(dimension);
  for (let column = 0; column < hiddenSize; column++) {
    if ((activations.preActivation[column] ?? 0) <= 0) continue;
    const delta = hiddenGradient[column] ?? 0;
    gradients.hidden.bias[column]! += delta;
    for (let row = 0; row < dimension; row++) {
      gradients.hidden.weight[row * hiddenSize + column]! += (activations.bag[row] ?? 0) * delta;
      bagGradient[row]! += (network.hidden.weight[row * hiddenSize + column] ?? 0) * delta;
    }
  }
  for (let index = 0; index < example.ids.length; index++) {
    const id = example.ids[index] ?? 0;
    const weight = example.weights[index] ?? 0;
    if (!gradients.touchedMask[id]) {
      gradients.touchedMask[id] = 1;
      gradients.touchedRows.push(id);
    }
    const offset = id * dimension;
    for (let column = 0; column < dimension; column++) gradients.embedding[offset + column]! += weight * (bagGradient[column] ?? 0);
  }
  return loss;
}

/** Half-precision rounding of one value, as the exporter stores the embedding table. */
export function roundToFloat16(value: number): number {
  const bits = float16Bits(value);
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The network as the ONNX file will hold it: float32 dense layers, fp16-rounded embedding. */
export function quantizedCopy(network: Network): Network {
  const round32 = (values: Float64Array) => Float64Array.from(Float32Array.from(values));
  const copyDense = (layer: Dense): Dense => ({ ...layer, weight: round32(layer.weight), bias: round32(layer.bias) });
  return {
    shape: network.shape,
    embedding: network.embedding.map(roundToFloat16),
    hidden: copyDense(network.hidden),
    heads: { injection: copyDense(network.heads.injection), difficulty: copyDense(network.heads.difficulty), task: copyDense(network.heads.task) },
  };
}

/** Exporter input (float32 arrays) with the fitted temperatures folded in. */
export function toClassifierWeights(network: Network, temperatures: Record<HeadName, number>): ClassifierWeights {
  const toLayer = (layer: Dense): DenseLayer => ({ weight: Float32Array.from(layer.weight), bias: Float32Array.from(layer.bias), inputs: layer.inputs, outputs: layer.outputs });
  return {
    buckets: network.shape.buckets,
    dimension: network.shape.dimension,
    embedding: Float32Array.from(network.embedding),
    hidden: toLayer(network.hidden),
    heads: { injection: toLayer(network.heads.injection), difficulty: toLayer(network.heads.difficulty), task: toLayer(network.heads.task) },
    temperatures,
  };
}
