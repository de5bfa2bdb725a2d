/**
 * A synthetic corpus of prompt-like text for the PII throughput benchmark, written by the project
 * (no evaluation data): support tickets, code, logs and JSON, with fake personal data and secrets
 * mixed in at a set density. Deterministic for a seed, and every value differs, so no scanner can
 * profit from repeats.
 */
import { createSeededRandom } from '../../shared/random/seeded-random.ts';

const FIRST = ['Maria', 'James', 'Aiko', 'Lars', 'Fatima', 'Diego', 'Chloe', 'Ravi', 'Olga', 'Kwame', 'Sofia', 'Tom'];
const LAST = ['Lopez', 'Smith', 'Tanaka', 'Nilsson', 'Haddad', 'Garcia', 'Martin', 'Patel', 'Ivanova', 'Mensah', 'Rossi', 'Brown'];
const STREETS = ['Oak', 'Maple', 'Harbor', 'Mill', 'Cedar', 'Lake', 'Sunset', 'Church'];
const CITIES = ['Springfield', 'Riverton', 'Lakewood', 'Fairview', 'Georgetown'];

const PROSE = [
  'Please summarise the following support ticket for the on-call engineer and suggest next steps.',
  'The dashboard returns HTTP 500 after the 4.2.1 upgrade, but only for users in the billing module.',
  'We tried clearing the cache twice; the error persisted and the queue grew to 1,284 pending jobs.',
  'Could you rewrite this paragraph in a friendlier tone without changing its meaning?',
  'Translate the release notes into German and keep the product names in English.',
  'The invoice total was 1,249.50 EUR for 12 seats, billed on the first of each month.',
  'Explain the difference between optimistic and pessimistic locking with a short example.',
  'Our p99 latency went from 180 ms to 2.4 s between 09:14 and 09:31 UTC yesterday.',
];

const CODE = [
  'function retry(task, attempts = 3) {\n  for (let i = 0; i < attempts; i++) {\n    try { return task(); } catch (error) { if (i === attempts - 1) throw error; }\n  }\n}',
  'SELECT id, created_at, status FROM orders WHERE status = \'failed\' ORDER BY created_at DESC LIMIT 50;',
  'const config = { timeoutMs: 30_000, maxRetries: 2, region: "eu-west-1", features: ["a", "b"] };',
  'def parse(line: str) -> dict:\n    key, _, value = line.partition("=")\n    return {key.strip(): value.strip()}',
];

const LOGS = [
  '2024-05-01T09:14:03Z INFO worker-3 job=7f3a9c status=ok duration_ms=412',
  '2024-05-01T09:14:05Z WARN api GET /v2/orders?page=3 took 2380 ms (p99 budget 800 ms)',
  '2024-05-01T09:14:07Z ERROR billing charge failed: upstream timeout after 3 attempts',
];

type Next = () => number;

function pick<T>(next: Next, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function digits(next: Next, count: number): string {
  let out = '';
  for (let index = 0; index < count; index++) out += Math.floor(next() * 10);
  return out;
}

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    let value = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
    sum += value;
  }
  return (10 - (sum % 10)) % 10;
}

function iban(next: Next): string {
  const bban = digits(next, 18);
  const numeric = `${bban}131400`;
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  const check = String(98 - remainder).padStart(2, '0');
  return `DE${check}${bban}`.replace(/(.{4})/g, '$1 ').trim();
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function token(next: Next, length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let index = 0; index < length; index++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** One fake value of some kind, in a short phrase. */
function personalPhrase(next: Next): string {
  const first = pick(next, FIRST);
  const last = pick(next, LAST);
  switch (Math.floor(next() * 10)) {
    case 0:
      return `Contact ${first} ${last} at ${first.toLowerCase()}.${last.toLowerCase()}${digits(next, 2)}@example.com.`;
    case 1:
      return `Call me on (${pick(next, ['415', '212', '646', '312'])}) 555-${digits(next, 4)} after lunch.`;
    case 2: {
      const body = `4${digits(next, 14)}`;
      return `The card ending in ${body.slice(-4)} is ${`${body}${luhnCheckDigit(body)}`.replace(/(.{4})/g, '$1 ').trim()}.`;
    }
    case 3:
      return `SSN ${100 + Math.floor(next() * 500)}-${10 + Math.floor(next() * 80)}-${1000 + Math.floor(next() * 8000)} is on file.`;
    case 4:
      return `Refund to IBAN ${iban(next)} please.`;
    case 5:
      return `The request came from 10.${Math.floor(next() * 255)}.${Math.floor(next() * 255)}.${1 + Math.floor(next() * 250)} at 09:14.`;
    case 6:
      return `export AWS_ACCESS_KEY_ID=AKIA${token(next, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    case 7:
      return `Ship it to ${100 + Math.floor(next() * 9000)} ${pick(next, STREETS)} Street, ${pick(next, CITIES)}, IL 6${digits(next, 4)}.`;
    case 8:
      return `Dear ${first} ${last}, thanks for your patience.`;
    default:
      return `db: postgres://app:${token(next, 12)}@db.internal.example.com:5432/main`;
  }
}

export interface CorpusOptions {
  /** Approximate size in UTF-16 code units. */
  size: number;
  /** Chance that a paragraph carries a personal value (default 0.25). */
  density?: number;
  seed?: number;
}

/** Paragraphs of prose, code, logs and JSON; returned as separate prompts of a few KB each. */
export function syntheticPrompts({ size, density = 0.25, seed = 4 }: CorpusOptions): string[] {
  const next = createSeededRandom(seed);
  const prompts: string[] = [];
  let total = 0;
  let current = '';
  while (total < size) {
    const kind = next();
    let paragraph = kind < 0.5 ? `${pick(next, PROSE)} ${pick(next, PROSE)}` : kind < 0.7 ? pick(next, CODE) : kind < 0.85 ? pick(next, LOGS) : JSON.stringify({ id: token(next, 8), status: 'open', tags: ['billing', 'p2'], note: pick(next, PROSE) });
    if (next() < density) paragraph += ` ${personalPhrase(next)}`;
    current += `${paragraph}\n\n`;
    total += paragraph.length + 2;
    if (current.length > 2048) {
      prompts.push(current);
      current = '';
    }
  }
  if (current) prompts.push(current);
  return prompts;
}
