/**
 * Which key names hold a secret: `password`, `DB_PASS`, `clientSecret`, `api-key`, `X-Auth-Token`,
 * `spring.datasource.password`, and which look alike but do not (`password_length`, `token_url`,
 * `max_tokens`, `secret_name`, `keyboard`). Keys are split into words (snake, kebab, dotted and
 * camel case) and judged word by word.
 */

/** What the value of a key is: a password, another secret, or a plain `key` (only random-looking values count). */
export type KeyKind = 'password' | 'secret' | 'generic';

const PASSWORD_WORDS = new Set([
  'password', 'passwords', 'passwd', 'passwort', 'passphrase', 'passcode', 'pass', 'pwd', 'pw', 'pword', 'contraseña', 'contrasena', 'kennwort',
  'senha', 'wachtwoord', 'haslo', 'hasło', 'lösenord', 'losenord', 'salasana', 'mdp',
]);
/** Glued names (`PGPASSWORD`, `dbpass`, `userpwd`); the look-alikes are ordinary words. */
const PASSWORD_INSIDE = /password|passwd|passphrase|passcode|passwort|kennwort|contrase|pass$|pwd$/;
const NOT_PASSWORD = new Set(['bypass', 'compass', 'overpass', 'underpass', 'surpass', 'trespass', 'encompass', 'impass', 'passport', 'passenger', 'passage', 'passive', 'passion', 'passing', 'passed', 'passes', 'passthrough', 'passthru']);

const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'credential', 'credentials', 'creds', 'auth', 'authorization', 'bearer', 'apikey', 'apitoken', 'privkey']);
/** Glued names (`clientSecret` written `CLIENTSECRET`, `accesstoken`, `apikey`); `secretary`, `tokenizer` are not. */
const SECRET_INSIDE = /secret(?!ar|ion|iv)|token(?!i[sz])|api_?key|access_?key|private_?key|auth_?key|credential/;
/** `api key`, `access_key`, `PRIVATE_KEY`: the word before `key` makes it a secret. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'priv', 'auth', 'client', 'service', 'account', 'db', 'database', 'master', 'signing', 'encryption', 'license',
  'licence', 'subscription', 'app', 'application', 'webhook', 'hmac', 'sas', 'storage', 'admin', 'session', 'consumer', 'developer', 'product', 'ssh',
  'gpg', 'pgp', 'jwt', 'crypto', 'cipher', 'shared', 'sendgrid', 'stripe', 'openai', 'anthropic', 'mailgun', 'twilio', 'slack', 'github', 'aws',
]);
/** A word after the secret word that names something about the secret, not the secret itself. */
const NOT_THE_SECRET_AFTER = new Set([
  'id', 'ids', 'name', 'names', 'type', 'types', 'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'dir', 'length', 'len', 'size', 'count',
  'policy', 'expiry', 'expires', 'expiration', 'exp', 'ttl', 'timeout', 'header', 'field', 'fields', 'label', 'prompt', 'hint', 'placeholder', 'regex',
  'pattern', 'format', 'version', 'enabled', 'required', 'min', 'max', 'ref', 'arn', 'location', 'provider', 'algorithm', 'alg', 'mode', 'strategy',
  'rotation', 'changed', 'updated', 'created', 'at', 'help', 'message', 'msg', 'error', 'errors', 'text', 'description', 'title', 'tooltip',
  'validator', 'validation', 'strength', 'rule', 'rules', 'input', 'column', 'param', 'parameter', 'env', 'var', 'variable', 'source', 'manager',
  'method', 'scheme', 'prefix', 'suffix', 'limit', 'limits', 'usage', 'used', 'visible', 'show', 'hidden', 'toggle', 'icon', 'button', 'link',
  'selector', 'class', 'style', 'count', 'index', 'key', 'keys', 'store', 'command', 'cmd', 'script', 'mask', 'lifetime', 'age', 'duration',
  'reset', 'recovery', 'forgot', 'view', 'page', 'form', 'screen', 'dialog', 'modal', 'component', 'handler', 'service', 'module', 'test', 'tests',
  'spec', 'list', 'set', 'map', 'table', 'count', 'stats', 'metrics', 'cache', 'status', 'state', 'is', 'exists', 'present', 'missing', 'set',
  'option', 'options', 'config', 'settings', 'flag', 'flags', 'info', 'data', 'request', 'response', 'payload', 'schema', 'model', 'entity',
]);
/** A word before the secret word that makes the key a question or a count about it (`is_password`, `max_tokens`). */
const NOT_THE_SECRET_BEFORE = new Set([
  'forgot', 'show', 'hide', 'toggle', 'validate', 'verify', 'check', 'min', 'max', 'num', 'total', 'count', 'is', 'has', 'use', 'enable', 'require',
  'allow', 'skip', 'needs', 'no', 'prompt', 'completion', 'input', 'output', 'context', 'cached', 'reasoning', 'get', 'fetch', 'load', 'read',
  'lookup', 'generate', 'create', 'rotate', 'revoke', 'delete', 'remove', 'list', 'encode', 'decode', 'parse', 'hash', 'compare',
]);

const CAMEL_BOUNDARY = /([\p{Ll}\d])(\p{Lu})|(\p{Lu}+)(\p{Lu}\p{Ll})/gu;

/** Key names repeat within and across prompts (`password`, `api_key`); past this many, the memos start over. */
const MEMO_LIMIT = 4096;
const keyWordsMemo = new Map<string, readonly string[]>();
const keyKindMemo = new Map<string, KeyKind | null>();

/** `DB_PASSWORD` -> `db password`, `clientSecretKey` -> `client secret key`, `X-API-Key` -> `x api key`. */
export function keyWords(key: string): readonly string[] {
  let words = keyWordsMemo.get(key);
  if (words === undefined) {
    if (keyWordsMemo.size >= MEMO_LIMIT) keyWordsMemo.clear();
    words = splitKey(key);
    keyWordsMemo.set(key, words);
  }
  return words;
}

function splitKey(key: string): string[] {
  return key
    .replace(CAMEL_BOUNDARY, (_match, lower?: string, upper?: string, run?: string, next?: string) => (lower !== undefined ? `${lower} ${upper}` : `${run} ${next}`))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function isPasswordWord(word: string): boolean {
  return PASSWORD_WORDS.has(word) || (PASSWORD_INSIDE.test(word) && !NOT_PASSWORD.has(word));
}

function isSecretWord(word: string, previous: string | undefined): boolean {
  if (SECRET_WORDS.has(word) || SECRET_INSIDE.test(word)) return true;
  return (word === 'key' || word === 'keys') && previous !== undefined && KEY_QUALIFIERS.has(previous);
}

/**
 * The kind of secret a key name holds, or undefined. `wordBefore` is the word in front of the
 * key when they are separate words (`API key`, `mot de passe`).
 */
export function classifyKey(key: string, wordBefore = ''): KeyKind | undefined {
  const memoKey = `${wordBefore}\u0000${key}`;
  let kind = keyKindMemo.get(memoKey);
  if (kind === undefined) {
    if (keyKindMemo.size >= MEMO_LIMIT) keyKindMemo.clear();
    kind = classifyKeyWords(keyWords(key), wordBefore) ?? null;
    keyKindMemo.set(memoKey, kind);
  }
  return kind ?? undefined;
}

function classifyKeyWords(words: readonly string[], wordBefore: string): KeyKind | undefined {
  if (words.length === 0 || words.length > 8) return undefined;
  let kind: KeyKind | undefined;
  let at = -1;
  for (const [index, word] of words.entries()) {
    const previous = index > 0 ? words[index - 1] : wordBefore || undefined;
    if (isPasswordWord(word) || (word === 'passe' && previous === 'de')) kind = 'password';
    else if (isSecretWord(word, previous)) kind ??= 'secret';
    else if (word === 'key' && index === words.length - 1 && kind === undefined) kind = 'generic';
    else continue;
    at = index;
  }
  if (kind === undefined) return undefined;
  const firstSecretWord = words.findIndex((word, index) => isPasswordWord(word) || isSecretWord(word, index > 0 ? words[index - 1] : wordBefore || undefined) || word === 'key');
  for (let index = at + 1; index < words.length; index++) if (NOT_THE_SECRET_AFTER.has(words[index] as string)) return undefined;
  for (let index = 0; index < firstSecretWord; index++) if (NOT_THE_SECRET_BEFORE.has(words[index] as string)) return undefined;
  return kind;
}
