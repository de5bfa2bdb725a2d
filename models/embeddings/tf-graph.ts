/**
 * The pieces of a TensorFlow.js graph (nodes, attributes, constants) and the conversion state
 * that maps TensorFlow tensors to ONNX values while a graph is converted.
 */
import { z } from 'zod';

import { OnnxGraphBuilder, type AttributeValue, type ElementType } from '../fixtures/onnx-graph-builder.ts';

export const TfAttribute = z.looseObject({
  i: z.string().optional(),
  f: z.number().optional(),
  b: z.boolean().optional(),
  s: z.union([z.string(), z.array(z.number())]).optional(),
  type: z.union([z.number(), z.string()]).optional(),
  list: z.looseObject({ i: z.array(z.string()).optional() }).optional(),
  shape: z.looseObject({ dim: z.array(z.looseObject({ size: z.string() })).optional() }).optional(),
});
export type TfAttribute = z.infer<typeof TfAttribute>;

export const TfNode = z.looseObject({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).default([]),
  attr: z.record(z.string(), TfAttribute).default({}),
});
export type TfNode = z.infer<typeof TfNode>;

const WeightSpec = z.looseObject({
  name: z.string(),
  shape: z.array(z.int().min(0)),
  dtype: z.enum(['float32', 'int32']),
});

/** The parts of a TensorFlow.js `model.json` the converter reads. */
export const TfjsModelJson = z.looseObject({
  modelTopology: z.looseObject({ node: z.array(TfNode) }),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()), weights: z.array(WeightSpec) })),
});
export type TfjsModelJson = z.infer<typeof TfjsModelJson>;

export interface Constant {
  type: ElementType;
  dims: number[];
  values: Float32Array | number[];
}

export interface Value {
  name: string;
  type: ElementType;
}

/** TensorFlow DataType enum → ONNX element type (TF int32 and int64 both become int64). */
export function elementTypeOf(tfType: number | string | undefined, where: string): ElementType {
  switch (tfType) {
    case 1:
    case 'DT_FLOAT':
      return 'float32';
    case 3:
    case 9:
    case 'DT_INT32':
    case 'DT_INT64':
      return 'int64';
    case 10:
    case 'DT_BOOL':
      return 'bool';
    default:
      throw new Error(`${where}: unsupported TensorFlow dtype ${String(tfType)}`);
  }
}

/** Larger than any dimension; ONNX Slice clamps ends to the size. */
export const TO_THE_END = Number.MAX_SAFE_INTEGER;

export class Conversion {
  readonly graph: OnnxGraphBuilder;
  private readonly values = new Map<string, Value>();
  private readonly constants = new Map<string, Constant>();
  private readonly emittedConstants = new Set<string>();
  private nextHelper = 0;
  private readonly packedPositionsReference: string | undefined;
  private packedRowIndex: string | undefined;

  constructor(graphName: string, { packedPositions }: { packedPositions?: string } = {}) {
    this.graph = new OnnxGraphBuilder(graphName);
    this.packedPositionsReference = packedPositions;
  }

  /**
   * For every slot of the padded [batch, length] layout, the index of its real token among
   * `positions` (0 for padding). Built once: every packed projection of a graph shares the one
   * padded layout that `positions` indexes.
   */
  packedRowOfSlot(padded: string, positions: Value): string {
    if (this.packedRowIndex) return this.packedRowIndex;
    const count = this.node('Squeeze', [this.node('Slice', [this.node('Shape', [positions.name]), this.int64([0]), this.int64([1])]), this.int64([0])]);
    const rowNumbers = this.node('Range', [this.int64([0], []), count, this.int64([1], [])]);
    const slots = this.node('Slice', [this.node('Shape', [padded]), this.int64([0]), this.int64([2])]);
    this.packedRowIndex = this.node('ScatterND', [this.node('Expand', [this.int64([0], []), slots]), positions.name, rowNumbers]);
    return this.packedRowIndex;
  }

  /** The int64 [n, 2] (sentence, position) indices of real tokens, when the graph declares them. */
  get packedPositions(): Value | undefined {
    return this.packedPositionsReference === undefined ? undefined : this.value(this.packedPositionsReference);
  }

  defineConstant(tfName: string, constant: Constant): void {
    this.constants.set(tfName, constant);
  }

  define(tfName: string, value: Value): void {
    this.values.set(tfName, value);
  }

  /** `name:1` is output 1 of node `name`; a bare name is output 0. */
  private static key(reference: string): string {
    return reference.endsWith(':0') ? reference.slice(0, -2) : reference;
  }

  constantOf(reference: string): Constant | undefined {
    return this.constants.get(Conversion.key(reference));
  }

  requireConstant(reference: string, purpose: string): Constant {
    const constant = this.constantOf(reference);
    if (!constant) throw new Error(`${purpose}: "${reference}" must be a constant`);
    return constant;
  }

  /** The ONNX value for a TensorFlow reference, emitting a constant as an initializer on first use. */
  value(reference: string): Value {
    const key = Conversion.key(reference);
    const existing = this.values.get(key);
    if (existing) return existing;
    const constant = this.constants.get(key);
    if (!constant) throw new Error(`no value for "${reference}" (is its producer converted before it?)`);
    const name = `const/${key}`;
    if (!this.emittedConstants.has(key)) {
      this.emittedConstants.add(key);
      this.emitConstant(name, constant);
    }
    const value = { name, type: constant.type };
    this.values.set(key, value);
    return value;
  }

  private emitConstant(name: string, { type, dims, values }: Constant): void {
    if (type === 'float32') {
      this.graph.floatTensor(name, dims, values instanceof Float32Array ? values : Float32Array.from(values));
    } else if (type === 'int64') {
      this.graph.int64Tensor(name, Array.from(values), dims);
    } else {
      throw new Error(`constant "${name}": ${type} constants are not supported`);
    }
  }

  floatScalar(value: number): string {
    return this.graph.floatScalar(`helper/${this.nextHelper++}`, value);
  }

  /** A fresh int64 initializer (axes, shapes). */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.graph.int64Tensor(`helper/${this.nextHelper++}`, values, dims);
  }

  node(operator: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs?: readonly string[]): string {
    return this.graph.node(operator, inputs, { attributes, ...(outputs ? { outputs } : {}) });
  }
}

export function intAttribute(node: TfNode, name: string, fallback?: number): number {
  const raw = node.attr[name]?.i;
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${node.op} "${node.name}": missing attribute ${name}`);
  }
  return Number(raw);
}

export function boolAttribute(node: TfNode, name: string): boolean {
  return node.attr[name]?.b === true;
}

export function typeAttribute(node: TfNode, name: string): ElementType {
  return elementTypeOf(node.attr[name]?.type, `${node.op} "${node.name}" attribute ${name}`);
}

export function intList(constant: Constant): number[] {
  return Array.from(constant.values, (value) => Number(value));
}
