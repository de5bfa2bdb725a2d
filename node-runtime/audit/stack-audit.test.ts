/**
 * The audit trail of the whole Node stack over real sockets: a caller that hangs up mid-stream
 * gets a `cancelled` record, and close() waits for the records of streams it cuts off before it
 * closes the SQLite file. The upstream is a fetch that streams two chunks and then stalls until
 * aborted, so "mid-stream" is certain rather than a race with a fast upstream.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SwitchyardConfig } from '../../shared/config/schema.ts';
import { silentLogger } from '../../shared/log/index.ts';
import type { FetchFunction } from '../../shared/spec/model-runner.ts';
import { startStack, type RunningStack } from '../stack.ts';
import { AUDIT_DATABASE_FILE, readRecentAuditRecords } from './sqlite-audit-sink.ts';

const KEY = 'sk-audit-stack-caller-0001';
const encoder = new TextEncoder();

function chunk(delta: Record<string, unknown>) {
  return { id: 'chatcmpl-stall', object: 'chat.completion.chunk', created: 1, model: 'stall-1', choices: [{ index: 0, delta, finish_reason: null }] };
}

const COMPLETION = {
  id: 'chatcmpl-answer',
  object: 'chat.completion',
  created: 1,
  model: 'stall-1',
  choices: [{ index: 0, message: { role: 'assistant', content: 'done' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

/** Answers JSON requests at once; streams two chunks, then nothing until the request is aborted. */
const stallingUpstream: FetchFunction = async (_input, init) => {
  const request = JSON.parse(String(init?.body)) as { stream?: boolean };
  if (!request.stream) return Response.json(COMPLETION);
  const signal = init?.signal;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}\n\n`));
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk({ content: 'first words' }))}\n\n`));
      signal?.addEventListener('abort', () => controller.error(signal.reason), { once: true });
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

async function startAuditedStack(dataDir = mkdtempSync(join(tmpdir(), 'switchyard-audit-stack-'))): Promise<{ stack: RunningStack; edgeURL: string; auditPath: string }> {
  const config = SwitchyardConfig.parse({
    tenants: [{ id: 'acme', keys: [{ id: 'caller', sha256: createHash('sha256').update(KEY).digest('hex') }] }],
    providers: [{ id: 'cloud', type: 'openai', baseURL: 'http://upstream.invalid/v1', apiKeyEnv: 'STALL_UPSTREAM_KEY' }],
    models: [{ id: 'stalling', provider: 'cloud', upstreamModel: 'stall-1' }],
  });
  const stack = await startStack({
    config,
    edgePort: 0,
    runtimePort: 0,
    dataDir,
    builtinModelsDir: false,
    warmUp: false,
    logger: silentLogger,
    fetch: stallingUpstream,
    env: { SWITCHYARD_MODELS_DIR: mkdtempSync(join(tmpdir(), 'switchyard-audit-models-')), STALL_UPSTREAM_KEY: 'sk-upstream' },
  });
  return { stack, edgeURL: stack.edgeURL ?? '', auditPath: join(dataDir, AUDIT_DATABASE_FILE) };
}

function chat(edgeURL: string, requestId: string, stream: boolean, signal?: AbortSignal): Promise<Response> {
  return fetch(`${edgeURL}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ model: 'stalling', messages: [{ role: 'user', content: 'hello' }], stream }),
    signal,
  });
}

/** Reads until the first SSE frame has arrived. */
async function readFirstFrame(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('the stream has no body');
  let received = '';
  while (!received.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before its first frame');
    received += new TextDecoder().decode(value);
  }
  reader.releaseLock();
}

const recordsIn = (path: string) => new Map(readRecentAuditRecords({ path, limit: 100 }).flatMap((row) => ('record' in row ? [[row.record.requestId, row.record] as const] : [])));

describe('audit records of the Node stack', () => {
  let running: RunningStack | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('records a stream the caller hangs up on as cancelled', async () => {
    const { stack, edgeURL, auditPath } = await startAuditedStack();
    running = stack;
    const caller = new AbortController();
    const response = await chat(edgeURL, 'audit-stack-hangup-0001', true, caller.signal);
    expect(response.status).toBe(200);
    await readFirstFrame(response);
    caller.abort();

    await vi.waitFor(() => expect(recordsIn(auditPath).get('audit-stack-hangup-0001')).toBeDefined());
    expect(recordsIn(auditPath).get('audit-stack-hangup-0001')).toMatchObject({ tenantId: 'acme', status: 200, cancelled: true, servedBy: { route: 'cloud', model: 'stalling' } });
  });

  it('waits in close() for the records of an answer just sent and of a stream it cuts off', async () => {
    const { stack, edgeURL, auditPath } = await startAuditedStack();
    const answer = await chat(edgeURL, 'audit-stack-answer-0002', false);
    expect(answer.status).toBe(200);
    await answer.json();
    const open = await chat(edgeURL, 'audit-stack-open-0003', true);
    await readFirstFrame(open);

    // Straight to close: nothing has waited for the answer's record, and the stream is still open.
    await stack.close();
    const records = recordsIn(auditPath);
    expect(records.get('audit-stack-answer-0002')).toMatchObject({ status: 200, usage: { promptTokens: 3, completionTokens: 1 } });
    expect(records.get('audit-stack-open-0003')).toMatchObject({ status: 200, cancelled: true });
  });

  it('refuses to start when the audit store cannot be opened, and says how to fix it', async () => {
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'switchyard-audit-stack-')), 'a-file');
    writeFileSync(notAFolder, '');
    await expect(startAuditedStack(notAFolder)).rejects.toThrow(/Cannot open the audit store .*a-file.*SWITCHYARD_DATA_DIR.*"enabled": false/);
  });
});
