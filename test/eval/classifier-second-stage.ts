/**
 * Issue 3 experiment, `npx tsx test/eval/classifier-second-stage.ts`: a second-stage injection
 * scorer (models/injection-head/head.ts) on Universal Sentence Encoder lite embeddings, trained on
 * the train split of the project's own corpus, calibrated and thresholded on its dev split, and a
 * cascade with the edge classifier (the head decides only where the edge score is in an uncertain
 * band, the band picked on dev). Then, once, the public sets of ../shared/evaldata (measured only).
 * The head's settings were chosen on dev (see models/injection-head/README.md); this script
 * reproduces that candidate and prints a Markdown report.
 */
import { mkdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryMetrics, fitTemperature, pickInjectionThreshold } from '../../models/classifier/metrics.ts';
import { loadCorpus } from '../../models/classifier/dataset.ts';
import { sha256Hex } from '../../models/classifier/pipeline.ts';
import { headLogit, sigmoid, trainInjectionHead, type InjectionHead, type InjectionHeadOptions } from '../../models/injection-head/head.ts';
import { loadEncoderFromDisk } from '../../node-runtime/embeddings/load-encoder.ts';
import type { SentenceEncoder } from '../../node-runtime/embeddings/sentence-encoder.ts';
import { BUILTIN_ENCODER_ID, BUILTIN_MODELS_DIR } from '../../node-runtime/models/builtin-models.ts';
import { INSTALLED_MANIFEST_FILE, InstalledManifest } from '../../node-runtime/models/manifest.ts';
import { MAX_CLASSIFY_BATCH } from '../../shared/classifier/index.ts';
import { loadCommittedClassifier } from './classifier.ts';
import { evaldataAvailable, loadInjectionSets, type InjectionSet } from './classifier-data.ts';
import type { Detection } from './classifier-peers.ts';
import { format, injectionTable, type SetResult } from './classifier-report.ts';

/** Chosen on dev among logistic regression and 64/128/256 hidden units, decay 0-1e-3, 30-60 epochs. */
const HEAD_OPTIONS: InjectionHeadOptions = { hidden: 128, epochs: 30, batchSize: 64, learningRate: 3e-3, weightDecay: 1e-4, seed: 1130 };
/** Inputs over 64 words are also read as 64-word windows every 48 words (the encoder reads 128 tokens); score = the highest. */
const WINDOW_WORDS = 64;
const WINDOW_STRIDE = 48;
/** Same decision target as the edge classifier: at most 2% dev false positives, never below 0.5. */
const MAX_DEV_FALSE_POSITIVE_RATE = 0.02;
/** Edge-score bands in which the head decides; the one with the best dev F1 wins (ties: fewer escalations). */
const CANDIDATE_BANDS: readonly (readonly [number, number])[] = [
  [0.3, 0.7],
  [0.2, 0.8],
  [0.1, 0.9],
  [0.1, 0.95],
  [0.05, 0.9],
  [0.05, 0.95],
  [0.02, 0.98],
  [0.01, 0.99],
];
const EMBEDDING_BATCH = 64;
const CACHE_DIR = join(tmpdir(), 'switchyard-injection-head');

const EDGE = 'edge classifier';
const HEAD = 'second stage (USE + MLP head)';
const CASCADE = 'cascade (head in the edge\'s uncertain band)';

const progress = (message: string) => process.stdout.write(`second-stage: ${message}\n`);

/** The text itself, plus word windows when it is longer than one window. */
export function windowsOf(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= WINDOW_WORDS) return [text];
  const windows = [text];
  for (let start = 0; ; start += WINDOW_STRIDE) {
    windows.push(words.slice(start, start + WINDOW_WORDS).join(' '));
    if (start + WINDOW_WORDS >= words.length) break;
  }
  return windows;
}

interface EmbeddedSet {
  /** Per text, its windows' vectors (the first is the whole text, truncated by the encoder). */
  vectors: Float32Array[][];
}

async function embedSet(encoder: SentenceEncoder, modelSha256: string, name: string, texts: readonly string[]): Promise<EmbeddedSet> {
  const pieces = texts.map(windowsOf);
  const flat = pieces.flat().map((piece) => (piece.trim() ? piece : '.'));
  const cacheFile = join(CACHE_DIR, `${sha256Hex(`${modelSha256}\n${WINDOW_WORDS}/${WINDOW_STRIDE}\n${flat.join('\u0000')}`)}.f32`);
  let data: Float32Array;
  if (existsSync(cacheFile)) {
    const bytes = readFileSync(cacheFile);
    data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  } else {
    data = new Float32Array(flat.length * encoder.dimensions);
    for (let start = 0; start < flat.length; start += EMBEDDING_BATCH) {
      const encoded = await encoder.encode(flat.slice(start, start + EMBEDDING_BATCH));
      encoded.forEach((item, row) => data.set(item.vector, (start + row) * encoder.dimensions));
      if ((start / EMBEDDING_BATCH) % 20 === 19) progress(`${name}: embedded ${start + EMBEDDING_BATCH}/${flat.length} pieces`);
    }
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cacheFile, data);
  }
  let cursor = 0;
  const vectors = pieces.map((windows) => windows.map(() => data.subarray(cursor * encoder.dimensions, ++cursor * encoder.dimensions)));
  return { vectors };
}

const maxLogit = (head: InjectionHead, windows: readonly Float32Array[]): number => Math.max(...windows.map((vector) => headLogit(head, vector)));

async function edgeScores(texts: readonly string[]): Promise<number[]> {
  const classifier = await loadCommittedClassifier();
  const scores: number[] = [];
  for (let start = 0; start < texts.length; start += MAX_CLASSIFY_BATCH) {
    for (const result of await classifier.classify(texts.slice(start, start + MAX_CLASSIFY_BATCH))) scores.push(result.injection.score);
  }
  return scores;
}

interface Cascade {
  low: number;
  high: number;
}

/** Outside the band the edge decides (flag above it); inside, the head at its dev threshold. */
function cascadeDetections(edge: readonly number[], head: readonly number[], headThreshold: number, { low, high }: Cascade): { detections: Detection[]; escalated: number } {
  let escalated = 0;
  const detections = edge.map((score, index) => {
    if (score < low) return { score: 0, flagged: false };
    if (score > high) return { score: 1, flagged: true };
    escalated += 1;
    const flagged = (head[index] ?? 0) >= headThreshold;
    return { score: flagged ? 1 : 0, flagged };
  });
  return { detections, escalated: escalated / Math.max(1, edge.length) };
}

function chooseBand(edge: readonly number[], head: readonly number[], headThreshold: number, attack: readonly boolean[]): { band: Cascade; lines: string[] } {
  const rows = CANDIDATE_BANDS.map(([low, high]) => {
    const { detections, escalated } = cascadeDetections(edge, head, headThreshold, { low, high });
    const metrics = binaryMetrics(
      detections.map((detection) => (detection.flagged ? 1 : 0)),
      attack,
      1,
    );
    return { band: { low, high }, f1: metrics.f1, recall: metrics.recall, falsePositiveRate: metrics.falsePositiveRate, escalated };
  });
  const best = [...rows].sort((left, right) => right.f1 - left.f1 || left.escalated - right.escalated)[0] ?? rows[0];
  if (!best) throw new Error('no candidate band');
  const lines = ['| band (edge score) | dev F1 | dev recall | dev FPR | escalated |', '|---|---:|---:|---:|---:|'];
  for (const row of rows) lines.push(`| [${row.band.low}, ${row.band.high}]${row === best ? ' (chosen)' : ''} | ${format(row.f1)} | ${format(row.recall)} | ${format(row.falsePositiveRate)} | ${format(row.escalated)} |`);
  return { band: best.band, lines };
}

async function loadEncoder(): Promise<{ encoder: SentenceEncoder; modelSha256: string }> {
  const dir = join(BUILTIN_MODELS_DIR, BUILTIN_ENCODER_ID);
  const manifestPath = join(dir, INSTALLED_MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing; run \`npm run models:build\` first.`);
  const manifest = InstalledManifest.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const model = manifest.files.find((file) => file.path.endsWith('.onnx'));
  return { encoder: await loadEncoderFromDisk(manifest, dir, 'cpu'), modelSha256: model?.sha256 ?? manifest.id };
}

export async function evaluate(): Promise<string> {
  if (!evaldataAvailable()) return '_Evaluation data not found (set SWITCHYARD_EVALDATA); nothing measured._';
  const started = performance.now();
  const corpus = loadCorpus({ log: progress });
  const train = corpus.train.filter((example) => example.injection);
  const [devSet, ...publicSets] = loadInjectionSets();
  if (!devSet) throw new Error('the dev split is missing');
  const { encoder, modelSha256 } = await loadEncoder();
  const embed = (name: string, texts: readonly string[]) => embedSet(encoder, modelSha256, name, texts);

  progress(`embedding ${train.length} train texts (cached under ${CACHE_DIR})`);
  const trainEmbedded = await embed('train', train.map((example) => example.text));
  progress(`training the head (${HEAD_OPTIONS.hidden} hidden units, ${HEAD_OPTIONS.epochs} epochs)`);
  const head = trainInjectionHead(
    trainEmbedded.vectors.map((windows) => windows[0] ?? new Float32Array(encoder.dimensions)),
    train.map((example) => (example.injection === 'attack' ? 1 : 0)),
    HEAD_OPTIONS,
    (report) => progress(`epoch ${report.epoch}/${report.epochs}: loss ${report.loss.toFixed(4)}`),
  );

  const devEmbedded = await embed('dev', devSet.texts);
  const devLogits = devEmbedded.vectors.map((windows) => maxLogit(head, windows));
  const temperature = fitTemperature(
    devLogits.map((logit) => [0, logit]),
    devSet.attack.map((attack) => (attack ? 1 : 0)),
  );
  const devHead = devLogits.map((logit) => sigmoid(logit / temperature));
  const headThreshold = pickInjectionThreshold(devHead, devSet.attack, MAX_DEV_FALSE_POSITIVE_RATE, 0.5);
  const devEdge = await edgeScores(devSet.texts);
  const edgeThreshold = 0.5;
  const { band, lines: bandLines } = chooseBand(devEdge, devHead, headThreshold, devSet.attack);
  progress(`dev: temperature ${temperature}, head threshold ${headThreshold}, band [${band.low}, ${band.high}]`);

  const results: SetResult[] = [];
  const escalatedShare: string[] = [];
  for (const set of [devSet, ...publicSets] as InjectionSet[]) {
    progress(`${set.name}: ${set.texts.length} texts`);
    const edge = set === devSet ? devEdge : await edgeScores(set.texts);
    const headScores = set === devSet ? devHead : (await embed(set.name, set.texts)).vectors.map((windows) => sigmoid(maxLogit(head, windows) / temperature));
    const cascade = cascadeDetections(edge, headScores, headThreshold, band);
    results.push({
      set,
      detections: new Map([
        [EDGE, edge.map((score) => ({ score, flagged: score >= edgeThreshold }))],
        [HEAD, headScores.map((score) => ({ score, flagged: score >= headThreshold }))],
        [CASCADE, cascade.detections],
      ]),
      microseconds: new Map(),
    });
    escalatedShare.push(`${set.name} ${format(cascade.escalated, 2)}`);
  }
  await encoder.dispose();
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  return [
    `Second stage: Universal Sentence Encoder lite (512-d, English SentencePiece vocabulary, first 128 tokens; longer inputs also as ${WINDOW_WORDS}-word windows, highest score wins) + an MLP head (${HEAD_OPTIONS.hidden} ReLU units, seed ${HEAD_OPTIONS.seed}) trained on ${train.length} train-split texts of the project's corpus. Calibrated on dev (temperature ${temperature}), threshold ${headThreshold} (dev FPR ≤ ${MAX_DEV_FALSE_POSITIVE_RATE}). Cascade: the edge classifier decides outside the edge-score band [${band.low}, ${band.high}] (flag above it), the head inside it; band chosen on dev:`,
    '',
    ...bandLines,
    '',
    injectionTable(results, [EDGE, HEAD, CASCADE], new Set([CASCADE])),
    '',
    `Share of texts the cascade escalates to the head: ${escalatedShare.join('; ')}.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${await evaluate()}\n`);
