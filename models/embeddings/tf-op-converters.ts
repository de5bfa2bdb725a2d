/**
 * One converter per TensorFlow op used by the Universal Sentence Encoder lite graph, each
 * emitting the equivalent ONNX (opset 17) nodes.
 */
import { dataTypeCode, type ElementType } from '../fixtures/onnx-graph-builder.ts';
import {
  Conversion,
  TO_THE_END,
  boolAttribute,
  intAttribute,
  intList,
  typeAttribute,
  type TfNode,
  type Value,
} from './tf-graph.ts';

export type OpConverter = (conversion: Conversion, node: TfNode) => Value | Value[];

const sameType = (conversion: Conversion, node: TfNode, operator: string): Value => {
  const inputs = node.input.map((input) => conversion.value(input));
  const first = inputs[0];
  if (!first) throw new Error(`${node.op} "${node.name}" has no inputs`);
  return { name: conversion.node(operator, inputs.map((input) => input.name)), type: first.type };
};

const comparison = (operator: string) => (conversion: Conversion, node: TfNode): Value => ({
  name: conversion.node(operator, node.input.map((input) => conversion.value(input).name)),
  type: 'bool',
});

const elementwise = (operator: string) => (conversion: Conversion, node: TfNode) => sameType(conversion, node, operator);

function reduction(operator: 'ReduceMax' | 'ReduceMean' | 'ReduceProd' | 'ReduceSum'): OpConverter {
  return (conversion, node) => {
    const [dataName, axesName] = node.input;
    if (dataName === undefined || axesName === undefined) throw new Error(`${node.op} "${node.name}" needs data and axes`);
    const data = conversion.value(dataName);
    const axes = intList(conversion.requireConstant(axesName, `${node.op} axes`));
    const keepdims = { kind: 'int', value: boolAttribute(node, 'keep_dims') ? 1 : 0 } as const;
    // Opset 17: ReduceSum takes axes as an input, the others as an attribute.
    const name =
      operator === 'ReduceSum'
        ? conversion.node(operator, [data.name, conversion.int64(axes)], { keepdims })
        : conversion.node(operator, [data.name], { axes: { kind: 'ints', value: axes }, keepdims });
    return { name, type: data.type };
  };
}

function stridedSlice(conversion: Conversion, node: TfNode): Value {
  const [inputName, beginName, endName, stridesName] = node.input;
  if (!inputName || !beginName || !endName || !stridesName) throw new Error(`StridedSlice "${node.name}" needs 4 inputs`);
  if (intAttribute(node, 'ellipsis_mask', 0) !== 0 || intAttribute(node, 'new_axis_mask', 0) !== 0) {
    throw new Error(`StridedSlice "${node.name}": ellipsis and new-axis masks are not supported`);
  }
  const input = conversion.value(inputName);
  const begin = intList(conversion.requireConstant(beginName, 'StridedSlice begin'));
  const end = intList(conversion.requireConstant(endName, 'StridedSlice end'));
  const strides = intList(conversion.requireConstant(stridesName, 'StridedSlice strides'));
  const beginMask = intAttribute(node, 'begin_mask', 0);
  const endMask = intAttribute(node, 'end_mask', 0);
  const shrinkMask = intAttribute(node, 'shrink_axis_mask', 0);
  const starts: number[] = [];
  const ends: number[] = [];
  const shrunk: number[] = [];
  begin.forEach((start, axis) => {
    const bit = 1 << axis;
    if ((strides[axis] ?? 1) !== 1) throw new Error(`StridedSlice "${node.name}": only stride 1 is supported`);
    const from = beginMask & bit ? 0 : start;
    let to = endMask & bit ? TO_THE_END : (end[axis] ?? TO_THE_END);
    if (shrinkMask & bit) {
      to = from === -1 ? TO_THE_END : from + 1;
      shrunk.push(axis);
    }
    starts.push(from);
    ends.push(to);
  });
  const axes = begin.map((_, axis) => axis);
  const sliced = conversion.node('Slice', [input.name, conversion.int64(starts), conversion.int64(ends), conversion.int64(axes)]);
  const name = shrunk.length > 0 ? conversion.node('Squeeze', [sliced, conversion.int64(shrunk)]) : sliced;
  return { name, type: input.type };
}

function slice(conversion: Conversion, node: TfNode): Value {
  const [inputName, beginName, sizeName] = node.input;
  if (!inputName || !beginName || !sizeName) throw new Error(`Slice "${node.name}" needs 3 inputs`);
  const input = conversion.value(inputName);
  const begin = intList(conversion.requireConstant(beginName, 'Slice begin'));
  const size = intList(conversion.requireConstant(sizeName, 'Slice size'));
  const ends = begin.map((start, axis) => ((size[axis] ?? -1) === -1 ? TO_THE_END : start + (size[axis] ?? 0)));
  const axes = begin.map((_, axis) => axis);
  return { name: conversion.node('Slice', [input.name, conversion.int64(begin), conversion.int64(ends), conversion.int64(axes)]), type: input.type };
}

function scatterInto(conversion: Conversion, base: string, indices: Value, updates: Value): string {
  const indices64 = indices.type === 'int64' ? indices.name : conversion.node('Cast', [indices.name], { to: { kind: 'int', value: dataTypeCode('int64') } });
  return conversion.node('ScatterND', [base, indices64, updates.name]);
}

function zerosLike(conversion: Conversion, type: ElementType, shape: string): string {
  const zero = type === 'float32' ? conversion.floatScalar(0) : conversion.int64([0], []);
  return conversion.node('Expand', [zero, shape]);
}

/** input · weights for a constant [inputs, outputs] matrix. */
function weightMatMul(conversion: Conversion, input: Value, weightsReference: string, label: string): Value {
  const weights = conversion.requireConstant(weightsReference, `${label} weights`);
  if (weights.dims.length !== 2) throw new Error(`${label}: weights must be a matrix`);
  return { name: conversion.node('MatMul', [input.name, conversion.value(weightsReference).name]), type: 'float32' };
}

function matMulWeights(conversion: Conversion, input: Value, kernelName: string, node: TfNode): Value {
  const kernel = conversion.requireConstant(kernelName, `${node.op} kernel`);
  const [height, width, inputs, outputs] = kernel.dims;
  if (height !== 1 || width !== 1 || inputs === undefined || outputs === undefined) {
    throw new Error(`Conv2D "${node.name}": only 1x1 kernels are supported, got ${kernel.dims.join('x')}`);
  }
  const reshaped = `${node.name}/kernel_as_matrix`;
  // A 1x1 NHWC convolution with stride 1 is a matrix product over the channel axis.
  conversion.defineConstant(reshaped, { type: 'float32', dims: [inputs, outputs], values: kernel.values });
  return weightMatMul(conversion, input, reshaped, node.name);
}

/**
 * A 1x1 convolution over the padded [batch, length, 1, channels] tensor, computed on the real
 * tokens only: gather their rows (`positions`, [n, 2] of (sentence, position)), multiply, and
 * spread the products back to the padded layout. Padded slots receive a copy of some real row
 * instead of LayerNorm-bias x kernel; packedPositions promises they are masked out downstream.
 */
function packedConv(conversion: Conversion, input: Value, positions: Value, node: TfNode): Value {
  const padded = conversion.node('Squeeze', [input.name, conversion.int64([2])]);
  const rows = { name: conversion.node('GatherND', [padded, positions.name]), type: input.type };
  const product = matMulWeights(conversion, rows, node.input[1] ?? '', node);
  const spread = conversion.node('Gather', [product.name, conversion.packedRowOfSlot(padded, positions)], { axis: { kind: 'int', value: 0 } });
  return { name: conversion.node('Unsqueeze', [spread, conversion.int64([2])]), type: 'float32' };
}

export const OP_CONVERTERS: Record<string, OpConverter> = {
  Add: elementwise('Add'),
  BiasAdd: elementwise('Add'),
  Sub: elementwise('Sub'),
  Mul: elementwise('Mul'),
  RealDiv: elementwise('Div'),
  Maximum: elementwise('Max'),
  Sin: elementwise('Sin'),
  Cos: elementwise('Cos'),
  Tanh: elementwise('Tanh'),
  Relu: elementwise('Relu'),
  Less: comparison('Less'),
  Greater: comparison('Greater'),
  LogicalNot: comparison('Not'),
  Max: reduction('ReduceMax'),
  Mean: reduction('ReduceMean'),
  Prod: reduction('ReduceProd'),
  Sum: reduction('ReduceSum'),
  Square: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    return { name: conversion.node('Mul', [input.name, input.name]), type: input.type };
  },
  Rsqrt: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    return { name: conversion.node('Reciprocal', [conversion.node('Sqrt', [input.name])]), type: input.type };
  },
  Softmax: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    return { name: conversion.node('Softmax', [input.name], { axis: { kind: 'int', value: -1 } }), type: input.type };
  },
  Cast: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const type = typeAttribute(node, 'DstT');
    if (type === input.type) return { name: conversion.node('Identity', [input.name]), type };
    return { name: conversion.node('Cast', [input.name], { to: { kind: 'int', value: dataTypeCode(type) } }), type };
  },
  Shape: (conversion, node) => ({ name: conversion.node('Shape', [conversion.value(node.input[0] ?? '').name]), type: 'int64' }),
  Where: (conversion, node) => {
    if (node.input.length !== 1) throw new Error(`Where "${node.name}": only the one-input form (indices of true) is supported`);
    // TF returns [count, rank]; ONNX NonZero returns [rank, count].
    const nonZero = conversion.node('NonZero', [conversion.value(node.input[0] ?? '').name]);
    return { name: conversion.node('Transpose', [nonZero], { perm: { kind: 'ints', value: [1, 0] } }), type: 'int64' };
  },
  Reshape: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const shape = conversion.value(node.input[1] ?? '');
    return { name: conversion.node('Reshape', [input.name, shape.name]), type: input.type };
  },
  GatherV2: (conversion, node) => {
    const [paramsName, indicesName, axisName] = node.input;
    const params = conversion.value(paramsName ?? '');
    const axis = intList(conversion.requireConstant(axisName ?? '', 'GatherV2 axis'))[0] ?? 0;
    if (intAttribute(node, 'batch_dims', 0) !== 0) throw new Error(`GatherV2 "${node.name}": batch_dims is not supported`);
    return { name: conversion.node('Gather', [params.name, conversion.value(indicesName ?? '').name], { axis: { kind: 'int', value: axis } }), type: params.type };
  },
  GatherNd: (conversion, node) => {
    const params = conversion.value(node.input[0] ?? '');
    const indices = conversion.value(node.input[1] ?? '');
    return { name: conversion.node('GatherND', [params.name, indices.name]), type: params.type };
  },
  ConcatV2: (conversion, node) => {
    const parts = node.input.slice(0, -1).map((input) => conversion.value(input));
    const axis = intList(conversion.requireConstant(node.input.at(-1) ?? '', 'ConcatV2 axis'))[0] ?? 0;
    return { name: conversion.node('Concat', parts.map((part) => part.name), { axis: { kind: 'int', value: axis } }), type: parts[0]?.type ?? 'float32' };
  },
  Pack: (conversion, node) => {
    const axis = intAttribute(node, 'axis', 0);
    const parts = node.input.map((input) => conversion.value(input));
    const unsqueezed = parts.map((part) => conversion.node('Unsqueeze', [part.name, conversion.int64([axis])]));
    return { name: conversion.node('Concat', unsqueezed, { axis: { kind: 'int', value: axis } }), type: parts[0]?.type ?? 'float32' };
  },
  ExpandDims: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const axis = intList(conversion.requireConstant(node.input[1] ?? '', 'ExpandDims axis'));
    return { name: conversion.node('Unsqueeze', [input.name, conversion.int64(axis)]), type: input.type };
  },
  Squeeze: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const axes = (node.attr.squeeze_dims?.list?.i ?? []).map(Number);
    if (axes.length === 0) throw new Error(`Squeeze "${node.name}": squeezing every unit axis is not supported`);
    return { name: conversion.node('Squeeze', [input.name, conversion.int64(axes)]), type: input.type };
  },
  Transpose: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const perm = intList(conversion.requireConstant(node.input[1] ?? '', 'Transpose perm'));
    return { name: conversion.node('Transpose', [input.name], { perm: { kind: 'ints', value: perm } }), type: input.type };
  },
  SplitV: (conversion, node) => {
    const input = conversion.value(node.input[0] ?? '');
    const sizes = intList(conversion.requireConstant(node.input[1] ?? '', 'SplitV sizes'));
    const axis = intList(conversion.requireConstant(node.input[2] ?? '', 'SplitV axis'))[0] ?? 0;
    const outputs = sizes.map((_, index) => `${node.name}:${index}`);
    conversion.node('Split', [input.name, conversion.int64(sizes)], { axis: { kind: 'int', value: axis } }, outputs);
    return outputs.map((name) => ({ name, type: input.type }));
  },
  Slice: slice,
  StridedSlice: stridedSlice,
  Range: (conversion, node) => {
    const parts = node.input.map((input) => conversion.value(input));
    return { name: conversion.node('Range', parts.map((part) => part.name)), type: parts[0]?.type ?? 'int64' };
  },
  MatMul: (conversion, node) => {
    const [leftName, rightName] = node.input;
    if (conversion.constantOf(rightName ?? '') && !boolAttribute(node, 'transpose_a') && !boolAttribute(node, 'transpose_b')) {
      return weightMatMul(conversion, conversion.value(leftName ?? ''), rightName ?? '', node.name);
    }
    const [left, right] = node.input.map((input) => conversion.value(input));
    if (!left || !right) throw new Error(`MatMul "${node.name}" needs 2 inputs`);
    const transposed = (value: Value, flag: string) =>
      boolAttribute(node, flag) ? conversion.node('Transpose', [value.name], { perm: { kind: 'ints', value: [1, 0] } }) : value.name;
    return { name: conversion.node('MatMul', [transposed(left, 'transpose_a'), transposed(right, 'transpose_b')]), type: 'float32' };
  },
  BatchMatMul: (conversion, node) => {
    const [left, right] = node.input.map((input) => conversion.value(input));
    if (!left || !right) throw new Error(`BatchMatMul "${node.name}" needs 2 inputs`);
    const adjointLeft = boolAttribute(node, 'adj_x');
    const adjointRight = boolAttribute(node, 'adj_y');
    if (!adjointLeft && !adjointRight) return { name: conversion.node('MatMul', [left.name, right.name]), type: 'float32' };
    // Einsum's ellipsis transposes the last two axes without knowing the rank.
    const equation = `...${adjointLeft ? 'ji' : 'ij'},...${adjointRight ? 'kj' : 'jk'}->...ik`;
    return { name: conversion.node('Einsum', [left.name, right.name], { equation: { kind: 'string', value: equation } }), type: 'float32' };
  },
  Conv2D: (conversion, node) => {
    const strides = (node.attr.strides?.list?.i ?? []).map(Number);
    if (strides.some((stride) => stride !== 1)) throw new Error(`Conv2D "${node.name}": only stride 1 is supported`);
    const input = conversion.value(node.input[0] ?? '');
    const positions = conversion.packedPositions;
    if (!positions) return matMulWeights(conversion, input, node.input[1] ?? '', node);
    return packedConv(conversion, input, positions, node);
  },
  ScatterNd: (conversion, node) => {
    const [indicesName, updatesName, shapeName] = node.input;
    const updates = conversion.value(updatesName ?? '');
    const base = zerosLike(conversion, updates.type, conversion.value(shapeName ?? '').name);
    return { name: scatterInto(conversion, base, conversion.value(indicesName ?? ''), updates), type: updates.type };
  },
  SparseToDense: (conversion, node) => {
    const [indicesName, shapeName, valuesName, defaultName] = node.input;
    const values = conversion.value(valuesName ?? '');
    const base = conversion.node('Expand', [conversion.value(defaultName ?? '').name, conversion.value(shapeName ?? '').name]);
    return { name: scatterInto(conversion, base, conversion.value(indicesName ?? ''), values), type: values.type };
  },
};
