/**
 * Secrets and personal data seeded into chat requests must never reach a log line, a stored audit
 * record or the model: the edge app (edge/app.ts) with a logger that records every line, the
 * SQLite audit store the Node stack uses, and a real OpenAI-compatible upstream that records every
 * body it receives and echoes the last user text back.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredAuditRecord } from '../../../shared/audit/index.ts';
import { AUDIT_DATABASE_FILE, openSqliteAuditSink, readRecentAuditRecords, type SqliteAuditSink } from '../../../node-runtime/audit/sqlite-audit-sink.ts';
import { SwitchyardConfig } from '../../../shared/config/schema.ts';
import { createJsonLogger } from '../../../shared/log/index.ts';
import { startOpenAICompatibleServer } from '../../../test/servers/openai-compatible-server.ts';
import type { TestServer } from '../../../test/servers/test-server.ts';
import { createEdgeApp } from '../../app.ts';

const KEYS = {
  mask: 'sk-sanitize-mask-0001',
  maskOnly: 'sk-sanitize-mask-only-0002',
  block: 'sk-sanitize-block-0003',
  allow: 'sk-sanitize-allow-0004',
  /** A tenant on the default audit text mode, `none`. */
  quiet: 'sk-sanitize-quiet-0005',
} as const;
const UPSTREAM_KEY = 'sk-upstream-sanitize';

/** Each a value the scanner must catch; none may leave the edge except back to its caller. */
const SEEDED = {
  email: 'maria.lopez@example.org',
  phone: '+1 415 555 0132',
  card: '4111 1111 1111 1111',
  ssn: '536-22-8841',
  iban: 'DE89 3704 0044 0532 0130 00',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  githubToken: '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',
  openaiKey: 'sk-proj-Q7vLm2XzR9pT4wKc8NdY3hJf6GsB1aEu',
  databaseUrl: 'postgres://admin:Tr0ub4dor-3@db.internal.example.com:5432/billing',
  ip: '203.0.113.77',
  name: 'Maria Lopez',
} as const;
const VALUES = Object.values(SEEDED);

const USER_TEXT = [
  `My name is ${SEEDED.name}, mail ${SEEDED.email} or call ${SEEDED.phone}.`,
  `Card ${SEEDED.card}, SSN ${SEEDED.ssn}, IBAN ${SEEDED.iban}.`,
  `Keys: ${SEEDED.awsKey} ${SEEDED.githubToken} ${SEEDED.openaiKey}`,
  `DB ${SEEDED.databaseUrl} from ${SEEDED.ip}`,
].join(' ');

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('logs, audit records and upstream requests carry masked text only', () => {
  let upstream: TestServer;
  const lines: string[] = [];
  let app: ReturnType<typeof createEdgeApp>;
  let auditPath: string;
  let auditSink: SqliteAuditSink;

  beforeAll(async () => {
    upstream = await startOpenAICompatibleServer({ apiKey: UPSTREAM_KEY });
    auditPath = join(mkdtempSync(join(tmpdir(), 'switchyard-log-cleanliness-')), AUDIT_DATABASE_FILE);
    auditSink = openSqliteAuditSink({ path: auditPath, retentionDays: 1 });
    const config = SwitchyardConfig.parse({
      tenants: [
        {
          id: 'acme',
          audit: { text: 'masked' },
          keys: [
            { id: 'mask', sha256: sha256(KEYS.mask) },
            { id: 'mask-only', sha256: sha256(KEYS.maskOnly), policy: { unmaskResponses: false } },
            { id: 'block', sha256: sha256(KEYS.block), policy: { pii: 'block' } },
            { id: 'allow', sha256: sha256(KEYS.allow), policy: { pii: 'allow' } },
          ],
        },
        { id: 'quiet', keys: [{ id: 'quiet', sha256: sha256(KEYS.quiet) }] },
      ],
      providers: [{ id: 'cloud', type: 'openai', baseURL: `${upstream.url}/v1`, apiKeyEnv: 'SANITIZE_UPSTREAM_KEY' }],
      models: [{ id: 'cloud-model', provider: 'cloud', upstreamModel: 'echo-1' }],
    });
    const logger = createJsonLogger({ write: (line) => lines.push(line), minimumLevel: 'debug' });
    app = createEdgeApp({ config, runnerContext: { env: { SANITIZE_UPSTREAM_KEY: UPSTREAM_KEY } }, logger, audit: auditSink });
  });

  afterAll(async () => {
    auditSink.close();
    await upstream.close();
  });

  const chat = (key: string, extra: Record<string, unknown> = {}) =>
    app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': `log-cleanliness-${key}-${extra.stream ? 'stream' : 'json'}` },
      body: JSON.stringify({
        model: 'cloud-model',
        messages: [
          { role: 'system', content: `Support desk. Escalations go to ${SEEDED.email}.` },
          { role: 'user', content: [{ type: 'text', text: USER_TEXT }] },
        ],
        metadata: { customer: { contact: SEEDED.phone } },
        ...extra,
      }),
    });

  const leaked = (text: string) => VALUES.filter((value) => text.includes(value));

  it('masks before the model, unmasks for the caller, and logs no value (JSON answer)', async () => {
    const before = upstream.requests.length;
    const response = await chat(KEYS.mask);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    const answer = body.choices[0]?.message.content ?? '';
    // The upstream echoes the last user text, so every value coming back proves the unmasking.
    for (const value of VALUES) expect(answer).toContain(value);

    const sent = JSON.stringify(upstream.requests.slice(before).map((request) => request.body));
    expect(leaked(sent)).toEqual([]);
    expect(sent).toContain('[EMAIL_1]');
    expect(sent).toContain('[API_KEY_3]');
    expect(sent).toMatch(/metadata.*\[PHONE_1\]/);
  });

  it('unmasks a streamed answer as well', async () => {
    const before = upstream.requests.length;
    const response = await chat(KEYS.mask, { stream: true });
    expect(response.status).toBe(200);
    const content = (await response.text())
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => (JSON.parse(frame.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe(`echo: ${USER_TEXT}`);
    expect(leaked(JSON.stringify(upstream.requests.slice(before).map((request) => request.body)))).toEqual([]);
  });

  it('leaves placeholders in the answer when the key does not unmask', async () => {
    const response = await chat(KEYS.maskOnly);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    const answer = body.choices[0]?.message.content ?? '';
    expect(leaked(answer)).toEqual([]);
    expect(answer).toContain('[EMAIL_1]');
  });

  it('refuses a request under a blocking policy without quoting the value', async () => {
    const before = upstream.requests.length;
    const response = await chat(KEYS.block);
    expect(response.status).toBe(400);
    const text = await response.text();
    const envelope = JSON.parse(text) as { error: { type: string; code: string; param: string; message: string } };
    expect(envelope.error).toMatchObject({ type: 'policy_violation', code: 'pii_detected', param: 'messages[0].content' });
    expect(envelope.error.message).toContain('EMAIL');
    expect(leaked(text)).toEqual([]);
    expect(upstream.requests.length).toBe(before);
  });

  it('passes values through under an allowing policy (the policy is what masks)', async () => {
    const before = upstream.requests.length;
    expect((await chat(KEYS.allow)).status).toBe(200);
    expect(leaked(JSON.stringify(upstream.requests.slice(before).map((request) => request.body)))).toEqual(VALUES);
  });

  it('wrote log lines, and none of them holds a seeded value', () => {
    expect(lines.some((line) => line.includes('"event":"request-end"'))).toBe(true);
    expect(lines.some((line) => line.includes('"event":"pii-mask"'))).toBe(true);
    expect(lines.filter((line) => leaked(line).length > 0)).toEqual([]);
  });

  const auditRecords = () => new Map(readRecentAuditRecords({ path: auditPath, limit: 100 }).flatMap((row) => ('record' in row ? [[row.record.requestId, row.record] as const] : [])));
  const auditOf = (records: Map<string, StoredAuditRecord>, key: string, kind = 'json') => records.get(`log-cleanliness-${key}-${kind}`);

  it('stored an audit record per request with placeholders only: no seeded value in any record or in the database file', async () => {
    expect((await chat(KEYS.quiet)).status).toBe(200);
    await vi.waitFor(() => expect(auditRecords().size).toBe(6));
    const records = auditRecords();
    expect([...records.values()].filter((record) => leaked(JSON.stringify(record)).length > 0).map((record) => record.requestId)).toEqual([]);
    const files = [auditPath, `${auditPath}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file).toString('latin1'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap(leaked)).toEqual([]);

    // Text storage on (tenant acme): the request as the model saw it, the output before unmasking.
    const masked = auditOf(records, KEYS.mask);
    expect(masked?.text?.request?.text).toContain('messages[0].content: Support desk. Escalations go to [EMAIL_1].');
    expect(masked?.text?.request?.text).toContain('[API_KEY_3]');
    expect(masked?.text?.request?.text).toMatch(/metadata\.customer\.contact: \[PHONE_1\]/);
    expect(masked?.text?.output?.text).toMatch(/^echo: My name is \[PERSON_1\], mail \[EMAIL_1\]/);
    expect(masked?.pii).toMatchObject({ EMAIL: 2, PHONE: 2, CREDIT_CARD: 1, API_KEY: 3, PERSON: 1 });
    expect(auditOf(records, KEYS.mask, 'stream')?.text?.output?.text).toContain('[CREDIT_CARD_1]');
    // A refused request and one whose policy passes values on are masked by the audit itself.
    const blocked = auditOf(records, KEYS.block);
    expect(blocked).toMatchObject({ status: 400, error: { type: 'policy_violation', code: 'pii_detected' }, pii: { EMAIL: 1 } });
    expect(blocked?.text?.request?.text).toContain('[EMAIL_1]');
    const allowed = auditOf(records, KEYS.allow);
    expect(allowed?.text?.request?.text).toContain('[IBAN_1]');
    expect(allowed?.text?.output?.text).toContain('[IBAN_1]');
  });

  it("stores no text at all for a tenant whose audit text mode is 'none'", () => {
    const quiet = auditOf(auditRecords(), KEYS.quiet);
    expect(quiet).toMatchObject({ tenantId: 'quiet', status: 200, pii: { EMAIL: 2 } });
    expect(quiet?.text).toBeUndefined();
    expect(JSON.stringify(quiet)).not.toMatch(/messages\[|echo:|\[EMAIL_1\]/);
  });
});
