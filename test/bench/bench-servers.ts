/**
 * The servers `npm run bench` measures, started in their own process so the load generator does
 * not share their event loop: an instant upstream, a bare pass-through proxy and the Switchyard
 * edge (on Node), the latter two in front of the upstream. Prints their URLs as one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteAuditSink } from '../../node-runtime/audit/sqlite-audit-sink.ts';
import { createPendingWork } from '../../node-runtime/pending-work.ts';
import { createEdgeApp } from '../../edge/app.ts';
import { nodeClassifier } from '../../edge/classifier/node.ts';
import { createPiiScanner } from '../../shared/pii/index.ts';
import { serveOnNode } from '../../edge/node-server.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { BENCH_API_KEY } from './bench-constants.ts';


const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'bench-upstream',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function main(): Promise<void> {
  const upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(COMPLETION);
    });
  });
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
    tenants: [{ id: 'bench', keys: [{ id: 'bench', sha256: await sha256Hex(BENCH_API_KEY) }] }],
    providers: [{ id: 'upstream', type: 'openai', baseURL: `${upstreamURL}/v1`, apiKeyEnv: 'BENCH_UPSTREAM_KEY' }],
    models: [{ id: 'bench-model', provider: 'upstream', upstreamModel: 'bench-upstream' }],
  });
  // The whole path as `npm start` runs it: classifier (injection check and routing), PII masking
  // and the SQLite audit trail included.
  const audit = openSqliteAuditSink({ path: join(mkdtempSync(join(tmpdir(), 'switchyard-bench-')), 'audit.sqlite'), retentionDays: 1 });
  const app = createEdgeApp({
    config,
    runnerContext: { env: { BENCH_UPSTREAM_KEY: 'sk-upstream' } },
    logger: silentLogger,
    classifier: nodeClassifier,
    pii: createPiiScanner(),
    audit,
  });
  await nodeClassifier();
  // After-response work (the audit write) goes through an execution context, as `npm start` passes one.
  const pendingWork = createPendingWork();
  const edge = await serveOnNode({ host: '127.0.0.1', port: 0, fetch: (request) => app.fetch(request, {}, pendingWork.executionContext) });
  process.stdout.write(`${JSON.stringify({ proxy: proxy.url, edge: edge.url })}\n`);
}

await main();
