/**
 * The npm PII packages Switchyard is measured against, behind one interface: `detect` returns
 * spans in Switchyard's types, `run` is the package's own call (what the benchmark times).
 *
 * redact-pii and @redactpii/node only return redacted text, so their spans are recovered by
 * aligning the redacted text with the original (each label stands for the text it replaced).
 * redact-pii's Google DLP redactor is never constructed: only its local SyncRedactor runs, and
 * @redactpii/node gets no API key, so it never calls its dashboard.
 */
import { Redactor } from '@redactpii/node';
import { OpenRedaction } from 'openredaction';
import { SyncRedactor } from 'redact-pii';
import type { PiiSpan, PiiType } from '../../shared/pii/index.ts';

export interface PiiSystem {
  name: string;
  /** Our types the system claims to find (others are shown as not supported). */
  supports: ReadonlySet<PiiType>;
  detect(text: string): Promise<PiiSpan[]>;
  /** The package's own entry point on `text`, for throughput. */
  run(text: string): unknown;
}

/** Finds where each label in `redacted` came from in `original`; spans of unmapped labels are dropped. */
export function alignRedaction(original: string, redacted: string, labels: ReadonlyMap<string, PiiType | undefined>): PiiSpan[] {
  if (original === redacted) return [];
  const names = [...labels.keys()].sort((left, right) => right.length - left.length);
  const labelPattern = new RegExp(names.map(escapeRegExp).join('|'), 'g');
  const order: (PiiType | undefined)[] = [];
  let source = '^';
  let cursor = 0;
  for (const match of redacted.matchAll(labelPattern)) {
    source += escapeRegExp(redacted.slice(cursor, match.index)) + '([\\s\\S]*?)';
    order.push(labels.get(match[0]));
    cursor = match.index + match[0].length;
  }
  source += `${escapeRegExp(redacted.slice(cursor))}$`;
  const aligned = new RegExp(source, 'd').exec(original);
  if (!aligned?.indices) return [];
  const spans: PiiSpan[] = [];
  order.forEach((type, index) => {
    const range = aligned.indices?.[index + 1];
    if (type && range && range[1] > range[0]) spans.push({ type, start: range[0], end: range[1], score: 1 });
  });
  return spans;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const REDACT_PII_LABELS = new Map<string, PiiType | undefined>([
  ['PERSON_NAME', 'PERSON'],
  ['STREET_ADDRESS', 'ADDRESS'],
  ['PHONE_NUMBER', 'PHONE'],
  ['EMAIL_ADDRESS', 'EMAIL'],
  ['CREDIT_CARD_NUMBER', 'CREDIT_CARD'],
  ['US_SOCIAL_SECURITY_NUMBER', 'SSN'],
  ['IP_ADDRESS', 'IP_ADDRESS'],
  // `password: x`, `credentials: a / b`: the only secrets it looks for.
  ['PASSWORD', 'API_KEY'],
  ['CREDENTIALS', 'API_KEY'],
  // It masks whole URLs; a URL with credentials is one of them.
  ['URL', 'URL_WITH_CREDENTIALS'],
  ['USERNAME', undefined],
  ['ZIPCODE', undefined],
  ['DIGITS', undefined],
]);

const REDACTPII_NODE_LABELS = new Map<string, PiiType | undefined>([
  ['PERSON_NAME', 'PERSON'],
  ['PHONE_NUMBER', 'PHONE'],
  ['EMAIL_ADDRESS', 'EMAIL'],
  ['CREDIT_CARD_NUMBER', 'CREDIT_CARD'],
  ['US_SOCIAL_SECURITY_NUMBER', 'SSN'],
]);

/** openredaction has 500+ pattern types; these are the ones that are one of ours. */
export function mapOpenRedactionType(type: string): PiiType | undefined {
  if (type === 'EMAIL') return 'EMAIL';
  if (type.startsWith('PHONE')) return 'PHONE';
  if (type === 'CREDIT_CARD') return 'CREDIT_CARD';
  if (type === 'SSN') return 'SSN';
  if (type === 'IBAN' || type === 'UK_BANK_ACCOUNT_IBAN') return 'IBAN';
  if (type === 'IPV4' || type === 'IPV6') return 'IP_ADDRESS';
  if (type === 'URL_WITH_AUTH' || type === 'DATABASE_CONNECTION') return 'URL_WITH_CREDENTIALS';
  if (type.startsWith('PASSPORT') || type.endsWith('_PASSPORT')) return 'PASSPORT';
  if (type === 'DATE_OF_BIRTH') return 'DATE_OF_BIRTH';
  if (type === 'NAME' || type === 'PERSON') return 'PERSON';
  if (type === 'ADDRESS_STREET' || type === 'ADDRESS_PO_BOX') return 'ADDRESS';
  if (/(?:API_KEY|SECRET_KEY|ACCESS_KEY|_TOKEN|^JWT_TOKEN|PRIVATE_KEY|GENERIC_SECRET|CLIENT_SECRET|STORAGE_KEY|SLACK_WEBHOOK|DOCKER_AUTH|KUBERNETES_SECRET)$/.test(type)) return 'API_KEY';
  return undefined;
}

const ALL_SUPPORTED: ReadonlySet<PiiType> = new Set<PiiType>(['EMAIL', 'PHONE', 'CREDIT_CARD', 'SSN', 'IBAN', 'IP_ADDRESS', 'API_KEY', 'URL_WITH_CREDENTIALS', 'PASSPORT', 'DATE_OF_BIRTH', 'PERSON', 'ADDRESS']);

/** The three peers, each built once with its default settings (local only). */
export function createPeers(): PiiSystem[] {
  const redactPii = new SyncRedactor();
  const redactPiiNode = new Redactor();
  const openRedaction = new OpenRedaction();
  return [
    {
      name: 'redact-pii',
      supports: new Set(['PERSON', 'ADDRESS', 'PHONE', 'EMAIL', 'CREDIT_CARD', 'SSN', 'IP_ADDRESS', 'API_KEY', 'URL_WITH_CREDENTIALS']),
      detect: async (text) => alignRedaction(text, redactPii.redact(text), REDACT_PII_LABELS),
      run: (text) => redactPii.redact(text),
    },
    {
      name: '@redactpii/node',
      supports: new Set(['PERSON', 'PHONE', 'EMAIL', 'CREDIT_CARD', 'SSN']),
      detect: async (text) => alignRedaction(text, redactPiiNode.redact(text), REDACTPII_NODE_LABELS),
      run: (text) => redactPiiNode.redact(text),
    },
    {
      name: 'openredaction',
      supports: ALL_SUPPORTED,
      detect: async (text) => {
        const result = await openRedaction.detect(text);
        const spans: PiiSpan[] = [];
        for (const detection of result.detections) {
          const type = mapOpenRedactionType(detection.type);
          if (type) spans.push({ type, start: detection.position[0], end: detection.position[1], score: detection.confidence ?? 1 });
        }
        return spans;
      },
      run: (text) => openRedaction.detect(text),
    },
  ];
}
