/**
 * Whether a value found after a secret-looking key is a credential, and what is excluded, as a
 * production scanner does (detect-secrets' keyword filters, gitleaks' allow-lists):
 * - empty values and values without a letter or digit (`""`, `****`, `...`);
 * - templates and references: `<password>`, `{password}`, `${DB_PASSWORD}`, `{{ secret }}`,
 *   `%(password)s`, `%s`, `$PASS`, `$(cat file)`, `#{token}`, `@password@`;
 * - placeholders people write in examples: `your_api_key`, `<your-token-here>`, `changeme`,
 *   `xxxxxxxx`, `REDACTED`, `example`, `dummy`, `***`;
 * - code rather than a literal: `os.environ["X"]`, `os.getenv("X")`, `process.env.X`,
 *   `config.db.password`, `getPassword()`, `request.headers["x"]`, `None`, `null`, `true`,
 *   `false`, type names (`string`, `str`, `String`);
 * - unquoted variable names in code (`password = user_password`, `apiKey: apiKey`): an unquoted
 *   value must look like a credential (letters with digits or symbols, mixed case past the first
 *   letter, or long and random), except in env and config files (`DB_PASSWORD=letmein`,
 *   `password: letmein` alone on a YAML line), whose values are literals;
 * - UI labels (`"password": "Password"`, `"Enter your password"`) and paths or URLs.
 */
import { characterClassCount, shannonEntropy } from '../text.ts';
import type { KeyKind } from './secret-keys.ts';

/** Literals, type names and words that follow a secret key without being a secret. */
const NOT_A_VALUE = new Set([
  'str', 'string', 'bytes', 'char', 'int', 'integer', 'bool', 'boolean', 'number', 'float', 'double', 'any', 'unknown', 'object', 'none', 'null', 'nil',
  'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'required', 'optional', 'text', 'varchar', 'password', 'passwd', 'pwd', 'pass', 'secret',
  'token', 'key', 'apikey', 'api_key', 'api-key', 'empty', 'changeme', 'change_me', 'change-me', 'changeit', 'redacted', 'hidden', 'masked', 'dummy',
  'example', 'sample', 'placeholder', 'xxx', 'todo', 'tbd', 'n/a', 'na', 'secretstr', 'securestring', 'credentials', 'option', 'optional[str]',
  'string?', 'str?', 'readonly', 'public', 'private', 'protected', 'static', 'final', 'const', 'let', 'var', 'val', 'new', 'self', 'this', 'env',
  'default', 'value', 'input', 'field', 'mypassword', 'yourpassword', 'your_password', 'your-password', 'notasecret', 'not-a-secret', 'fake', 'test', 'testing', 'invalid', 'wrong', 'incorrect', 'expired', 'missing', 'unset', 'set',
]);

/** Type names after a `:` (`password: str = "…"`, `val apiKey: String = "…"`), then the real value. */
export const TYPE_WORDS = new Set(['str', 'string', 'bytes', 'char', 'int', 'bool', 'any', 'unknown', 'object', 'secretstr', 'securestring', 'optional[str]', 'str?', 'string?', '&str', '&\'static', 'string|undefined']);

/** `your_api_key`, `<insert token here>`, `xxxx-xxxx`, `sk-...`: how documentation writes a secret it does not show. */
const PLACEHOLDER_WORDS = /^(?:your|my|insert|enter|put|replace|add|paste|fill)[\s_-]|[\s_-](?:here|goes[\s_-]here|placeholder)$|^(?:x{3,}|X{3,}|\*{2,}|\.{3,}|…)|^x+(?:[-_]x+)+$|^(?:redacted|removed|hidden|masked|secret[-_]?here|example|sample|dummy|fake|test)[-_]?(?:key|token|secret|password|value)?$|^(?:change[-_]?me|change[-_]?it|replace[-_]?me|todo|fixme)|x{5,}|X{5,}/i;
/** `somefakekey`, `my-dummy-token`: test values say so in lower case (an upper-case `…EXAMPLEKEY` inside a random key is still reported). */
const TEST_VALUE_WORDS = /fake|dummy|placeholder|example|sample/;

function isTemplate(value: string): boolean {
  const first = value[0];
  const last = value[value.length - 1];
  if ((first === '{' && last === '}') || (first === '<' && last === '>') || (first === '[' && last === ']') || (first === '(' && last === ')')) return true;
  if (first === '$' && (value[1] === '{' || value[1] === '(' || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value))) return true;
  if (first === '#' && value[1] === '{') return true;
  if (first === '@' && last === '@' && value.length > 2) return true;
  if (first === '%' && (value[1] === '(' || value.length <= 3)) return true;
  return first === '_' && value.startsWith('__') && value.endsWith('__');
}

function balanced(value: string): boolean {
  const stack: string[] = [];
  for (const character of value) {
    if (character === '(' || character === '[' || character === '{') stack.push(character);
    else if (character === ')' || character === ']' || character === '}') {
      const open = stack.pop();
      if (open === undefined || '([{'.indexOf(open) !== ')]}'.indexOf(character)) return false;
    }
  }
  return stack.length === 0;
}

/**
 * `os.environ[...]`, `getPassword()`, `config.db.password`, `process.env.X`, `self.password`: an
 * expression, not a literal. A value whose brackets do not pair up parses as no expression, so it is a literal.
 */
function looksLikeCode(value: string): boolean {
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/^(?:process|os|env|ENV|System|Environment|settings|config|self|this|request|params|args|options)[.:[]/.test(value)) return true;
  return /^[A-Za-z_$][\w$.]*[([]/.test(value) && balanced(value);
}

function hasAlphanumeric(value: string): boolean {
  return /[\p{L}\p{N}]/u.test(value);
}

/** Shared by every form: what no secret looks like. */
function excluded(value: string): boolean {
  if (value.length === 0 || !hasAlphanumeric(value)) return true;
  const lower = value.toLowerCase();
  if (NOT_A_VALUE.has(lower) || isTemplate(value) || PLACEHOLDER_WORDS.test(value) || TEST_VALUE_WORDS.test(value)) return true;
  // A URL is a URL_WITH_CREDENTIALS finding when it holds one; a path is where a secret lives, not the secret.
  return lower.includes('://') || /^(?:\/|~\/|\.\.?\/|[a-z]:\\)/i.test(value);
}

/** `password = user_password`, `apiKey: apiKey`, `secret = SecretValue`: names from code. */
function looksLikeIdentifier(value: string): boolean {
  return (
    /^[A-Za-z]+(?:[_.-][A-Za-z]+)+$/.test(value) ||
    /^[a-z]+(?:[A-Z][a-z]*)+$/.test(value) ||
    /^(?:[A-Z][a-z]+){2,}$/.test(value) ||
    /^[A-Z][A-Z_]*$/.test(value) ||
    /^[A-Za-z]$/.test(value)
  );
}

/** Letters with digits or symbols, or mixed case past the first letter, or long and random. */
export function looksLikeCredential(value: string): boolean {
  const core = value.replace(/[.,;:!?]+$/, '');
  if (core.length < 6 || looksLikeIdentifier(core)) return false;
  const hasLetter = /\p{L}/u.test(core);
  const hasDigit = /\d/.test(core);
  const hasSymbol = /[^\p{L}\p{N}]/u.test(core);
  if (hasLetter && (hasDigit || hasSymbol)) return !isSequential(core);
  if (/\p{Ll}/u.test(core.slice(1)) && /\p{Lu}/u.test(core.slice(1))) return true;
  return core.length >= 16 && shannonEntropy(core) >= 3.5;
}

/** `abcdefgh`, `12345678`, `qwertyui`: keyboard and alphabet runs are examples, not secrets. */
function isSequential(value: string): boolean {
  const lower = value.toLowerCase();
  return lower.length >= 6 && ('abcdefghijklmnopqrstuvwxyz0123456789'.includes(lower) || 'qwertyuiopasdfghjklzxcvbnm'.includes(lower) || /^(.)\1+$/.test(lower));
}

/** A UI string (`"Password"`, `"Enter your password"`, `"Mot de passe"`), not a value. */
function looksLikeLabel(value: string, keyWords: readonly string[]): boolean {
  const lower = value.toLowerCase();
  if (keyWords.some((word) => word.length > 2 && lower === word)) return true;
  if (!/\s/.test(value)) return false;
  if (value.split(/\s+/).length > 6) return true;
  if (/^\p{Lu}[\p{Ll}'’]*(?:\s+[\p{L}'’]+)+[.?!:…]?$/u.test(value)) return true;
  return /pass|secret|token|key|\bcode\b/i.test(value) && /^[\p{L}\s'’.?!:…-]+$/u.test(value);
}

export interface ValueContext {
  kind: KeyKind;
  quoted: boolean;
  /** The key's words (`['db', 'password']`), to tell labels from values. */
  keyWords: readonly string[];
  /** An env or config line (`DB_PASSWORD=…`, `db.password=…`, `password: …` alone on its line): unquoted values are literals. */
  configLine: boolean;
  /** Found by words in prose (`my password is …`) rather than by an operator: unquoted values must look like credentials. */
  prose: boolean;
}

/** Random enough for a plain `key = …` to be a secret rather than a dictionary key. */
export function looksRandom(value: string): boolean {
  return characterClassCount(value) >= 2 && shannonEntropy(value) >= 3;
}

/** Whether `value`, found after a key of `kind`, should be reported as a secret. */
export function acceptSecretValue(value: string, { kind, quoted, keyWords, configLine, prose }: ValueContext): boolean {
  if (excluded(value)) return false;
  if (kind === 'generic') return value.length >= 16 && value.length <= 512 && !/\s/.test(value) && !looksLikeCode(value) && !/^\d+$/.test(value) && looksRandom(value);
  if (quoted) {
    if (value.length < (kind === 'password' ? 3 : 6) || value.length > (kind === 'password' ? 256 : 4096)) return false;
    return !looksLikeLabel(value, keyWords);
  }
  if (value.length > 512 || looksLikeCode(value)) return false;
  if (kind === 'password' && /^\d{6,}$/.test(value) && !isSequential(value)) return true;
  if (looksLikeCredential(value)) return true;
  if (prose || !configLine) return false;
  // Config files: a plain word is the password itself (`DB_PASSWORD=letmein`), unless it names a variable.
  return value.length >= (kind === 'password' ? 5 : 8) && !/[_.-]/.test(value) && !/^[a-z]+[A-Z]/.test(value) && characterClassCount(value) <= 2;
}
