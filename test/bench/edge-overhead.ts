/**
 * `npm run bench`: what the edge adds on Node. A child process runs an instant upstream, a bare
 * pass-through proxy and the Switchyard edge (test/bench/bench-servers.ts); this process loads the
 * proxy and the edge in the same run and prints latency and throughput side by side, with the
 * edge's added latency and its throughput ratio against the proxy.
 *
 * Latency is measured one request at a time with a microsecond clock (autocannon rounds to whole
 * milliseconds); throughput with autocannon at 32 connections. A shared 2-core machine is noisy:
 * read the differences and ratios, not the absolute numbers.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { BENCH_API_KEY } from './bench-constants.ts';

const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 3000);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = 32;

const REQUEST_BODY = JSON.stringify({
  model: 'bench-model',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Give me a one-word answer: what colour is the sky on a clear day?' },
  ],
  max_tokens: 8,
});
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` };

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function sequentialLatency(url: string, count: number): Promise<{ p50: number; p99: number; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: HEADERS, body: REQUEST_BODY });
    await response.arrayBuffer();
    if (!response.ok) errors++;
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((left, right) => left - right);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), errors };
}

async function throughput(url: string, seconds: number): Promise<{ requestsPerSecond: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({ url: `${url}/v1/chat/completions`, method: 'POST', headers: HEADERS, body: REQUEST_BODY, connections: CONNECTIONS, duration: seconds });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  process.stdout.write('Starting instant upstream, bare proxy and Switchyard edge (Node) in a child process...\n');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bench-servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, 'line')) as [string];
    const urls = JSON.parse(firstLine) as { proxy: string; edge: string };
    const targets = [
      ['bare proxy', urls.proxy],
      ['switchyard edge', urls.edge],
    ] as const;

    process.stdout.write('  warming up both (500 requests each)...\n');
    for (const [, url] of targets) await sequentialLatency(url, 500);

    const latency: Record<string, Awaited<ReturnType<typeof sequentialLatency>>> = {};
    for (const [name, url] of targets) {
      process.stdout.write(`  latency, one at a time: ${name}, ${LATENCY_REQUESTS} requests...\n`);
      latency[name] = await sequentialLatency(url, LATENCY_REQUESTS);
    }
    const load: Record<string, Awaited<ReturnType<typeof throughput>>> = {};
    for (const [name, url] of targets) {
      process.stdout.write(`  throughput, ${CONNECTIONS} connections: ${name}, ${THROUGHPUT_SECONDS}s...\n`);
      load[name] = await throughput(url, THROUGHPUT_SECONDS);
    }

    const proxyLatency = latency['bare proxy'];
    const edgeLatency = latency['switchyard edge'];
    const proxyLoad = load['bare proxy'];
    const edgeLoad = load['switchyard edge'];
    if (!proxyLatency || !edgeLatency || !proxyLoad || !edgeLoad) throw new Error('a measurement is missing');
    const table = [
      '',
      `| server | p50 ms (1 at a time) | p99 ms (1 at a time) | req/s (${CONNECTIONS} conn.) | p50 ms (${CONNECTIONS} conn.) | p99 ms (${CONNECTIONS} conn.) | errors |`,
      '|---|---:|---:|---:|---:|---:|---:|',
      ...targets.map(([name]) => {
        const one = latency[name];
        const many = load[name];
        return `| ${name} | ${one?.p50.toFixed(3)} | ${one?.p99.toFixed(3)} | ${many?.requestsPerSecond.toFixed(0)} | ${many?.p50} | ${many?.p99} | ${(one?.errors ?? 0) + (many?.errors ?? 0)} |`;
      }),
      '',
      `edge adds ${(edgeLatency.p50 - proxyLatency.p50).toFixed(3)} ms at p50 and ${(edgeLatency.p99 - proxyLatency.p99).toFixed(3)} ms at p99 (one request at a time)`,
      `throughput ratio edge / bare proxy at ${CONNECTIONS} connections: ${(edgeLoad.requestsPerSecond / proxyLoad.requestsPerSecond).toFixed(2)}`,
      '',
    ];
    process.stdout.write(`${table.join('\n')}\n`);
    if (proxyLatency.errors + edgeLatency.errors + proxyLoad.errors + edgeLoad.errors > 0) {
      process.stderr.write('Some requests failed during the benchmark; the numbers above are not trustworthy.\n');
      process.exitCode = 1;
    }
  } finally {
    child.kill();
  }
}

await main();
