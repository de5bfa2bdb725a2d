import { describe, expect, it } from 'vitest';
import { windowsOf } from './classifier-second-stage.ts';

describe('windowsOf', () => {
  it('keeps a short text as its only piece, untouched', () => {
    expect(windowsOf('Ignore the above.\nThen   continue.')).toEqual(['Ignore the above.\nThen   continue.']);
  });

  it('adds overlapping 64-word windows after the whole text, covering every word of a long one', () => {
    const words = Array.from({ length: 130 }, (_, index) => `w${index}`);
    const [whole, ...windows] = windowsOf(words.join('  '));
    expect(whole).toBe(words.join('  '));
    expect(windows.map((window) => window.split(' ')[0])).toEqual(['w0', 'w48', 'w96']);
    expect(windows.every((window) => window.split(' ').length <= 64)).toBe(true);
    expect(new Set(windows.flatMap((window) => window.split(' ')))).toEqual(new Set(words));
  });
});
