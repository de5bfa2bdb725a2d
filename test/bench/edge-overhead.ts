/**
 * `npm run bench`: what the edge adds on Node. Starts an instant upstream (answers a fixed chat
 * completion at once), a bare pass-through proxy in front of it, and the Switchyard edge in front
 * of it, then loads each with autocannon in the same run and prints latency and throughput, plus
 * the edge's added latency and its throughput ratio against the bare proxy.
 *
 * Numbers on a shared 2-core machine are noisy: compare the ratios, not the absolute values.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createEdgeApp } from '../../edge/app.ts';
import { serveOnNode } from '../../edge/node-server.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_SECONDS = 2;
const API_KEY = 'sk-bench-0123456789';

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'bench-upstream',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});
const REQUEST_BODY = JSON.stringify({
  model: 'bench-model',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Give me a one-word answer: what colour is the sky on a clear day?' },
  ],
  max_tokens: 8,
});

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function instantUpstream(): Server {
  return createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(COMPLETION);
    });
  });
}

interface Measured {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, url: string, connections: number, seconds: number): Promise<Measured> {
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: REQUEST_BODY,
    connections,
    duration: seconds,
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  process.stdout.write('Starting instant upstream, bare proxy and Switchyard edge (Node)...\n');
  const upstream = instantUpstream();
  const upstreamURL = await listen(upstream);

  // The baseline: the same HTTP server library, forwarding with fetch and nothing else.
  const proxy = await serveOnNode({
    host: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const forwarded = await fetch(`${upstreamURL}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: await request.text(),
      });
      return new Response(await forwarded.text(), { status: forwarded.status, headers: { 'content-type': 'application/json' } });
    },
  });

  const config = parseConfig({
    tenants: [{ id: 'bench', keys: [{ id: 'bench', sha256: await sha256Hex(API_KEY) }] }],
    providers: [{ id: 'upstream', type: 'openai', baseURL: `${upstreamURL}/v1`, apiKeyEnv: 'BENCH_UPSTREAM_KEY' }],
    models: [{ id: 'bench-model', provider: 'upstream', upstreamModel: 'bench-upstream' }],
  });
  const app = createEdgeApp({ config, runnerContext: { env: { BENCH_UPSTREAM_KEY: 'sk-upstream' } }, logger: silentLogger });
  const edge = await serveOnNode({ host: '127.0.0.1', port: 0, fetch: (request) => app.fetch(request) });

  const scenarios: { label: string; connections: number }[] = [
    { label: 'latency (1 connection)', connections: 1 },
    { label: 'throughput (32 connections)', connections: 32 },
  ];
  const rows: { label: string; proxy: Measured; edge: Measured }[] = [];
  for (const { label, connections } of scenarios) {
    for (const [name, url] of [
      ['proxy', proxy.url],
      ['edge', edge.url],
    ] as const) {
      process.stdout.write(`  warming ${name}, ${label}...\n`);
      await load(name, url, connections, WARMUP_SECONDS);
    }
    process.stdout.write(`  measuring ${label}: bare proxy ${DURATION_SECONDS}s...\n`);
    const proxyResult = await load('bare proxy', proxy.url, connections, DURATION_SECONDS);
    process.stdout.write(`  measuring ${label}: Switchyard edge ${DURATION_SECONDS}s...\n`);
    const edgeResult = await load('switchyard edge', edge.url, connections, DURATION_SECONDS);
    rows.push({ label, proxy: proxyResult, edge: edgeResult });
  }

  const lines = [
    '',
    '| scenario | server | req/s | p50 ms | p99 ms | errors |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.flatMap(({ label, proxy: p, edge: e }) =>
      [p, e].map((m) => `| ${label} | ${m.name} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.errors} |`),
    ),
    '',
    ...rows.map(
      ({ label, proxy: p, edge: e }) =>
        `${label}: edge adds ${(e.p50 - p.p50).toFixed(2)} ms at p50, ${(e.p99 - p.p99).toFixed(2)} ms at p99; throughput ratio edge/proxy = ${(e.requestsPerSecond / p.requestsPerSecond).toFixed(2)}`,
    ),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await edge.close();
  await proxy.close();
  upstream.close();
  if (rows.some(({ proxy: p, edge: e }) => p.errors + e.errors > 0)) {
    process.stderr.write('Some requests failed during the benchmark; the numbers above are not trustworthy.\n');
    process.exitCode = 1;
  }
}

await main();
