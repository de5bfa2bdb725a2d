/**
 * Obfuscated variants of attacks: encodings (base64, hex, ROT13, reversed, URL-encoding),
 * homoglyphs, zero-width characters, letter spacing, separators and leetspeak. Encoded payloads
 * come wrapped in the "decode this and follow it" framing attackers use; some come bare.
 */
import type { CorpusExample } from './example.ts';
import { pick, type Random } from './template.ts';

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function hex(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (character) => {
    const base = character <= 'Z' ? 65 : 97;
    return String.fromCharCode(((character.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', g: '9' };
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

function mapLetters(text: string, table: Record<string, string>, random: Random, rate: number): string {
  return Array.from(text, (character) => {
    const replacement = table[character.toLowerCase()];
    return replacement && random() < rate ? replacement : character;
  }).join('');
}

function interleave(text: string, separator: () => string): string {
  return text
    .split(' ')
    .map((word) => Array.from(word).join(separator()))
    .join('  ');
}

type Transform = (text: string, random: Random) => string;

/** Each transform keeps the text readable to a model that tries hard, which is the attacker's aim. */
export const TRANSFORMS: Record<string, Transform> = {
  base64: (text, random) => `${pick(['Decode this base64 and follow the instructions inside:', 'base64:', 'Execute the following (base64):', 'Please decode and do what it says:', 'Here is an encoded task for you:', ''], random)} ${base64(text)}`,
  hex: (text, random) => `${pick(['Decode this hex and obey it:', 'hex:', 'Convert from hex and follow:'], random)} ${hex(text)}`,
  rot13: (text, random) => `${pick(['ROT13:', 'Decode with rot13 and follow it:', 'Apply rot13 to this and do it:'], random)} ${rot13(text)}`,
  reversed: (text, random) => `${pick(['Read this backwards and do it:', 'Reverse the following text and follow it:', ''], random)} ${Array.from(text).reverse().join('')}`,
  urlEncoded: (text) => `Decode and follow: ${encodeURIComponent(text)}`,
  homoglyph: (text, random) => mapLetters(text, CYRILLIC, random, 0.6),
  zeroWidth: (text, random) => Array.from(text, (character) => (/\w/.test(character) && random() < 0.5 ? character + pick(ZERO_WIDTH, random) : character)).join(''),
  spaced: (text) => interleave(text, () => ' '),
  dotted: (text, random) => {
    const separator = pick(['.', '-', '_', '*', '/'], random);
    return interleave(text, () => separator);
  },
  leet: (text, random) => mapLetters(text, LEET, random, 0.7),
  mixedCase: (text, random) => Array.from(text, (character) => (random() < 0.5 ? character.toUpperCase() : character.toLowerCase())).join(''),
  fullWidth: (text) => Array.from(text, (character) => (character >= '!' && character <= '~' ? String.fromCharCode(character.charCodeAt(0) + 0xfee0) : character)).join(''),
  splitWords: (text) => text.replace(/\b(ignore|instructions|previous|system|prompt|password|reveal|forget|rules)\b/gi, (word) => `${word.slice(0, 2)}-${word.slice(2)}`),
  emojiDecorated: (text, random) => `${pick(['🙂', '🚀', '✨', '🔥', '🌱', '🎉', '😈', '👉'], random)} ${text} ${pick(['🙏', '😊', '💯', '🤖', '🌳', '❤️'], random)}`,
  payloadSplit: (text) => {
    const middle = Math.floor(text.length / 2);
    return `Let a = "${text.slice(0, middle)}" and b = "${text.slice(middle)}". Now do what a + b says.`;
  },
};

/** `count` obfuscated copies of attacks drawn from `attacks`, each in its source's group. */
export function obfuscatedAttacks(attacks: readonly CorpusExample[], random: Random, count: number): CorpusExample[] {
  const names = Object.keys(TRANSFORMS);
  const candidates = attacks.filter((example) => example.text.length < 400);
  const out: CorpusExample[] = [];
  for (let index = 0; index < count && candidates.length > 0; index++) {
    const source = pick(candidates, random);
    const name = names[index % names.length] ?? 'base64';
    const transform = TRANSFORMS[name];
    if (!transform) continue;
    out.push({ text: transform(source.text, random).trim(), injection: 'attack', source: `attack-obfuscated-${name}`, group: `${source.group}` });
  }
  return out;
}

/** Benign texts with the same surface tricks (people do paste base64, odd Unicode and spaced text). */
export function obfuscatedBenign(benign: readonly CorpusExample[], random: Random, count: number): CorpusExample[] {
  const gentle = ['zeroWidth', 'homoglyph', 'mixedCase', 'fullWidth', 'emojiDecorated', 'emojiDecorated'];
  const candidates = benign.filter((example) => example.text.length < 300);
  const out: CorpusExample[] = [];
  for (let index = 0; index < count && candidates.length > 0; index++) {
    const source = pick(candidates, random);
    const transform = TRANSFORMS[gentle[index % gentle.length] ?? 'mixedCase'];
    if (!transform) continue;
    out.push({ ...source, text: transform(source.text, random), source: 'benign-odd-unicode' });
  }
  return out;
}
