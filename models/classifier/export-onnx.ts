/**
 * Writes the edge classifier as ONNX (IR 8, opset 17; runs in onnxruntime-web and -node):
 *
 *   ids [b,w] int64, weights [b,w] float
 *     → Gather(embedding fp16 [buckets,d]) → Cast float → × weights → ReduceSum over w   (an embedding bag)
 *     → MatMul + Add + Relu                                                               (shared hidden layer)
 *     → per head: MatMul + Add → ÷ temperature → Softmax    → injection [b,2], difficulty [b,2], task [b,T]
 *
 * The embedding table is stored in half precision to keep the file (and the Worker) small.
 */
import { OnnxGraphBuilder, dataTypeCode } from '../fixtures/onnx-graph-builder.ts';
import { CLASSIFIER_IO } from '../../shared/classifier/manifest.ts';

export interface DenseLayer {
  /** Row-major [inputs, outputs]. */
  weight: Float32Array;
  bias: Float32Array;
  inputs: number;
  outputs: number;
}

export interface ClassifierWeights {
  buckets: number;
  dimension: number;
  /** Row-major [buckets, dimension]. */
  embedding: Float32Array;
  hidden: DenseLayer;
  heads: { injection: DenseLayer; difficulty: DenseLayer; task: DenseLayer };
  temperatures: { injection: number; difficulty: number; task: number };
}

function checkLayer(name: string, layer: DenseLayer, inputs: number): void {
  if (layer.inputs !== inputs) throw new Error(`${name} takes ${layer.inputs} inputs, expected ${inputs}`);
  if (layer.weight.length !== layer.inputs * layer.outputs) throw new Error(`${name} weight has the wrong size`);
  if (layer.bias.length !== layer.outputs) throw new Error(`${name} bias has the wrong size`);
}

export function exportClassifierOnnx(weights: ClassifierWeights, { docString }: { docString: string }): Uint8Array {
  const { buckets, dimension, hidden, heads, temperatures } = weights;
  if (weights.embedding.length !== buckets * dimension) throw new Error('embedding has the wrong size');
  checkLayer('hidden', hidden, dimension);
  for (const [name, head] of Object.entries(heads)) checkLayer(name, head, hidden.outputs);

  const graph = new OnnxGraphBuilder('switchyard-edge-classifier');
  const ids = graph.input(CLASSIFIER_IO.inputs.ids, 'int64', ['batch', 'width']);
  const featureWeights = graph.input(CLASSIFIER_IO.inputs.weights, 'float32', ['batch', 'width']);

  const table = graph.float16Tensor('embedding', [buckets, dimension], weights.embedding);
  const gathered = graph.node('Cast', [graph.node('Gather', [table, ids], { attributes: { axis: { kind: 'int', value: 0 } } })], {
    attributes: { to: { kind: 'int', value: dataTypeCode('float32') } },
  });
  const expanded = graph.node('Unsqueeze', [featureWeights, graph.int64Tensor('axis_2', [2])]);
  const bag = graph.node('ReduceSum', [graph.node('Mul', [gathered, expanded]), graph.int64Tensor('axis_1', [1])], {
    attributes: { keepdims: { kind: 'int', value: 0 } },
  });

  const dense = (name: string, input: string, layer: DenseLayer) =>
    graph.node('Add', [
      graph.node('MatMul', [input, graph.floatTensor(`${name}_weight`, [layer.inputs, layer.outputs], layer.weight)]),
      graph.floatTensor(`${name}_bias`, [layer.outputs], layer.bias),
    ]);
  const shared = graph.node('Relu', [dense('hidden', bag, hidden)]);

  for (const head of ['injection', 'difficulty', 'task'] as const) {
    const logits = graph.node('Div', [dense(head, shared, heads[head]), graph.floatScalar(`${head}_temperature`, temperatures[head])]);
    const output = CLASSIFIER_IO.outputs[head];
    graph.node('Softmax', [logits], { outputs: [output], attributes: { axis: { kind: 'int', value: -1 } } });
    graph.output(output, 'float32', ['batch', heads[head].outputs]);
  }
  return graph.encode({ producerName: 'switchyard-models-train', docString });
}
