/**
 * `npm run eval pii`: Switchyard's PII scan against the npm packages redact-pii, @redactpii/node
 * and openredaction on the public sets in ../shared/evaldata (measured on, never trained on),
 * all in one run, reported as precision / recall / F1 per entity type.
 */
import { readFileSync } from 'node:fs';
import { detectPii, type PiiSpan, type PiiType } from '../../shared/pii/index.ts';
import { EXCLUDED, loadPiiSets, PII_EVALDATA_ROOT, piiEvaldataAvailable, type FlagCase, type SpanDocument } from './pii-data.ts';
import { createPeers, type PiiSystem } from './pii-peers.ts';
import { addCounts, emptyCounts, metricsOf, MIN_IOU, scoreFlags, scoreSpans, scoreTokens, type Counts } from './pii-score.ts';

const progress = (message: string) => process.stdout.write(`eval:pii: ${message}\n`);

const STRUCTURED: readonly PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'SSN', 'IBAN', 'IP_ADDRESS', 'API_KEY', 'URL_WITH_CREDENTIALS', 'PASSPORT'];

const switchyard: PiiSystem = {
  name: 'Switchyard',
  supports: new Set<PiiType>(['EMAIL', 'PHONE', 'CREDIT_CARD', 'SSN', 'IBAN', 'IP_ADDRESS', 'API_KEY', 'URL_WITH_CREDENTIALS', 'PASSPORT', 'DATE_OF_BIRTH', 'PERSON', 'ADDRESS']),
  detect: async (text) => detectPii(text),
  run: (text) => detectPii(text),
};

interface Predictions {
  spans: PiiSpan[][];
  microseconds: number;
}

async function predictAll(system: PiiSystem, texts: readonly string[], label: string): Promise<Predictions> {
  const spans: PiiSpan[][] = [];
  const started = performance.now();
  for (const [index, text] of texts.entries()) {
    try {
      spans.push(await system.detect(text));
    } catch {
      // A peer that throws on an input finds nothing in it.
      spans.push([]);
    }
    if (index % 500 === 499) progress(`${system.name} on ${label}: ${index + 1}/${texts.length}`);
  }
  return { spans, microseconds: ((performance.now() - started) * 1000) / Math.max(1, texts.length) };
}

function cell(system: PiiSystem, type: PiiType | undefined, counts: Counts | undefined): string {
  if (type && !system.supports.has(type)) return '–';
  if (!counts) return '–';
  const { precision, recall, f1 } = metricsOf(counts);
  return `${f1.toFixed(2)} (${precision.toFixed(2)}/${recall.toFixed(2)})`;
}

function table(rows: { label: string; type?: PiiType; support: number; counts: Counts[] }[], systems: readonly PiiSystem[]): string {
  const header = `| type (n) | ${systems.map((system) => system.name).join(' | ')} |`;
  const divider = `|---|${systems.map(() => '---:').join('|')}|`;
  const lines = rows.map((row) => `| ${row.label} (${row.support}) | ${systems.map((system, index) => cell(system, row.type, row.counts[index])).join(' | ')} |`);
  return [header, divider, ...lines].join('\n');
}

function spanRows(documents: readonly SpanDocument[], predictions: readonly Predictions[], level: 'token' | 'span') {
  const perSystem = predictions.map((prediction) => (level === 'token' ? scoreTokens : scoreSpans)(documents, prediction.spans));
  const types = [...new Set(documents.flatMap((document) => document.scored))];
  return types
    .map((type) => ({ label: type, type, support: metricsOf(perSystem[0]?.get(type) ?? emptyCounts()).support, counts: perSystem.map((counts) => counts.get(type) ?? emptyCounts()) }))
    .filter((row) => row.support > 0);
}

function flagRows(cases: readonly FlagCase[], predictions: readonly Predictions[]) {
  const group = (flagCase: FlagCase) => (flagCase.source === 'keyword' ? `${flagCase.type} (keyword cases)` : flagCase.type);
  const perSystem = predictions.map((prediction) => scoreFlags(cases, prediction.spans, group));
  const labels = [...new Set(cases.map(group))];
  return labels.map((label) => {
    const type = cases.find((flagCase) => group(flagCase) === label)?.type;
    const positives = cases.filter((flagCase) => group(flagCase) === label && flagCase.shouldFlag).length;
    const negatives = cases.filter((flagCase) => group(flagCase) === label && !flagCase.shouldFlag).length;
    return { label: `${label}, ${positives} flag / ${negatives} not`, type, support: positives + negatives, counts: perSystem.map((counts) => counts.get(label) ?? emptyCounts()) };
  });
}

/** Micro-averaged counts over the given rows, per system. */
function pooled(rows: readonly { type?: PiiType; counts: Counts[] }[], wanted: (type: PiiType) => boolean, systems: readonly PiiSystem[]): Counts[] {
  return systems.map((_, index) => {
    const total = emptyCounts();
    for (const row of rows) if (row.type && wanted(row.type)) addCounts(total, row.counts[index] ?? emptyCounts());
    return total;
  });
}

interface Row {
  label: string;
  type?: PiiType;
  counts: Counts[];
}

/** The issue's targets, checked against this run's numbers (Switchyard is system 0). */
function targetVerdict(summary: readonly Row[], rows: readonly Row[], systems: readonly PiiSystem[]): string {
  const f1 = (row: Row | undefined, index: number) => metricsOf(row?.counts[index] ?? emptyCounts()).f1;
  const [structuredToken, structuredSpan, namedToken, namedSpan] = summary;
  const behind = rows.flatMap((row) =>
    systems.slice(1).flatMap((system, offset) => (row.type && system.supports.has(row.type) && f1(row, offset + 1) > f1(row, 0) + 1e-9 ? [`${row.label}: ${system.name} ${f1(row, offset + 1).toFixed(2)} vs ${f1(row, 0).toFixed(2)}`] : [])),
  );
  const met = (value: number, target: number) => `${value.toFixed(2)} (${value >= target ? 'met' : 'not met'})`;
  return [
    `Targets in this run: structured types F1 >= 0.97: token level ${met(f1(structuredToken, 0), 0.97)}, span level ${met(f1(structuredSpan, 0), 0.97)};`,
    `PERSON + ADDRESS F1 >= 0.85: token level ${met(f1(namedToken, 0), 0.85)}, span level ${met(f1(namedSpan, 0), 0.85)};`,
    `ahead of every peer: ${behind.length === 0 ? 'on every row' : `on every row but ${behind.join('; ')}`}.`,
  ].join(' ');
}

function version(packageName: string): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL(`../../node_modules/${packageName}/package.json`, import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '?';
  } catch {
    return '?';
  }
}

export async function evaluate(): Promise<string> {
  if (!piiEvaldataAvailable()) {
    return `_PII evaluation skipped: ${PII_EVALDATA_ROOT} has no pii/ sets. Point SWITCHYARD_EVALDATA at a copy of the evaluation data and run \`npm run eval pii\` again._`;
  }
  progress(`loading sets from ${PII_EVALDATA_ROOT}`);
  const sets = loadPiiSets();
  const systems = [switchyard, ...createPeers()];
  const run = async (texts: readonly string[], label: string) => {
    const out: Predictions[] = [];
    for (const system of systems) {
      progress(`${system.name} on ${label} (${texts.length} texts)`);
      out.push(await predictAll(system, texts, label));
    }
    return out;
  };
  const synth = await run(sets.synth.map((document) => document.text), 'Presidio synthetic');
  const cases = await run(sets.recognizerCases.map((document) => document.text), 'Presidio recognizer cases');
  const secrets = await run(sets.secretCases.map((flagCase) => flagCase.text), 'detect-secrets cases');

  const synthRows = spanRows(sets.synth, synth, 'token');
  const caseRows = spanRows(sets.recognizerCases, cases, 'token');
  const secretRows = flagRows(sets.secretCases, secrets);
  const spanLevelRows = [...spanRows(sets.synth, synth, 'span'), ...spanRows(sets.recognizerCases, cases, 'span'), ...secretRows];
  const tokenLevelRows = [...synthRows, ...caseRows, ...secretRows];
  const structured = (type: PiiType) => STRUCTURED.includes(type);
  const named = (type: PiiType) => type === 'PERSON' || type === 'ADDRESS';
  const summaryRows = [
    { label: 'structured types, token level (+ secrets cases)', type: undefined, support: 0, counts: pooled(tokenLevelRows, structured, systems) },
    { label: 'structured types, span level (+ secrets cases)', type: undefined, support: 0, counts: pooled(spanLevelRows, structured, systems) },
    { label: 'PERSON + ADDRESS, token level', type: undefined, support: 0, counts: pooled(tokenLevelRows, named, systems) },
    { label: 'PERSON + ADDRESS, span level', type: undefined, support: 0, counts: pooled(spanLevelRows, named, systems) },
  ].map((row) => ({ ...row, support: metricsOf(row.counts[0] ?? emptyCounts()).support }));
  const verdict = targetVerdict(summaryRows, [...synthRows, ...caseRows, ...secretRows], systems);
  const speed = `| mean µs per text | ${systems.map((_, index) => ((synth[index]?.microseconds ?? 0) + (cases[index]?.microseconds ?? 0) + (secrets[index]?.microseconds ?? 0)) / 3).map((value) => value.toFixed(0)).join(' | ')} |`;

  return [
    `Measured with \`npm run eval pii\` on ${new Date().toISOString().slice(0, 10)}: Switchyard's \`detectPii\` (default minimum score 0.5) against redact-pii ${version('redact-pii')} (SyncRedactor, local patterns only), @redactpii/node ${version('@redactpii/node')} and openredaction ${version('openredaction')} (default options), in the same run on the same texts. Cells are **F1 (precision/recall)**; – means the package does not detect that type. The two span-labeled sets are scored per token (as Presidio's evaluator does: every word or number inside a labeled span must carry its type; the synthetic set labels some addresses as one span and others as several parts), and the pooled table adds span-level scores (a finding matches a labeled span of its type at IoU >= ${MIN_IOU}). The detect-secrets cases are scored per case: flagged means an API_KEY or URL_WITH_CREDENTIALS finding (a key inside https://user:key@host is the latter to us). The n in each row counts labeled tokens, spans or cases.`,
    '',
    `**Presidio synthetic sentences** (${sets.synth.length} texts, token level):`,
    '',
    table(synthRows, systems),
    '',
    `**Presidio recognizer test cases** (${sets.recognizerCases.length} texts, token level; in a case that expects nothing every finding is a false positive):`,
    '',
    table(caseRows, systems),
    '',
    `**detect-secrets test cases** (${sets.secretCases.length} texts, flag or not):`,
    '',
    table(secretRows, systems),
    '',
    '**Pooled over the three sets**:',
    '',
    table(summaryRows, systems).replace(/\| type \(n\) \|/, '| pool (n) |'),
    speed,
    '',
    verdict,
    '',
    'What is excluded, and why:',
    '',
    ...EXCLUDED.map((line) => `- ${line}`),
  ].join('\n');
}
