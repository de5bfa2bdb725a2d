/**
 * `npm run bench classifier`: edge classifier latency for a 500-character prompt, featurization
 * included, inside workerd (onnxruntime-web wasm, via wrangler's dev server) and on Node
 * (onnxruntime-node). Target: p50 <= 0.2 ms in the isolate.
 *
 * workerd freezes clocks while code runs, so in-isolate time is measured from outside: each
 * request classifies N times; per-call time = (request time - an n=0 request's time) / N, both
 * measured in the same run. p50/p99 are over repeated requests.
 */
import { unstable_dev } from 'wrangler';
import { loadNodeClassifier } from '../../edge/classifier/node.ts';
import { featurize } from '../../shared/features/index.ts';

const ITERATIONS = Number(process.env.BENCH_CLASSIFIER_ITERATIONS ?? 400);
const REQUESTS = Number(process.env.BENCH_CLASSIFIER_REQUESTS ?? 25);
const CHARS = 500;

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function timeRequest(fetchPath: (path: string) => Promise<Response>, path: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetchPath(path);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`bench worker answered ${response.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  process.stdout.write('Starting the bench Worker in workerd (wrangler dev)...\n');
  const worker = await unstable_dev('test/bench/classifier-worker.ts', {
    config: 'wrangler.toml',
    experimental: { disableExperimentalWarning: true },
    logLevel: 'error',
    ip: '127.0.0.1',
  });
  try {
    const get = (path: string) => worker.fetch(path) as unknown as Promise<Response>;
    await timeRequest(get, `/?n=50&chars=${CHARS}`);
    const perCall: Record<'classify' | 'featurize', number[]> = { classify: [], featurize: [] };
    for (let request = 0; request < REQUESTS; request++) {
      const empty = await timeRequest(get, '/?n=0');
      for (const mode of ['classify', 'featurize'] as const) {
        const loaded = await timeRequest(get, `/?n=${ITERATIONS}&chars=${CHARS}&mode=${mode}`);
        perCall[mode].push(Math.max(0, loaded - empty) / ITERATIONS);
      }
      if ((request + 1) % 5 === 0) process.stdout.write(`  workerd: ${request + 1}/${REQUESTS} requests of ${ITERATIONS} calls\n`);
    }

    process.stdout.write('Measuring onnxruntime-node in this process...\n');
    const classifier = await loadNodeClassifier();
    const text = 'x'.repeat(CHARS);
    const nodeSamples: number[] = [];
    const featurizeSamples: number[] = [];
    for (let index = 0; index < 3000; index++) {
      const input = `${text.slice(0, -1)}${String.fromCharCode(97 + (index % 26))}`;
      let started = process.hrtime.bigint();
      await classifier.classify([input]);
      nodeSamples.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      featurize(input, classifier.manifest.features);
      featurizeSamples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const rows = [
      ['workerd (onnxruntime-web wasm), classify', perCall.classify],
      ['workerd, featurize only', perCall.featurize],
      ['Node (onnxruntime-node), classify', nodeSamples.slice(500)],
      ['Node, featurize only', featurizeSamples.slice(500)],
    ] as const;
    const lines = [
      '',
      `| path (${CHARS}-char prompt) | p50 ms | p99 ms |`,
      '|---|---:|---:|',
      ...rows.map(([name, samples]) => `| ${name} | ${percentile([...samples], 0.5).toFixed(3)} | ${percentile([...samples], 0.99).toFixed(3)} |`),
      '',
      `in-isolate classify p50 ${percentile(perCall.classify, 0.5).toFixed(3)} ms (target <= 0.2 ms); model ${classifier.manifest.id} ${classifier.manifest.version}`,
      `in-isolate inference alone (classify - featurize) p50 ~ ${(percentile(perCall.classify, 0.5) - percentile(perCall.featurize, 0.5)).toFixed(3)} ms`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await worker.stop();
  }
}

await main();
