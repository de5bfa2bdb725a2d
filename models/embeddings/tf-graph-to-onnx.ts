/**
 * Converts a TensorFlow.js graph model (model.json + weight shards) into an ONNX graph, op by op.
 *
 * Only the TensorFlow ops that the Universal Sentence Encoder lite graph uses are mapped; an
 * unknown op stops the conversion with its name, so a changed source graph fails loudly instead
 * of producing a wrong model. TensorFlow.js stores int64 constants as int32, so every TensorFlow
 * integer tensor becomes int64 in ONNX, which also keeps Shape/NonZero outputs and the ops that
 * consume them on one type.
 */
import { OP_CONVERTERS } from './tf-op-converters.ts';
import { Conversion, TfjsModelJson, elementTypeOf, type Constant, type TfNode } from './tf-graph.ts';

export { TfjsModelJson };

export interface ConvertOptions {
  model: TfjsModelJson;
  /** The weight shards concatenated in manifest order. */
  weightBytes: Uint8Array;
  /** TensorFlow node whose output 0 becomes the ONNX output. */
  outputNode: string;
  outputName: string;
  /** Symbolic or fixed dims of the output, for the graph signature. */
  outputShape: readonly (number | string)[];
  graphName: string;
  producerName: string;
  docString?: string;
  /**
   * TensorFlow tensor with the [n, 2] (sentence, position) indices of real tokens. When set, 1x1
   * convolutions over the padded batch run on those rows only; valid only for graphs that mask
   * padded positions out of attention and pooling (the Universal Sentence Encoder does).
   */
  packedPositions?: string;
}

function decodeWeights(model: TfjsModelJson, bytes: Uint8Array): Map<string, Constant> {
  const weights = new Map<string, Constant>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const group of model.weightsManifest) {
    for (const spec of group.weights) {
      const count = spec.shape.reduce((product, size) => product * size, 1);
      if (offset + count * 4 > bytes.byteLength) throw new Error(`weights end before "${spec.name}"`);
      if (spec.dtype === 'float32') {
        const values = new Float32Array(count);
        for (let index = 0; index < count; index++) values[index] = view.getFloat32(offset + index * 4, true);
        weights.set(spec.name, { type: 'float32', dims: spec.shape, values });
      } else {
        const values: number[] = [];
        for (let index = 0; index < count; index++) values.push(view.getInt32(offset + index * 4, true));
        weights.set(spec.name, { type: 'int64', dims: spec.shape, values });
      }
      offset += count * 4;
    }
  }
  if (offset !== bytes.byteLength) throw new Error(`weights are ${bytes.byteLength} bytes, the manifest describes ${offset}`);
  return weights;
}

/** GraphDef order is not guaranteed to be topological; producers must be converted first. */
function topologicalOrder(nodes: readonly TfNode[]): TfNode[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const ordered: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: TfNode) => {
    const seen = state.get(node.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`the graph has a cycle through "${node.name}"`);
    state.set(node.name, 'visiting');
    for (const input of node.input) {
      const producer = byName.get(input.replace(/^\^/, '').replace(/:\d+$/, ''));
      if (producer) visit(producer);
    }
    state.set(node.name, 'done');
    ordered.push(node);
  };
  nodes.forEach(visit);
  return ordered;
}

/**
 * Converts the graph and returns ONNX ModelProto bytes. Inputs are the graph's Placeholders
 * (as int64 when TensorFlow declares an integer type); the output is `outputName`.
 * Same inputs, same bytes.
 *
 * @example
 *   const onnxBytes = convertTfjsGraphToOnnx({ model, weightBytes, outputNode: 'l2_normalize', outputName: 'embeddings', outputShape: ['batch', 512], graphName: 'use', producerName: 'switchyard' });
 */
export function convertTfjsGraphToOnnx({
  model,
  weightBytes,
  outputNode,
  outputName,
  outputShape,
  graphName,
  producerName,
  docString,
  packedPositions,
}: ConvertOptions): Uint8Array {
  const conversion = new Conversion(graphName, packedPositions === undefined ? {} : { packedPositions });
  const weights = decodeWeights(model, weightBytes);
  const nodes = model.modelTopology.node;

  for (const node of nodes) {
    if (node.op === 'Const') {
      const weight = weights.get(node.name);
      if (!weight) throw new Error(`Const "${node.name}" has no weights`);
      const type = elementTypeOf(node.attr.dtype?.type, `Const "${node.name}"`);
      conversion.defineConstant(node.name, { type, dims: weight.dims, values: weight.values });
    } else if (node.op === 'Placeholder') {
      const type = elementTypeOf(node.attr.dtype?.type, `Placeholder "${node.name}"`);
      const dims = (node.attr.shape?.shape?.dim ?? []).map((dimension, index) =>
        dimension.size === '-1' ? `${node.name}_dim_${index}` : Number(dimension.size),
      );
      conversion.define(node.name, { name: conversion.graph.input(node.name, type, dims), type });
    }
  }

  for (const node of topologicalOrder(nodes)) {
    if (node.op === 'Const' || node.op === 'Placeholder') continue;
    const convert = OP_CONVERTERS[node.op];
    if (!convert) throw new Error(`unsupported TensorFlow op ${node.op} (node "${node.name}")`);
    const inputs = node.input.filter((input) => !input.startsWith('^'));
    const converted = convert(conversion, { ...node, input: inputs });
    const outputs = Array.isArray(converted) ? converted : [converted];
    outputs.forEach((value, index) => conversion.define(index === 0 ? node.name : `${node.name}:${index}`, value));
  }

  const result = conversion.value(outputNode);
  conversion.graph.output(outputName, result.type, outputShape);
  conversion.node('Identity', [result.name], {}, [outputName]);
  return conversion.graph.encode({ producerName, ...(docString ? { docString } : {}) });
}
