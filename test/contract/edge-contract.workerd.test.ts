import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CASES, CONTRACT_KEYS, contractMismatches, contractRequest } from './edge-contract.ts';

describe('the edge inside workerd (SELF.fetch)', () => {
  it.each(CONTRACT_CASES)('$name', async (testCase) => {
    const response = await SELF.fetch(contractRequest('http://edge.test', testCase));
    expect(await contractMismatches(testCase, response)).toEqual([]);
  });

  it('streams a routed request from the node runtime through workerd', async () => {
    const response = await SELF.fetch(
      contractRequest('http://edge.test', {
        name: 'stream',
        path: '/v1/chat/completions',
        key: CONTRACT_KEYS.valid,
        body: JSON.stringify({
          model: 'tiny-random-gpt2',
          messages: [{ role: 'user', content: 'stream please' }],
          max_tokens: 6,
          stream: true,
          stream_options: { include_usage: true },
        }),
        expect: { status: 200 },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-switchyard-route')).toBe('local');
    const frames = (await response.text()).split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.replace(/^data: /, '')) as { choices: { finish_reason: string | null }[]; usage?: { completion_tokens: number } | null });
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'length')).toBe(true);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(6);
  });

  it('answers /healthz and /readyz without a key', async () => {
    expect((await SELF.fetch('http://edge.test/healthz')).status).toBe(200);
    const ready = (await (await SELF.fetch('http://edge.test/readyz')).json()) as { status: string; models: string[] };
    expect(ready.models).toContain('cloud-model');
  });
});
