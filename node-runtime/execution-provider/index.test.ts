import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';

import { OnnxGraphBuilder } from '../../models/fixtures/onnx-graph-builder.ts';
import { executionProviderForModel, loadOnExecutionProvider, probeCuda, probeModelBytes, selectExecutionProvider } from './index.ts';

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

describe('per-model execution provider', () => {
  const cuda = { provider: 'cuda' as const, reason: 'CUDA probe ran (executionProvider "auto")' };
  const cpu = { provider: 'cpu' as const, reason: 'CUDA unavailable (libcudnn.so.9: cannot open shared object file); using CPU' };

  it('follows the runtime unless the model overrides it', () => {
    expect(executionProviderForModel('m', cuda, undefined)).toEqual({ provider: 'cuda', strict: false, reason: cuda.reason });
    expect(executionProviderForModel('m', cuda, 'cpu')).toMatchObject({ provider: 'cpu', strict: true, reason: 'nodeRuntime.models["m"].executionProvider is "cpu"' });
    expect(executionProviderForModel('m', cuda, 'cuda')).toMatchObject({ provider: 'cuda', strict: true });
    expect(() => executionProviderForModel('m', cpu, 'cuda')).toThrow(/Model "m" asks for CUDA .* but CUDA is unavailable: CUDA unavailable \(libcudnn/);
  });

  it('loads on CPU when the CUDA load fails, and says why', async () => {
    const tried: string[] = [];
    const fallbacks: string[] = [];
    const loaded = await loadOnExecutionProvider({
      modelId: 'm',
      choice: { provider: 'cuda', strict: false, reason: cuda.reason },
      load: async (provider) => {
        tried.push(provider);
        if (provider === 'cuda') throw new Error('Failed to allocate memory for requested buffer of size 1073741824\nstack');
        return `session on ${provider}`;
      },
      onFallback: ({ cause }) => fallbacks.push(cause),
    });
    expect(tried).toEqual(['cuda', 'cpu']);
    expect(loaded).toEqual({
      value: 'session on cpu',
      provider: 'cpu',
      reason: 'failed to load on CUDA (Failed to allocate memory for requested buffer of size 1073741824); using CPU',
    });
    expect(fallbacks).toEqual(['Failed to allocate memory for requested buffer of size 1073741824']);
  });

  it('does not fall back when CUDA was demanded, and never tries CUDA for CPU', async () => {
    const failing = async (provider: string) => {
      if (provider === 'cuda') throw new Error('CUDA failure 100: no CUDA-capable device is detected');
      return provider;
    };
    await expect(loadOnExecutionProvider({ modelId: 'm', choice: { provider: 'cuda', strict: true, reason: 'demanded' }, load: failing })).rejects.toThrow(/no CUDA-capable device/);
    const load = vi.fn(failing);
    await expect(loadOnExecutionProvider({ modelId: 'm', choice: { provider: 'cpu', strict: false, reason: 'cpu' }, load })).resolves.toMatchObject({ provider: 'cpu' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads a real ONNX session on CPU after a real CUDA session creation fails', async () => {
    const loaded = await loadOnExecutionProvider({
      modelId: 'probe',
      choice: { provider: 'cuda', strict: false, reason: 'test' },
      load: async (provider) => InferenceSession.create(probeModelBytes(), { executionProviders: [provider] }),
    });
    // Without a CUDA provider library (a CPU install) the CUDA attempt is a genuine failure.
    const cudaWorks = await probeCuda().then(
      () => true,
      () => false,
    );
    expect(loaded.provider).toBe(cudaWorks ? 'cuda' : 'cpu');
    const outputs = await loaded.value.run({ x: new Tensor('float32', Float32Array.of(2), [1]) });
    expect(outputs.y?.data).toEqual(Float32Array.of(4));
    await loaded.value.release();
  });
});
