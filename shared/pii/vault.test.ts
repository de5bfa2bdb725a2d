import { describe, expect, it } from 'vitest';
import { createPiiScanner, PiiVault } from './index.ts';

describe('PiiVault', () => {
  it('gives each value one placeholder, numbered per type, across texts', () => {
    const vault = new PiiVault();
    expect(vault.mask('mail jane@example.com or JANE@example.com, call +44 20 7946 0958')).toBe('mail [EMAIL_1] or [EMAIL_1], call [PHONE_1]');
    expect(vault.mask('cc bob@example.com and jane@example.com; phone +44 20-7946-0958')).toBe('cc [EMAIL_2] and [EMAIL_1]; phone [PHONE_1]');
    expect(vault.size).toBe(3);
  });

  it('unmasks its own placeholders and leaves others alone', () => {
    const vault = new PiiVault();
    vault.mask('jane@example.com');
    expect(vault.unmask('Sent to [EMAIL_1], not [EMAIL_2] or [PHONE_1].')).toBe('Sent to jane@example.com, not [EMAIL_2] or [PHONE_1].');
  });

  it('skips numbers whose placeholder the caller wrote literally', () => {
    const vault = new PiiVault();
    const masked = vault.mask('template [EMAIL_1] for jane@example.com');
    expect(masked).toBe('template [EMAIL_1] for [EMAIL_2]');
    expect(vault.unmask(masked)).toBe('template [EMAIL_1] for jane@example.com');
  });

  it('restores the original text exactly', () => {
    const vault = new PiiVault();
    const text = 'Dr. Okonkwo (born on 3 May 1961) lives at 221 Baker Street, London; key AKIAIOSFODNN7EXAMPLE.';
    const masked = vault.mask(text);
    expect(masked).not.toContain('AKIA');
    expect(vault.unmask(masked)).toBe(text);
  });

  it('scans for /v1/guard with a fresh vault per text', () => {
    const scanner = createPiiScanner();
    expect(scanner.scan('a@example.com')).toEqual({ pii: [{ type: 'EMAIL', start: 0, end: 13, score: 0.95 }], masked: '[EMAIL_1]' });
    expect(scanner.scan('b@example.com').masked).toBe('[EMAIL_1]');
  });
});

describe('the unmask output filter', () => {
  const vault = new PiiVault();
  const masked = vault.mask('jane@example.com and +44 20 7946 0958');
  const original = 'jane@example.com and +44 20 7946 0958';

  function stream(pieces: readonly string[]): string {
    const filter = vault.outputFilter().open();
    return pieces.map((piece) => filter.push(piece)).join('') + filter.end();
  }

  it('unmasks however the answer is cut into pieces', () => {
    for (let first = 0; first <= masked.length; first++) {
      for (let second = first; second <= masked.length; second += 3) {
        expect(stream([masked.slice(0, first), masked.slice(first, second), masked.slice(second)])).toBe(original);
      }
    }
  });

  it('holds back only what could still become a placeholder', () => {
    const filter = vault.outputFilter().open();
    expect(filter.push('see [1] and [EMA')).toBe('see [1] and ');
    expect(filter.push('IL_1] ok [not a placeholder')).toBe('jane@example.com ok [not a placeholder');
    expect(filter.push(' [PHO')).toBe(' ');
    expect(filter.end()).toBe('[PHO');
  });

  it('gives each choice its own state', () => {
    const filter = vault.outputFilter();
    const first = filter.open();
    const second = filter.open();
    expect(first.push('[EMAIL')).toBe('');
    expect(second.push('plain')).toBe('plain');
    expect(first.push('_1]')).toBe('jane@example.com');
  });
});
