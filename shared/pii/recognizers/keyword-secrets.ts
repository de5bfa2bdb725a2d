/**
 * API_KEY by context: values given to secret-looking keys, in the syntaxes of config files and
 * code, and secrets named in prose.
 * - assignments: `password = "…"` (Python, JS, Java, C#, C, PHP, Ruby, HCL, INI, TOML), `api_key: …`
 *   (YAML), `"client_secret": "…"` (JSON), `export DB_PASSWORD=…` (shell, .env), `db.password=…`
 *   (Java properties), `secret := "…"` (Go), `token => '…'` (PHP, Ruby), `password <- "…"` (R),
 *   `password: str = "…"` (type-annotated), `char password[] = "…"`, `${DB_PASSWORD:-…}`,
 *   `Password=…;` (connection strings), `?api_key=…&` (query strings), `if password == "…"`;
 * - `<password>…</password>`, `password="…"` (XML), `<add key="ApiKey" value="…"/>` and
 *   `- name: DB_PASSWORD / value: …` (a secret's name, then its value);
 * - `setPassword("…")`, `setProperty("password", "…")`, `define('DB_PASSWORD', '…')`;
 * - `--db-password …` (command lines), `Authorization: Bearer …`;
 * - prose: `my password is …`, `the API key for staging is "…"`, `password has been reset to …`.
 *
 * Found from the key words outwards: "pass", "secret", "token", "key" are rare in text while `=`
 * and `:` are everywhere. What does not count as a value is in secret-values.ts.
 */
import type { Recognizer, ScanContext } from '../types.ts';
import { QuoteEnds } from './quote-ends.ts';
import { classifyKey, keyWords, type KeyKind } from './secret-keys.ts';
import { acceptSecretValue, TYPE_WORDS } from './secret-values.ts';

/**
 * Stems of every key word in secret-keys.ts, case-insensitive. Grouped by first letter (no stem is
 * a prefix of another, so the order between groups changes no match): V8 then tests a shared first
 * letter once.
 */
const STEMS = /p(?:ass|w)|s(?:ecret|enha|alasana)|token|k(?:ey|ennwort)|auth|c(?:red|ontrase)|bearer|wachtwoord|has[lł]o|l[öo]senord/g;
const MAX_KEY = 64;

function isKeyCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45 || code === 46 || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function skipSpaces(text: string, from: number, limit = 8): number {
  let index = from;
  while (index < text.length && index - from < limit && isSpace(text.charCodeAt(index))) index++;
  return index;
}

interface Value {
  start: number;
  end: number;
  quoted: boolean;
}

const QUOTE_CLOSE: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’', '«': '»', '„': '“' };
/** Longest quoted value followed (a 4096-bit PEM key fits). */
const MAX_QUOTED = 4100;
/** A bare value runs to the next space (or `<`, a tag); trailing separators and unmatched closers are trimmed after. */
const UNQUOTED = /[^\s<]{1,512}/y;
/** `user=a&password=b&x=1`, `Password=b;Database=c`: the value ends where the next pair starts. */
const NEXT_PAIR = /[&;,][\w.-]+=/;
const SCHEME = /(?:bearer|basic|token|digest)[ \t]+/iy;

/**
 * A quoted string (an `r`, `b`, `u`, `f`, `L`, `@` or `$` prefix allowed) or a bare word at `from`;
 * in prose, sentence punctuation after a bare word is the sentence's.
 */
function readValue(text: string, quoteEnds: QuoteEnds, from: number, prose = false): Value | undefined {
  let start = from;
  if (/[rbufL@$]/.test(text[start] ?? '') && QUOTE_CLOSE[text[start + 1] ?? ''] !== undefined) start++;
  const close = QUOTE_CLOSE[text[start] ?? ''];
  if (close !== undefined) {
    const end = quoteEnds.next(close, start + 1);
    if (end - start > MAX_QUOTED || text[end] !== close) return undefined;
    SCHEME.lastIndex = start + 1;
    const inner = SCHEME.exec(text) && SCHEME.lastIndex < end ? SCHEME.lastIndex : start + 1;
    return { start: inner, end, quoted: true };
  }
  SCHEME.lastIndex = start;
  if (SCHEME.exec(text)) start = SCHEME.lastIndex;
  UNQUOTED.lastIndex = start;
  const match = UNQUOTED.exec(text);
  if (!match) return undefined;
  let end = start + bareValueLength(match[0]);
  while (prose && end > start + 1 && /[.!?:]/.test(text[end - 1] as string) && (end === text.length || /\s/.test(text[end] as string))) end--;
  return end > start ? { start, end, quoted: false } : undefined;
}

function count(value: string, character: string): number {
  let found = 0;
  for (let index = value.indexOf(character); index >= 0; index = value.indexOf(character, index + 1)) found++;
  return found;
}

const OPENER: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
/** The characters whose counts decide whether a trailing one is unmatched. */
const TRIMMABLE_COUNTED = [')', '}', ']', '(', '{', '[', '"', "'", '`'];

/** Drops what closes the surrounding code (`hunter2);`, `hunter2,`, `hunter2'` without its opening quote), never the value's own brackets. */
function bareValueLength(raw: string): number {
  const pair = NEXT_PAIR.exec(raw);
  const value = pair ? raw.slice(0, pair.index) : raw;
  // Counted once and then kept up to date as the end is trimmed: `x))))…` must not recount per character.
  const counts = new Map<string, number>();
  for (const character of TRIMMABLE_COUNTED) counts.set(character, count(value, character));
  let length = value.length;
  while (length > 0) {
    const last = value[length - 1] as string;
    const opener = OPENER[last];
    const tally = counts.get(last) ?? 0;
    const unmatched = last === ',' || last === ';' || last === '>' || (opener !== undefined && tally > (counts.get(opener) ?? 0)) || ((last === '"' || last === "'" || last === '`') && tally % 2 === 1);
    if (!unmatched) break;
    counts.set(last, tally - 1);
    length--;
  }
  return length;
}

/** The word (letters only) right before `index` on the same line, lower-cased. */
function isLetterAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /\p{L}/u.test(text[index] as string);
}

function wordBefore(text: string, index: number): string {
  let end = index;
  while (end > 0 && index - end < 4 && isSpace(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && end - start < 24 && isLetterAt(text, start - 1)) start--;
  return text.slice(start, end).toLowerCase();
}

const LINE_WINDOW = 160;

/** The text from the start of the line to `index`, or undefined when the line starts too far back. */
function lineBefore(text: string, index: number): string | undefined {
  const from = Math.max(0, index - LINE_WINDOW);
  const window = text.slice(from, index);
  const newline = window.lastIndexOf('\n');
  if (newline < 0 && from > 0) return undefined;
  return window.slice(newline + 1);
}

/** The rest of the line after `index` (at most LINE_WINDOW characters). */
function lineAfter(text: string, index: number): string {
  const window = text.slice(index, index + LINE_WINDOW);
  const newline = window.indexOf('\n');
  return newline < 0 ? window : window.slice(0, newline);
}

/** `DB_PASSWORD=…`, `export X=…`, `db.password=…`, `password: …` alone on a YAML line, `;Password=…;`: literals, not code. */
function isConfigLine(text: string, keyStart: number, key: string, operator: string, valueEnd: number): boolean {
  const before = lineBefore(text, keyStart)?.trim();
  const previous = text[keyStart - 1] ?? '';
  if (previous === ';' || previous === '?' || previous === '&') return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(key) && (operator === '=' || operator === ':-' || operator === ':=')) return true;
  const bare = before !== undefined && (before === '' || /^(?:export|set|setx|ENV|env|-|\$env:|SET)$/.test(before));
  if (!bare) return false;
  if (key.includes('.') && (operator === '=' || operator === ':')) return true;
  const rest = lineAfter(text, valueEnd).trim();
  return operator === ':' && (rest === '' || rest.startsWith('#'));
}

const OPERATOR = /(?::=|:-|=>|===?|!==?|<-|\?=|=|:(?!:))/y;
const TYPE_AFTER_COLON = /[ \t]*([\w&'?|[\]]+)[ \t]*(?==(?!=))/y;
const NAMED_BEFORE = /(?:name|key|id|param|parameter|variable|var|env|parameterkey)["']?[ \t]*(?:=>?|:)[ \t]*["']?$/i;
const VALUE_AFTER = /(?:value|val|parametervalue|secret|default)["']?[ \t]*(?:=>?|:)[ \t]*/giy;

class KeywordScan {
  private readonly quoteEnds: QuoteEnds;

  constructor(private readonly context: ScanContext) {
    this.quoteEnds = new QuoteEnds(context.text);
  }

  /** The value at `from` (see readValue). */
  value(from: number, prose = false): Value | undefined {
    return readValue(this.context.text, this.quoteEnds, from, prose);
  }

  accept(value: Value | undefined, kind: KeyKind, words: readonly string[], configLine: boolean, prose: boolean): boolean {
    if (!value) return false;
    const text = this.context.text.slice(value.start, value.end);
    if (!acceptSecretValue(text, { kind, quoted: value.quoted, keyWords: words, configLine, prose })) return false;
    const score = prose ? 0.7 : 0.75;
    this.context.add('API_KEY', value.start, value.end, kind === 'password' ? score : score + 0.05);
    return true;
  }

  /** Judges the key `text[keyStart, keyEnd)` and whatever follows it. */
  key(keyStart: number, keyEnd: number): void {
    const { text } = this.context;
    const key = text.slice(keyStart, keyEnd);
    const kind = classifyKey(key, wordBefore(text, keyStart));
    if (!kind) return;
    const words = keyWords(key);
    this.comparedBefore(keyStart, kind, words);
    const opening = text[keyStart - 1] ?? '';
    const quotedKey = opening === '"' || opening === "'" || opening === '`';
    let cursor = keyEnd;
    if (quotedKey && text[cursor] === opening) cursor++;
    if (text[cursor] === ']') cursor++;
    else if (text[cursor] === '[') {
      const close = text.slice(cursor, cursor + 8).indexOf(']') + cursor;
      if (close > cursor && close - cursor <= 6 && /^\[\d*\]$/.test(text.slice(cursor, close + 1))) cursor = close + 1;
    }
    if ((text[cursor] === '?' || text[cursor] === '!') && text[cursor + 1] === ':') cursor++;
    const afterKey = cursor;
    cursor = skipSpaces(text, cursor);
    const next = text[cursor];
    if (next === '>' && opening === '<') {
      this.element(cursor + 1, kind, words);
      return;
    }
    if (next === '(' && cursor === afterKey) {
      this.call(cursor + 1, kind, words);
      return;
    }
    if (NAMED_BEFORE.test(text.slice(Math.max(0, keyStart - 24), keyStart))) {
      this.named(cursor, kind, words);
      return;
    }
    if (next === ',' && quotedKey) {
      if (/\([ \t]*$/.test(text.slice(Math.max(0, keyStart - 8), keyStart - 1))) this.accept(this.value(skipSpaces(text, cursor + 1)), kind, words, false, false);
      return;
    }
    OPERATOR.lastIndex = cursor;
    const operator = OPERATOR.exec(text)?.[0];
    if (operator) {
      this.assignment(keyStart, key, OPERATOR.lastIndex, operator, kind, words);
      return;
    }
    if (text.startsWith('--', keyStart - 2) || /^(?:#define|ENV|set)\s+$/.test(lineBefore(text, keyStart) ?? '')) {
      if (cursor > afterKey) this.accept(this.value(cursor), kind, words, true, false);
      return;
    }
    this.prose(afterKey, kind, words);
  }

  /** `if ("…" == password)`: a literal compared with the secret is the secret. */
  comparedBefore(keyStart: number, kind: KeyKind, words: readonly string[]): void {
    const { text } = this.context;
    let index = keyStart;
    while (index > 0 && keyStart - index < 4 && isSpace(text.charCodeAt(index - 1))) index--;
    while (index > 0 && text[index - 1] === '=') index--;
    if (index === keyStart || !/[=!]/.test(text[index] ?? '') || !/^(?:===?|!==?)$/.test(text.slice(text[index - 1] === '!' ? index - 1 : index, keyStart).trim())) return;
    if (text[index - 1] === '!') index--;
    while (index > 0 && keyStart - index < 12 && isSpace(text.charCodeAt(index - 1))) index--;
    const quote = text[index - 1] ?? '';
    if (quote !== '"' && quote !== "'" && quote !== '`') return;
    const windowStart = Math.max(0, index - 514);
    const open = text.slice(windowStart, index - 1).lastIndexOf(quote) + windowStart;
    if (open < windowStart || text.slice(open, index).includes('\n')) return;
    this.accept({ start: open + 1, end: index - 1, quoted: true }, kind, words, false, false);
  }

  assignment(keyStart: number, key: string, operatorEnd: number, operator: string, kind: KeyKind, words: readonly string[]): void {
    const { text } = this.context;
    let from = skipSpaces(text, operatorEnd);
    if (operator === ':') {
      // `password: str = "…"`: the annotation is a type, the value follows the `=`.
      TYPE_AFTER_COLON.lastIndex = operatorEnd;
      const annotation = TYPE_AFTER_COLON.exec(text);
      if (annotation && TYPE_WORDS.has((annotation[1] as string).toLowerCase())) from = skipSpaces(text, TYPE_AFTER_COLON.lastIndex + 1);
    }
    const value = this.value(from);
    if (!value) return;
    const comparison = operator.startsWith('==') || operator.startsWith('!=');
    if (comparison && !value.quoted) return;
    this.accept(value, kind, words, !value.quoted && isConfigLine(text, keyStart, key, operator, value.end), false);
  }

  /** `<password>…</password>`: the element's text is a literal. */
  element(from: number, kind: KeyKind, words: readonly string[]): void {
    const { text } = this.context;
    const close = text.slice(from, from + 513).indexOf('<') + from;
    if (close < from) return;
    const raw = text.slice(from, close);
    if (raw.includes('\n')) return;
    const start = from + (raw.length - raw.trimStart().length);
    const end = close - (raw.length - raw.trimEnd().length);
    if (end > start) this.accept({ start, end, quoted: true }, kind, words, true, false);
  }

  /** `setPassword("…")`, `.apiKey("…")`: only a literal argument, never a variable. */
  call(from: number, kind: KeyKind, words: readonly string[]): void {
    const value = this.value(skipSpaces(this.context.text, from));
    if (value?.quoted) this.accept(value, kind, words, false, false);
  }

  /** `<add key="DbPassword" value="…"/>`, `{"name": "API_KEY", "value": "…"}`, `- name: DB_PASSWORD` then `value: …`. */
  named(from: number, kind: KeyKind, words: readonly string[]): void {
    const { text } = this.context;
    const window = Math.min(text.length, from + 120);
    for (let index = from; index < window; index++) {
      const code = text.charCodeAt(index) | 32;
      if (code !== 118 && code !== 112 && code !== 115 && code !== 100) continue;
      VALUE_AFTER.lastIndex = index;
      if (!VALUE_AFTER.exec(text) || !/[^\p{L}]/u.test(text[index - 1] ?? ' ')) continue;
      const value = this.value(VALUE_AFTER.lastIndex);
      this.accept(value, kind, words, true, false);
      return;
    }
  }

  /** `my password is …`, `the API key for staging is "…"`, `password hunter2`, `mot de passe : …`. */
  prose(from: number, kind: KeyKind, words: readonly string[]): void {
    const { text } = this.context;
    let cursor = from;
    let linked = false;
    let openWords = 0;
    for (let step = 0; step < 8; step++) {
      const spaced = skipSpaces(text, cursor, 4);
      if (spaced === cursor && step === 0 && QUOTE_CLOSE[text[cursor] ?? ''] === undefined) return;
      cursor = spaced;
      if (linked || step === 0) {
        const value = this.value(cursor, true);
        const lower = value ? text.slice(value.start, value.end).toLowerCase() : '';
        if (value && !FILLER.has(lower) && !LINKS.has(lower)) {
          if (this.accept(value, kind, words, false, true) || linked) return;
        }
      }
      const word = PROSE_WORD.exec(text.slice(cursor, cursor + 24))?.[0];
      if (!word) return;
      const lower = word.toLowerCase();
      cursor += word.length;
      if (LINKS.has(lower)) {
        linked = true;
      } else if (FILLER.has(lower)) {
        linked = false;
        if (PREPOSITIONS.has(lower)) openWords = 3;
      } else if (openWords > 0) {
        openWords--;
        linked = false;
      } else {
        return;
      }
    }
  }
}

const PROSE_WORD = /^(?:[\p{L}'’-]+|[:=–—-])/u;
/** Words that hand over to the value: `is`, `:`, `set to`, `ist`, `est`. */
const LINKS = new Set(['is', 'was', 'are', 'were', 'be', ':', '=', '-', '–', '—', 'to', 'reads', 'equals', 'ist', 'lautet', 'est', 'es', 'é', 'är', 'on', 'is:']);
/** Words between the key and the link: `the password for the admin account is …`. */
const FILLER = new Set([
  'the', 'my', 'our', 'your', 'his', 'her', 'their', 'this', 'that', 'its', 'a', 'an', 'new', 'old', 'current', 'default', 'temporary', 'temp',
  'initial', 'admin', 'root', 'user', 'account', 'server', 'database', 'db', 'wifi', 'wi-fi', 'login', 'email', 'mail', 'staging', 'production',
  'prod', 'dev', 'now', 'still', 'has', 'have', 'had', 'been', 'will', 'should', 'must', 'would', 'just', 'simply', 'actually', 'here', 'set',
  'changed', 'reset', 'updated', 'it', "it's", 'for', 'of', 'in', 'at', 'from', 'de', 'la', 'le', 'el', 'du', 'der', 'die', 'das', 'del', 'do',
  'da', 'van', 'het', 'och', 'und', 'et', 'y', 'e',
]);
const PREPOSITIONS = new Set(['for', 'of', 'in', 'at', 'from', 'de', 'du', 'der', 'del', 'do', 'da', 'van']);

export const keywordSecretRecognizer: Recognizer = {
  types: ['API_KEY'],
  scan(context) {
    const { text } = context;
    const scan = new KeywordScan(context);
    let keyEnd = 0;
    // Stems are searched in the lower-cased copy: a case-sensitive regex runs several times faster than `/i`.
    const lower = context.lower();
    STEMS.lastIndex = 0;
    for (let stem = STEMS.exec(lower); stem; stem = STEMS.exec(lower)) {
      if (stem.index < keyEnd) continue;
      let start = stem.index;
      while (start > 0 && stem.index - start < MAX_KEY && isKeyCode(text.charCodeAt(start - 1))) start--;
      let end = stem.index + stem[0].length;
      while (end < text.length && end - start < MAX_KEY && isKeyCode(text.charCodeAt(end))) end++;
      keyEnd = end;
      // `password.` ends a sentence; `-` and `.` only join words inside a key.
      while (end > start && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
      while (start < end && (text[start] === '.' || text[start] === '-')) start++;
      if (end > start) scan.key(start, end);
      STEMS.lastIndex = Math.max(STEMS.lastIndex, keyEnd);
    }
  },
};
