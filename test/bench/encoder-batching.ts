/**
 * `npm run bench batching`: encoder requests/s with micro-batching against batch size 1, in the
 * same run, on the built-in sentence encoder (Universal Sentence Encoder lite, ONNX). Target: >= 4x.
 *
 * First the encoder alone (its worker thread, no batcher, no requests): ms per sentence when it
 * is handed batches of 1, 8 and 32 sentences. Their ratio bounds what batching can gain: on a
 * CPU the model is compute-bound, so once per-request overhead is amortized, a batch can only
 * be as much faster per sentence as its matrix products run faster with more rows.
 *
 * Then two measurements, each with 32 requests kept in flight and the two modes in interleaved
 * rounds (so machine noise hits both):
 *  - runner: 32 callers in this process call the runtime's embeddings runner (micro-batcher +
 *    encoder in its worker thread), one sentence per request; isolates what batching changes.
 *  - http: a child process runs two node runtimes differing only in
 *    nodeRuntime.batching.maxBatchSize (32 and 1); this process sends signed POST /v1/embeddings.
 *    On a small CPU box the HTTP work of client and server shares the cores with inference.
 *
 * Each request embeds one sentence written for this project. BENCH_DURATION (seconds per mode and
 * measurement, default 6), BENCH_CONCURRENCY (default 32) and BENCH_PROVIDER (cpu | cuda; default
 * cuda when the CUDA probe runs, else cpu) tune the run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { USE_MODEL_ID, buildUseOnnx } from '../../models/embeddings/build-use-onnx.ts';
import { createEmbeddingsRunner } from '../../node-runtime/embeddings/embeddings-runner.ts';
import { loadEncoderInWorker } from '../../node-runtime/embeddings/encoder-thread.ts';
import { probeCuda } from '../../node-runtime/execution-provider/index.ts';
import { PARAPHRASE_PAIRS } from '../../node-runtime/embeddings/paraphrase-pairs.ts';
import type { SentenceEncoder } from '../../node-runtime/embeddings/sentence-encoder.ts';
import { INSTALLED_MANIFEST_FILE, InstalledManifest } from '../../node-runtime/models/manifest.ts';
import { startStack } from '../../node-runtime/stack.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { signHop } from '../../shared/hop/index.ts';
import { silentLogger } from '../../shared/log/index.ts';

const HOP_SECRET = 'bench-hop-secret';
const SECONDS_PER_MODE = Number(process.env.BENCH_DURATION ?? 6);
/** cuda on a GPU box (the probe runs), else cpu; BENCH_PROVIDER forces one. */
let benchProvider: 'cpu' | 'cuda' = process.env.BENCH_PROVIDER === 'cuda' ? 'cuda' : 'cpu';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = 2;
const TARGET_RATIO = 4;
const ENCODER_BATCH_SIZES = [1, 8, 32] as const;
const SENTENCES = [
  ...PARAPHRASE_PAIRS.flat(),
  'Switchyard routes each request to the edge, a local GPU box or the cloud.',
  'Embeddings turn text into vectors so that similar meanings end up close together.',
  'The queue refuses new work when the estimated wait exceeds the deadline.',
  'A short one.',
];

const MODES = [
  { name: 'micro-batching (max 32)', maxBatchSize: 32 },
  { name: 'batch size 1', maxBatchSize: 1 },
] as const;

/** Child mode: start both runtimes and print their URLs as one JSON line. */
async function serve(): Promise<void> {
  const modelsDir = await mkdtemp(`${tmpdir()}/switchyard-bench-empty-`);
  const urls: string[] = [];
  for (const mode of MODES) {
    const stack = await startStack({
      runtimeOnly: true,
      runtimePort: 0,
      logger: silentLogger,
      config: parseConfig({ nodeRuntime: { port: 0, executionProvider: benchProvider, batching: { maxBatchSize: mode.maxBatchSize, maxWaitMs: 2 } } }),
      env: { SWITCHYARD_HOP_SECRET: HOP_SECRET, SWITCHYARD_MODELS_DIR: modelsDir },
    });
    urls.push(stack.runtimeURL);
  }
  process.stdout.write(`${JSON.stringify(urls)}\n`);
}

interface RoundResult {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function embedOnce(url: string, sentence: string): Promise<boolean> {
  const body = JSON.stringify({ model: 'local-embeddings', input: sentence });
  const headers = { ...(await signHop(HOP_SECRET, { method: 'POST', path: '/v1/embeddings', body })), 'content-type': 'application/json' };
  const response = await fetch(`${url}/v1/embeddings`, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return response.ok;
}

/** Closed loop: CONCURRENCY workers, each sending its next request when the last one answers. */
async function round(send: (sentence: string) => Promise<boolean>, seconds: number): Promise<RoundResult> {
  const result: RoundResult = { requests: 0, errors: 0, seconds, latencies: [] };
  const endAt = performance.now() + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < endAt) {
      const sentence = SENTENCES[next++ % SENTENCES.length] ?? '';
      const started = performance.now();
      const ok = await send(sentence);
      result.latencies.push(performance.now() - started);
      result.requests++;
      if (!ok) result.errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

async function meanBatchSize(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(text.split('\n').find((line) => line.startsWith(`${name}{model="universal-sentence-encoder-lite"}`))?.split(' ').at(-1) ?? Number.NaN);
  return value('switchyard_runtime_batch_size_sum') / value('switchyard_runtime_batch_size_count');
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

interface Row {
  mode: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  meanBatch: number;
  errors: number;
}

/** Runs ROUNDS interleaved rounds of every mode and sums them up per mode. */
async function compare(label: string, senders: ((sentence: string) => Promise<boolean>)[], meanBatch: (mode: number) => Promise<number>): Promise<Row[]> {
  process.stdout.write(`\n[${label}] warming up (2 s per mode)...\n`);
  for (const send of senders) await round(send, 2);
  const totals = senders.map(() => ({ requests: 0, errors: 0, seconds: 0, latencies: [] as number[] }));
  for (let index = 0; index < ROUNDS; index++) {
    for (const [mode, send] of senders.entries()) {
      process.stdout.write(`[${label}] round ${index + 1}/${ROUNDS}: ${MODES[mode]?.name}, ${CONCURRENCY} in flight for ${SECONDS_PER_MODE / ROUNDS} s...\n`);
      const result = await round(send, SECONDS_PER_MODE / ROUNDS);
      const total = totals[mode];
      if (!total) continue;
      total.requests += result.requests;
      total.errors += result.errors;
      total.seconds += result.seconds;
      total.latencies.push(...result.latencies);
    }
  }
  return Promise.all(
    totals.map(async (total, mode) => {
      const sorted = [...total.latencies].sort((left, right) => left - right);
      return {
        mode: MODES[mode]?.name ?? '',
        requestsPerSecond: total.requests / total.seconds,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        meanBatch: await meanBatch(mode),
        errors: total.errors,
      };
    }),
  );
}

function report(label: string, rows: Row[]): number {
  process.stdout.write(`\n${label}\n| mode | req/s (${CONCURRENCY} in flight) | p50 ms | p99 ms | mean batch | errors |\n|---|---:|---:|---:|---:|---:|\n`);
  for (const row of rows) {
    process.stdout.write(`| ${row.mode} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.meanBatch.toFixed(1)} | ${row.errors} |\n`);
  }
  const ratio = (rows[0]?.requestsPerSecond ?? 0) / (rows[1]?.requestsPerSecond ?? Number.NaN);
  process.stdout.write(`micro-batching / batch size 1: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x)\n`);
  return ratio;
}

interface EncoderRow {
  batchSize: number;
  msPerSentence: number;
}

/** Closed loop of encode calls with `batchSize` sentences each, straight to the encoder. */
async function encodeFor(encoder: SentenceEncoder, batchSize: number, seconds: number): Promise<{ sentences: number; ms: number }> {
  const endAt = performance.now() + seconds * 1000;
  const started = performance.now();
  let sentences = 0;
  while (performance.now() < endAt) {
    const batch = Array.from({ length: batchSize }, (_, index) => SENTENCES[(sentences + index) % SENTENCES.length] ?? '');
    await encoder.encode(batch);
    sentences += batchSize;
  }
  return { sentences, ms: performance.now() - started };
}

async function encoderLevel(encoder: SentenceEncoder): Promise<EncoderRow[]> {
  process.stdout.write('\n[encoder] warming up...\n');
  for (const batchSize of ENCODER_BATCH_SIZES) await encodeFor(encoder, batchSize, 0.5);
  const totals = ENCODER_BATCH_SIZES.map(() => ({ sentences: 0, ms: 0 }));
  for (let index = 0; index < ROUNDS; index++) {
    for (const [position, batchSize] of ENCODER_BATCH_SIZES.entries()) {
      process.stdout.write(`[encoder] round ${index + 1}/${ROUNDS}: batches of ${batchSize} for ${SECONDS_PER_MODE / ROUNDS / 2} s...\n`);
      const result = await encodeFor(encoder, batchSize, SECONDS_PER_MODE / ROUNDS / 2);
      const total = totals[position];
      if (!total) continue;
      total.sentences += result.sentences;
      total.ms += result.ms;
    }
  }
  return ENCODER_BATCH_SIZES.map((batchSize, position) => ({ batchSize, msPerSentence: (totals[position]?.ms ?? 0) / (totals[position]?.sentences ?? Number.NaN) }));
}

function reportEncoder(rows: EncoderRow[]): number {
  process.stdout.write(`\nEncoder alone (worker thread, no batcher, ${benchProvider}):\n| sentences per encode call | ms per sentence |\n|---:|---:|\n`);
  for (const row of rows) process.stdout.write(`| ${row.batchSize} | ${row.msPerSentence.toFixed(3)} |\n`);
  const ceiling = (rows[0]?.msPerSentence ?? 0) / (rows.at(-1)?.msPerSentence ?? Number.NaN);
  process.stdout.write(`batch ${rows.at(-1)?.batchSize} vs batch ${rows[0]?.batchSize} per sentence: ${ceiling.toFixed(2)}x (what batching can gain inside the encoder)\n`);
  return ceiling;
}

async function runnerLevel(): Promise<{ encoder: EncoderRow[]; runner: Row[] }> {
  const { modelDir } = await buildUseOnnx({ log: () => {} });
  const manifest = InstalledManifest.parse(JSON.parse(await readFile(join(modelDir, INSTALLED_MANIFEST_FILE), 'utf8')));
  // In a worker thread, as the runtime runs it.
  const encoder = await loadEncoderInWorker(manifest, modelDir, benchProvider);
  const encoderRows = await encoderLevel(encoder);
  const sizes = MODES.map(() => ({ inputs: 0, batches: 0 }));
  const runners = MODES.map((mode, index) =>
    createEmbeddingsRunner({
      modelId: USE_MODEL_ID,
      encoder: async () => encoder,
      maxBatchSize: mode.maxBatchSize,
      maxWaitMs: 2,
      maxQueuedInputs: 1024,
      onBatch: ({ size }) => {
        const counted = sizes[index];
        if (counted) {
          counted.inputs += size;
          counted.batches++;
        }
      },
    }),
  );
  try {
    const runnerRows = await compare(
      'runner',
      runners.map((runner) => async (sentence) => {
        const result = await runner.doEmbed?.({ model: USE_MODEL_ID, input: sentence });
        return result?.response.data.length === 1;
      }),
      async (mode) => (sizes[mode]?.inputs ?? 0) / (sizes[mode]?.batches ?? Number.NaN),
    );
    return { encoder: encoderRows, runner: runnerRows };
  } finally {
    await encoder.dispose();
  }
}

async function httpLevel(): Promise<Row[]> {
  process.stdout.write(`\nStarting two node runtimes (built-in encoder on ${benchProvider}, max batch 32 and 1) in a child process...\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/encoder-batching.ts', '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PROVIDER: benchProvider },
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const urls = JSON.parse(line) as string[];
    return await compare(
      'http',
      urls.map((url) => (sentence) => embedOnce(url, sentence)),
      (mode) => meanBatchSize(urls[mode] ?? ''),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_PROVIDER === undefined) {
    benchProvider = await probeCuda().then(
      () => 'cuda' as const,
      () => 'cpu' as const,
    );
  }
  process.stdout.write(`Execution provider: ${benchProvider}\n`);
  const { encoder, runner } = await runnerLevel();
  const http = await httpLevel();
  const encoderRatio = reportEncoder(encoder);
  const runnerRatio = report(`Runner level (in process, ${benchProvider}):`, runner);
  const httpRatio = report(`HTTP level (signed POST /v1/embeddings to a runtime in a child process, ${benchProvider}):`, http);
  const met = runnerRatio >= TARGET_RATIO && [...runner, ...http].every((row) => row.errors === 0);
  process.stdout.write(`\nTarget (runner level) >= ${TARGET_RATIO}x: ${met ? 'met' : 'NOT met'} (${runnerRatio.toFixed(2)}x; HTTP level ${httpRatio.toFixed(2)}x)\n`);
  process.stdout.write(`${JSON.stringify({ benchmark: 'encoder-batching', provider: benchProvider, concurrency: CONCURRENCY, encoder, runner, http, encoderRatio, runnerRatio, httpRatio })}\n`);
  process.exitCode = met ? 0 : 1;
}

if (process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`encoder-batching benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
