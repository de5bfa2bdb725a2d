/** Audit text is masked before it is cut, and a value crossing the cut is dropped whole. */
import { describe, expect, it } from 'vitest';
import { PiiVault } from '../pii/index.ts';
import { maskedExcerpt, MASKING_MARGIN } from './excerpt.ts';
import { AuditRecord } from './record.ts';

const CARD = '4111 1111 1111 1111';

describe('maskedExcerpt', () => {
  it('masks every finding and keeps short text whole', () => {
    expect(maskedExcerpt(`Card ${CARD}, mail jane.doe@example.com`, 200, new PiiVault())).toEqual({ text: 'Card [CREDIT_CARD_1], mail [EMAIL_1]', truncated: false });
  });

  it('drops a value that crosses the cut instead of keeping part of it', () => {
    const text = `${'x'.repeat(10)} ${CARD} tail`;
    const cut = maskedExcerpt(text, 18, new PiiVault());
    expect(cut).toEqual({ text: `${'x'.repeat(10)} `, truncated: true });
    expect(cut.text).not.toMatch(/4111/);
  });

  it('finds values past the cut when the text is far longer than what is kept', () => {
    const long = `${'word '.repeat(10)}${CARD} ${'filler '.repeat(MASKING_MARGIN)}`;
    const excerpt = maskedExcerpt(long, 110, new PiiVault());
    expect(excerpt.truncated).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(110);
    expect(excerpt.text).toContain('[CREDIT_CARD_1]');
    expect(excerpt.text).not.toMatch(/4111/);
  });

  it('keeps existing placeholders and gives a new value a placeholder of its own', () => {
    const vault = new PiiVault();
    expect(maskedExcerpt('[EMAIL_1] wrote to bob@example.org', 100, vault).text).toBe('[EMAIL_1] wrote to [EMAIL_2]');
    // The same vault numbers the output consistently with the request.
    expect(maskedExcerpt('reply to bob@example.org', 100, vault).text).toBe('reply to [EMAIL_2]');
  });

  it('never ends in half a surrogate pair', () => {
    expect(maskedExcerpt('ab😀cd', 3, new PiiVault())).toEqual({ text: 'ab', truncated: true });
  });
});

describe('AuditRecord', () => {
  it('refuses unknown fields and PII values where only types are allowed', () => {
    const base = { version: 1, time: '2026-11-30T12:00:00.000Z', requestId: 'req_1', kind: 'chat', status: 200, latencyMs: 3 };
    expect(AuditRecord.safeParse(base).success).toBe(true);
    expect(AuditRecord.safeParse({ ...base, apiKey: 'sk-x' }).success).toBe(false);
    expect(AuditRecord.safeParse({ ...base, pii: { 'jane@example.com': 1 } }).success).toBe(false);
    expect(AuditRecord.safeParse({ ...base, version: 2 }).success).toBe(false);
  });
});
