import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';

import { OnnxGraphBuilder } from '../../models/fixtures/onnx-graph-builder.ts';
import { probeCuda, probeModelBytes, selectExecutionProvider } from './index.ts';

describe('selectExecutionProvider', () => {
  it('uses CPU without probing when asked for cpu', async () => {
    const probe = vi.fn(async () => {});
    await expect(selectExecutionProvider({ preference: 'cpu', probeCuda: probe })).resolves.toEqual({
      provider: 'cpu',
      reason: 'executionProvider is "cpu"',
    });
    expect(probe).not.toHaveBeenCalled();
  });

  it('auto: falls back to CPU with the probe error as reason', async () => {
    const selection = await selectExecutionProvider({
      preference: 'auto',
      probeCuda: async () => {
        throw new Error('libcudnn.so.9: cannot open shared object file\nmore detail');
      },
    });
    expect(selection.provider).toBe('cpu');
    expect(selection.reason).toBe('CUDA unavailable (libcudnn.so.9: cannot open shared object file); using CPU');
  });

  it('auto: picks CUDA when the probe runs', async () => {
    await expect(selectExecutionProvider({ preference: 'auto', probeCuda: async () => {} })).resolves.toMatchObject({
      provider: 'cuda',
    });
  });

  it('cuda: throws an actionable error instead of falling back', async () => {
    const failure = new Error('no CUDA-capable device is detected');
    const attempt = selectExecutionProvider({
      preference: 'cuda',
      probeCuda: async () => {
        throw failure;
      },
    });
    await expect(attempt).rejects.toThrow(/CUDA was requested .* unavailable: no CUDA-capable device is detected/);
    await expect(attempt).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
    await expect(attempt).rejects.toThrow(/cuDNN 9/);
    await expect(attempt).rejects.toThrow(/"auto" or "cpu"/);
    await expect(attempt).rejects.toHaveProperty('cause', failure);
  });

  it('cuda: succeeds when the probe runs', async () => {
    await expect(selectExecutionProvider({ preference: 'cuda', probeCuda: async () => {} })).resolves.toMatchObject({
      provider: 'cuda',
    });
  });

  it('with the real probe, agrees with whether CUDA can run a session here', async () => {
    const cudaWorks = await probeCuda().then(
      () => true,
      () => false,
    );
    const selection = await selectExecutionProvider({ preference: 'auto' });
    expect(selection.provider).toBe(cudaWorks ? 'cuda' : 'cpu');
    // CPU-only installs (ONNXRUNTIME_NODE_INSTALL=skip, as in CI) must not claim CUDA.
    if (process.env.SWITCHYARD_EXPECT_CUDA !== '1') expect(selection.provider).toBe('cpu');
  });
});

describe('probe model', () => {
  it('is the bytes the fixture graph builder writes for y = x + x', () => {
    const graph = new OnnxGraphBuilder('cuda_probe');
    const input = graph.input('x', 'float32', [1]);
    graph.output('y', 'float32', [1]);
    graph.node('Add', [input, input], { outputs: ['y'] });
    expect(Buffer.from(probeModelBytes()).equals(Buffer.from(graph.encode({ producerName: 'switchyard-probe' })))).toBe(true);
  });

  it('runs on CPU', async () => {
    const session = await InferenceSession.create(probeModelBytes(), { executionProviders: ['cpu'] });
    const outputs = await session.run({ x: new Tensor('float32', Float32Array.of(2), [1]) });
    expect(outputs.y?.data).toEqual(Float32Array.of(4));
    await session.release();
  });
});
