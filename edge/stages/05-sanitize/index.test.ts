import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SwitchyardConfig, type Policy } from '../../../shared/config/schema.ts';
import { errorResponse } from '../../../shared/http/errors.ts';
import { silentLogger } from '../../../shared/log/index.ts';
import type { AppEnv, OutputFilter, ParsedBody } from '../../context.ts';
import { sanitize, type SanitizeCheck } from './index.ts';
import { MAX_UNMODELED_DEPTH } from './request-texts.ts';

const config = SwitchyardConfig.parse({
  tenants: [{ id: 'acme' }],
  providers: [{ id: 'cloud', type: 'openai', baseURL: 'http://127.0.0.1:9/v1' }],
  models: [{ id: 'm', provider: 'cloud' }],
  routes: [{ id: 'external', targets: ['m'], policy: { pii: 'block' } }],
});

interface Seen {
  body: ParsedBody;
  filters: OutputFilter[];
}

/** The stage between stand-ins for the earlier stages (auth, parse) and a handler that reports what it got. */
function appWith(body: ParsedBody, { policy, checks }: { policy?: Policy; checks?: SanitizeCheck[] } = {}) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', 'req_test');
    c.set('logger', silentLogger);
    c.set('outputFilters', []);
    c.set('auth', { tenantId: 'acme', keyId: 'k', scopes: ['chat'], ...(policy ? { policy } : {}) });
    c.set('body', body);
    await next();
  });
  app.post('*', sanitize({ config, ...(checks ? { checks } : {}) }), (c) => c.json({ body: c.var.body, filters: c.var.outputFilters }));
  app.onError((thrown) => errorResponse(thrown).response);
  return app;
}

const chat = (messages: unknown[], extra: Record<string, unknown> = {}): ParsedBody => ({ kind: 'chat', request: { model: 'm', messages, ...extra } as never });

async function run(body: ParsedBody, options?: Parameters<typeof appWith>[1]): Promise<{ status: number; seen: Seen }> {
  const response = await appWith(body, options).request('/', { method: 'POST' });
  return { status: response.status, seen: (await response.json()) as Seen };
}

describe('sanitize stage: PII', () => {
  it('masks every role and text part, keeps one placeholder per value, and leaves images alone', async () => {
    const { status, seen } = await run(
      chat([
        { role: 'system', content: 'Escalate to ops@example.com.' },
        { role: 'user', content: [{ type: 'text', text: 'I am jane@example.com' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'mail', arguments: '{"to":"jane@example.com"}' } }] },
        { role: 'tool', tool_call_id: 't', content: 'sent to jane@example.com' },
      ]),
    );
    expect(status).toBe(200);
    const request = seen.body.kind === 'chat' ? seen.body.request : undefined;
    expect(JSON.stringify(request)).not.toContain('@example.com');
    expect(request?.messages[0]?.content).toBe('Escalate to [EMAIL_1].');
    expect(JSON.stringify(request?.messages[1])).toContain('I am [EMAIL_2]');
    expect(JSON.stringify(request?.messages[1])).toContain('https://example.com/a.png');
    expect(JSON.stringify(request?.messages[2])).toContain('\\"to\\":\\"[EMAIL_2]\\"');
    expect(request?.messages[3]?.content).toBe('sent to [EMAIL_2]');
    expect(seen.filters).toHaveLength(1);
  });

  it('masks embeddings inputs and adds no unmasker (there is no text answer)', async () => {
    const { seen } = await run({ kind: 'embeddings', request: { model: 'm', input: ['call +44 20 7946 0958', 'nothing here'] } });
    expect(seen.body.kind === 'embeddings' && seen.body.request.input).toEqual(['call [PHONE_1]', 'nothing here']);
    expect(seen.filters).toHaveLength(0);
  });

  it('leaves a request without findings as it was and adds no filter', async () => {
    const body = chat([{ role: 'user', content: 'What is the capital of France?' }]);
    const { seen } = await run(body);
    expect(seen.body).toEqual(body);
    expect(seen.filters).toHaveLength(0);
  });

  it('follows the key policy: allow passes values, block refuses with the field named', async () => {
    const body = chat([{ role: 'user', content: 'card 4111 1111 1111 1111' }]);
    const allowed = await run(body, { policy: { pii: 'allow', unmaskResponses: true, injection: 'flag' } });
    expect(allowed.seen.body).toEqual(body);
    const response = await appWith(body, { policy: { pii: 'block', unmaskResponses: true, injection: 'flag' } }).request('/', { method: 'POST' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'policy_violation', code: 'pii_detected', param: 'messages[0].content' } });
    expect(text).toContain('CREDIT_CARD');
    expect(text).not.toContain('4111');
  });

  it('lets a route tighten the key policy', async () => {
    const response = await appWith({ kind: 'chat', request: { model: 'external', messages: [{ role: 'user', content: 'jane@example.com' }] } }).request('/', { method: 'POST' });
    expect(response.status).toBe(400);
  });

  it('masks strings in unmodeled fields and refuses ones nested too deep', async () => {
    const { seen } = await run(chat([{ role: 'user', content: 'hi' }], { metadata: { owner: ['jane@example.com'] } }));
    expect(JSON.stringify(seen.body)).toContain('"owner":["[EMAIL_1]"]');

    let deep: unknown = 'jane@example.com';
    for (let level = 0; level < MAX_UNMODELED_DEPTH + 5; level++) deep = { next: deep };
    const response = await appWith(chat([{ role: 'user', content: 'hi' }], { metadata: deep })).request('/', { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'content_too_deep', param: 'metadata' } });
  });

  it('masks text with broken surrogate pairs and mixed scripts', async () => {
    const text = '\ud83d Жанна 李 mail jane@example.com \udc00 done';
    const { status, seen } = await run(chat([{ role: 'user', content: text }]));
    expect(status).toBe(200);
    expect(seen.body.kind === 'chat' && seen.body.request.messages[0]?.content).toBe(text.replace('jane@example.com', '[EMAIL_1]'));
  });

  it('runs the configured checks in order', async () => {
    const order: string[] = [];
    const record = (name: string): SanitizeCheck => ({ name, run: () => void order.push(name) });
    await run(chat([{ role: 'user', content: 'hi' }]), { checks: [record('first'), record('second')] });
    expect(order).toEqual(['first', 'second']);
  });
});
