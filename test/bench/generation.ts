/**
 * `npm run bench generation`: local generation speed, through the runtime's generation runner
 * (admission gate included), on every execution provider this machine has: CPU always, CUDA when
 * the probe runs (a GPU box records its numbers with the same script).
 *
 * Per provider: time to first token and tokens/s of one stream at a time, then aggregate tokens/s
 * with 8 requests at once (the gate runs as many together as the device gets: 1 on CPU, 4 on CUDA).
 * The default model is the random-weight GPT-2 fixture (its text is garbage; only speed is read);
 * BENCH_MODELS_DIR + BENCH_MODEL measure an installed model instead (e.g. a pulled Qwen).
 * BENCH_MAX_TOKENS (default 200) and BENCH_RUNS (default 5) tune the run.
 */
import { buildTinyGpt2, TINY_GPT2_MODEL_ID } from '../../models/fixtures/build-tiny-gpt2.ts';
import { ConcurrencyGate } from '../../node-runtime/admission/concurrency-gate.ts';
import { probeCuda, type ExecutionProvider } from '../../node-runtime/execution-provider/index.ts';
import { createLocalGenerationRunner, type LocalGenerationRunner } from '../../node-runtime/generation/index.ts';
import { verifyModelFolder } from '../../node-runtime/models/registry.ts';
import type { ChatCompletionRequest } from '../../shared/schemas/chat.ts';

const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONCURRENT_REQUESTS = 8;

interface Result {
  provider: ExecutionProvider;
  model: string;
  firstTokenMs: number;
  streamTokensPerSecond: number;
  concurrency: number;
  aggregateTokensPerSecond: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function modelToMeasure(): Promise<{ modelsDir: string; modelId: string; dtype: 'fp32' | undefined }> {
  const modelsDir = process.env.BENCH_MODELS_DIR;
  const modelId = process.env.BENCH_MODEL;
  if (modelsDir && modelId) {
    const verified = await verifyModelFolder(`${modelsDir}/${modelId}`);
    if (!verified.ok) throw new Error(verified.reason);
    return { modelsDir, modelId, dtype: verified.manifest.dtype === 'fp32' ? 'fp32' : undefined };
  }
  const { modelDir } = await buildTinyGpt2({ log: () => {} });
  return { modelsDir: modelDir.slice(0, modelDir.length - TINY_GPT2_MODEL_ID.length - 1), modelId: TINY_GPT2_MODEL_ID, dtype: 'fp32' };
}

function request(model: string, index: number): ChatCompletionRequest {
  return {
    model,
    messages: [{ role: 'user', content: `Write a long story about trains, number ${index}.` }],
    max_tokens: MAX_TOKENS,
    temperature: 0,
  };
}

async function measure(runner: LocalGenerationRunner, provider: ExecutionProvider, model: string, concurrency: number): Promise<Result> {
  const firstTokenMs: number[] = [];
  const streamRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    let first: number | undefined;
    let pieces = 0;
    let completionTokens = 0;
    const { chunks } = await runner.doStream({ ...request(model, run), stream: true, stream_options: { include_usage: true } });
    for await (const chunk of chunks) {
      if (chunk.choices[0]?.delta.content) {
        first ??= performance.now() - started;
        pieces++;
      }
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
    }
    const seconds = (performance.now() - started - (first ?? 0)) / 1000;
    firstTokenMs.push(first ?? Number.NaN);
    // Tokens after the first, over the time after the first: the decode rate.
    streamRates.push(Math.max(completionTokens - 1, pieces - 1) / seconds);
    process.stdout.write(`  ${provider} stream ${run + 1}/${RUNS}: ${completionTokens} tokens, first after ${(first ?? 0).toFixed(0)} ms\n`);
  }

  const started = performance.now();
  const results = await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, (_, index) => runner.doGenerate(request(model, 100 + index))));
  const seconds = (performance.now() - started) / 1000;
  const tokens = results.reduce((sum, result) => sum + (result.completion.usage?.completion_tokens ?? 0), 0);
  process.stdout.write(`  ${provider} ${CONCURRENT_REQUESTS} requests at once (${concurrency} running together): ${tokens} tokens in ${seconds.toFixed(2)} s\n`);
  return {
    provider,
    model,
    firstTokenMs: median(firstTokenMs),
    streamTokensPerSecond: median(streamRates),
    concurrency,
    aggregateTokensPerSecond: tokens / seconds,
  };
}

async function main(): Promise<void> {
  const { modelsDir, modelId, dtype } = await modelToMeasure();
  const providers: ExecutionProvider[] = ['cpu'];
  const cuda = await probeCuda().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)),
  );
  if (cuda === undefined) providers.push('cuda');
  else process.stdout.write(`CUDA not measured: ${cuda}\n`);

  const results: Result[] = [];
  for (const provider of providers) {
    const concurrency = provider === 'cuda' ? 4 : 1;
    process.stdout.write(`\nMeasuring ${modelId} on ${provider} (max_tokens ${MAX_TOKENS}, ${RUNS} streams)...\n`);
    const runner = createLocalGenerationRunner({
      modelId,
      modelsDir,
      device: provider,
      ...(dtype ? { dtype } : {}),
      gate: new ConcurrencyGate({ modelId, maxConcurrent: concurrency, maxQueued: CONCURRENT_REQUESTS }),
    });
    await runner.load();
    if (runner.executionProvider?.provider !== provider) throw new Error(`${modelId} loaded on ${runner.executionProvider?.provider}, not ${provider}`);
    results.push(await measure(runner, provider, modelId, concurrency));
    await runner.dispose();
  }

  process.stdout.write(`\n| provider | model | first token ms | tokens/s (one stream) | tokens/s (${CONCURRENT_REQUESTS} requests) | running together |\n|---|---|---:|---:|---:|---:|\n`);
  for (const result of results) {
    process.stdout.write(
      `| ${result.provider} | ${result.model} | ${result.firstTokenMs.toFixed(1)} | ${result.streamTokensPerSecond.toFixed(0)} | ${result.aggregateTokensPerSecond.toFixed(0)} | ${result.concurrency} |\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'generation', maxTokens: MAX_TOKENS, results })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`generation benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
