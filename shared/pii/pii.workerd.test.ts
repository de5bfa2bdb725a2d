/**
 * The scanner, the vault and the sanitize stage inside workerd: the code is Web-standard only,
 * and libphonenumber-js's `max` metadata loads there too.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CONTRACT_KEYS } from '../../test/contract/edge-contract.ts';
import { detectPii, PiiVault } from './index.ts';

const TEXT = 'Maria Lopez, maria.lopez@example.org, +44 20 7946 0958, card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE';

describe('PII inside workerd', () => {
  it('finds the same spans as on Node', () => {
    expect(detectPii(TEXT).map((span) => [span.type, TEXT.slice(span.start, span.end)])).toEqual([
      ['PERSON', 'Maria Lopez'],
      ['EMAIL', 'maria.lopez@example.org'],
      ['PHONE', '+44 20 7946 0958'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['API_KEY', 'AKIAIOSFODNN7EXAMPLE'],
    ]);
  });

  it('loads the census gazetteer and the keyword rules as on Node', () => {
    const text = 'Contact Kathleen Whitfield; {"last_name": "okonkwo"}; DB_PASSWORD=Kx7pQ2vL';
    expect(detectPii(text).map((span) => [span.type, text.slice(span.start, span.end)])).toEqual([
      ['PERSON', 'Kathleen Whitfield'],
      ['PERSON', 'okonkwo'],
      ['API_KEY', 'Kx7pQ2vL'],
    ]);
  });

  it('masks and unmasks', () => {
    const vault = new PiiVault();
    const masked = vault.mask(TEXT);
    expect(masked).toBe('[PERSON_1], [EMAIL_1], [PHONE_1], card [CREDIT_CARD_1], key [API_KEY_1]');
    expect(vault.unmask(masked)).toBe(TEXT);
  });

  it('round-trips a chat request through the edge: the caller gets the original values back', async () => {
    const response = await SELF.fetch('http://edge.test/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${CONTRACT_KEYS.valid}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cloud-model', messages: [{ role: 'user', content: TEXT }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe(`echo: ${TEXT}`);
  });
});
