/**
 * The three PII sets in ../shared/evaldata, read (never copied) and mapped to Switchyard's types.
 * Each set keeps only the labels that mean the same thing as one of our types; the rest are
 * listed in EXCLUDED with the reason, and the report prints them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PiiType } from '../../shared/pii/index.ts';

export const PII_EVALDATA_ROOT = process.env.SWITCHYARD_EVALDATA ?? new URL('../../../shared/evaldata', import.meta.url).pathname;

export interface GoldSpan {
  type: PiiType;
  start: number;
  end: number;
}

/** Span-level scoring: every labeled span must be found, every prediction of a scored type must be labeled. */
export interface SpanDocument {
  text: string;
  /** Types whose labels this document carries (predictions of other types are not judged). */
  scored: readonly PiiType[];
  gold: GoldSpan[];
}

/** Case-level scoring: the text should or should not be flagged with `type`. */
export interface FlagCase {
  text: string;
  type: PiiType;
  shouldFlag: boolean;
  /** The upstream detector or recognizer the case comes from. */
  source: string;
}

export interface PiiSets {
  synth: SpanDocument[];
  recognizerCases: SpanDocument[];
  secretCases: FlagCase[];
}

const SYNTH_MAP: Record<string, PiiType | undefined> = {
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  CREDIT_CARD: 'CREDIT_CARD',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  US_SSN: 'SSN',
  IP_ADDRESS: 'IP_ADDRESS',
};

const CASE_MAP: Record<string, PiiType | undefined> = {
  CREDIT_CARD: 'CREDIT_CARD',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  PHONE_NUMBER: 'PHONE',
  US_SSN: 'SSN',
  US_PASSPORT: 'PASSPORT',
};

/** detect-secrets detectors: every token/key detector is an API_KEY; basic auth in URLs is ours too. */
const SECRET_MAP: Record<string, PiiType | undefined> = {
  artifactory: 'API_KEY',
  aws_key: 'API_KEY',
  azure_storage_key: 'API_KEY',
  cloudant: 'API_KEY',
  discord: 'API_KEY',
  github_token: 'API_KEY',
  gitlab_token: 'API_KEY',
  ibm_cloud_iam: 'API_KEY',
  ibm_cos_hmac: 'API_KEY',
  jwt: 'API_KEY',
  keyword: 'API_KEY',
  mailchimp_key: 'API_KEY',
  npm: 'API_KEY',
  openai: 'API_KEY',
  private_key: 'API_KEY',
  pypi_token: 'API_KEY',
  sendgrid: 'API_KEY',
  slack: 'API_KEY',
  softlayer: 'API_KEY',
  square_oauth: 'API_KEY',
  stripe_key: 'API_KEY',
  telegram_token: 'API_KEY',
  twilio: 'API_KEY',
  basic_auth: 'URL_WITH_CREDENTIALS',
};

/** What is left out, and why; printed under the tables. */
export const EXCLUDED: readonly string[] = [
  'Presidio synthetic: ORGANIZATION, GPE (a city or country alone), TITLE, NRP, AGE, DATE_TIME (no birth context is labeled), DOMAIN_NAME, ZIP_CODE alone and US_DRIVER_LICENSE are not Switchyard types. Predictions of our types that fall on them count as false positives.',
  'Presidio recognizer cases: ABA routing, crypto wallets, MAC addresses, UK NHS, US bank numbers, US driver licences, US ITIN and plain URLs (no credentials) are not Switchyard types; 3 cases without span offsets are skipped.',
  "detect-secrets cases: `ip_public` is left out (it flags only public addresses, while IP_ADDRESS covers private ones too). `keyword` cases (a value after a secret-looking key) are scored as their own row: detect-secrets judges them by file type (in C only double quotes make a string; in Python, JavaScript and Java an unquoted value never counts), while a prompt has no file type, so we flag a literal after a secret key in any syntax; most of our false positives on that row are those cases.",
  'No set labels DATE_OF_BIRTH; PASSPORT has only the 5 US passport cases (positives), URL_WITH_CREDENTIALS only the basic-auth cases.',
  'How the rules were made: from the formats (card and IBAN checksums, SSA ranges, vendor token formats, numbering plans, the config and code syntaxes that assign secrets), hand-written gazetteers and the US Census 1990 name lists (models/pii-gazetteer/build-census-names.ts); while developing, the kinds of errors on these sets were looked at (which formats and phrasings were missed), never their values, and no name, address or secret from them is in the project.',
  "Names: the Presidio synthetic set was generated with Python Faker (and a multi-national fake-name list), and Faker's US surnames come from the same US Census lists as our gazetteer, so PERSON numbers on that set are somewhat optimistic for US names. Measured on 2026-11-30 with the census lists switched off (hand-written lists only): synthetic PERSON token F1 0.77 (0.95/0.65) instead of 0.81 (0.92/0.73), PERSON + ADDRESS token F1 0.84 instead of 0.85. No Faker data is in the project.",
  'Span-level PERSON + ADDRESS stays far below token level: the synthetic set labels an address block sometimes as one span and sometimes as parts (a lone building number, `Apt. 5`, a postal code without its city), and labels the city and the country as GPE, so a finding of the whole block matches none of the parts at IoU >= 0.5.',
];

export function piiEvaldataAvailable(root = PII_EVALDATA_ROOT): boolean {
  return existsSync(join(root, 'pii', 'presidio_synth', 'synth_dataset_v2.json'));
}

const SynthRow = z.object({
  full_text: z.string(),
  spans: z.array(z.object({ entity_type: z.string(), start_position: z.int(), end_position: z.int() })),
});

const CaseRow = z.object({
  entity_type: z.string(),
  text: z.string(),
  expected_count: z.int(),
  spans_given: z.boolean(),
  expected_spans: z.array(z.object({ start: z.int(), end: z.int(), entity_type: z.string() })).default([]),
});

const SecretRow = z.object({ detector: z.string(), text: z.string(), should_flag: z.boolean() });

function jsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

const SYNTH_SCORED = [...new Set(Object.values(SYNTH_MAP).filter((type): type is PiiType => type !== undefined))];

export function loadPiiSets(root = PII_EVALDATA_ROOT): PiiSets {
  const synthRows = z.array(SynthRow).parse(JSON.parse(readFileSync(join(root, 'pii/presidio_synth/synth_dataset_v2.json'), 'utf8')));
  const synth = synthRows.map((row) => ({
    text: row.full_text,
    scored: SYNTH_SCORED,
    gold: row.spans.flatMap((span) => {
      const type = SYNTH_MAP[span.entity_type];
      return type ? [{ type, start: span.start_position, end: span.end_position }] : [];
    }),
  }));

  const recognizerCases = z
    .array(CaseRow)
    .parse(jsonLines(join(root, 'pii/presidio_cases/recognizer_cases.jsonl')))
    .flatMap((row) => {
      const type = CASE_MAP[row.entity_type];
      if (!type || !row.spans_given) return [];
      return [{ text: row.text, scored: [type], gold: row.expected_spans.map((span) => ({ type, start: span.start, end: span.end })) }];
    });

  const secretCases = z
    .array(SecretRow)
    .parse(jsonLines(join(root, 'pii/secrets_cases/secrets_cases.jsonl')))
    .flatMap((row) => {
      const type = SECRET_MAP[row.detector];
      return type ? [{ text: row.text, type, shouldFlag: row.should_flag, source: row.detector }] : [];
    });

  return { synth, recognizerCases, secretCases };
}
