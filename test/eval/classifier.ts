/**
 * `npm run eval classifier`: the committed edge classifier (through onnxruntime-node and
 * createEdgeClassifier, the runtime path) and the injection policy built on it (classifier +
 * rules, shared/injection) against the npm peers llm_guardrail and vard on the project's dev split
 * and the public injection sets, plus difficulty and task on RouteLLM.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { createEdgeClassifier, ClassifierManifest, MAX_CLASSIFY_BATCH, type Classification, type EdgeClassifier } from '../../shared/classifier/index.ts';
import { multiclassMetrics, rocAuc } from '../../models/classifier/metrics.ts';
import { sha256Hex } from '../../models/classifier/pipeline.ts';
import { CORPUS_FILES } from '../../models/classifier/corpus/build-corpus.ts';
import { normalizeText } from '../../shared/features/index.ts';
import { z } from 'zod';
import { EVALDATA_ROOT, evaldataAvailable, loadInjectionSets, loadRoutingSets, type RoutingSet } from './classifier-data.ts';
import { loadPeers, type Detection, type InjectionDetector } from './classifier-peers.ts';
import { assessAll, benignNote, POLICY, reasonTable, type PolicyResult } from './classifier-policy.ts';
import { confusionTable, format, injectionTable, matrixTable, summarize, type SetResult } from './classifier-report.ts';
import { matchedOperatingPoints, matchedTable } from './classifier-matched.ts';
import { loadRuntimeStage } from './classifier-runtime-stage.ts';

const MODEL_URL = new URL('../../models/classifier/edge-classifier.onnx', import.meta.url);
const MANIFEST_URL = new URL('../../models/classifier/edge-classifier.manifest.json', import.meta.url);
const OURS = 'Switchyard classifier';

const progress = (message: string) => process.stdout.write(`eval:classifier: ${message}\n`);

/** Loads the committed model the way the node runtime does: verify the hash, then one session. */
export async function loadCommittedClassifier(): Promise<EdgeClassifier> {
  const manifest = ClassifierManifest.parse(JSON.parse(readFileSync(MANIFEST_URL, 'utf8')));
  const bytes = readFileSync(MODEL_URL);
  if (sha256Hex(bytes) !== manifest.sha256) throw new Error('edge-classifier.onnx does not match its manifest sha256; run `npm run models:train`.');
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  return createEdgeClassifier({ session, tensor: (type, data, dims) => new ort.Tensor(type, data, dims), manifest });
}

/** How many corpus texts appear verbatim (after normalization) in the public sets: must be 0. */
function corpusOverlap(publicTexts: readonly string[]): number {
  const corpusTexts = new Set(
    [CORPUS_FILES.train, CORPUS_FILES.dev].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => normalizeText(z.object({ text: z.string() }).parse(JSON.parse(line)).text)),
    ),
  );
  return new Set(publicTexts.map(normalizeText).filter((text) => corpusTexts.has(text))).size;
}

async function classifyAll(classifier: EdgeClassifier, texts: readonly string[], label: string): Promise<Classification[]> {
  const out: Classification[] = [];
  for (let start = 0; start < texts.length; start += MAX_CLASSIFY_BATCH) {
    out.push(...(await classifier.classify(texts.slice(start, start + MAX_CLASSIFY_BATCH))));
    if ((start / MAX_CLASSIFY_BATCH) % 10 === 9) progress(`${label}: ${out.length}/${texts.length}`);
  }
  return out;
}

async function timed<T>(texts: readonly string[], run: () => Promise<T>): Promise<{ value: T; microseconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, microseconds: ((performance.now() - started) * 1000) / Math.max(1, texts.length) };
}

async function detectAll(detector: InjectionDetector, texts: readonly string[]): Promise<Detection[]> {
  const out: Detection[] = [];
  for (const text of texts) out.push(await detector.detect(text));
  return out;
}

function routingRows(sets: readonly RoutingSet[], results: readonly Classification[][], taskLabels: readonly string[]): { table: string; matrices: string[] } {
  const lines = ['| set (n) | labeled complex | accuracy | predicted complex | AUC of P(complex) | marked uncertain | task accuracy (n) |', '|---|---:|---:|---:|---:|---:|---:|'];
  const matrices: string[] = [];
  sets.forEach((set, index) => {
    const classifications = results[index] ?? [];
    const predicted = classifications.map((result) => (result.route.difficulty === 'complex' ? 1 : 0));
    const actual = set.complex.map((complex) => (complex ? 1 : 0));
    const summary = multiclassMetrics(predicted, actual, 2);
    const scores = classifications.map((result) => result.probabilities.difficulty[1] ?? 0);
    const withTask = set.task.map((task, row) => ({ task, predicted: classifications[row]?.route.task })).filter((row) => row.task !== undefined);
    const taskAccuracy = withTask.length ? withTask.filter((row) => row.task === row.predicted).length / withTask.length : undefined;
    const share = (values: readonly boolean[]) => values.filter(Boolean).length / Math.max(1, values.length);
    lines.push(
      `| ${set.name} (${set.texts.length}) | ${format(share(set.complex), 2)} | ${format(summary.accuracy)} | ${format(share(predicted.map((value) => value === 1)), 2)} | ${format(rocAuc(scores, set.complex))} | ${format(share(classifications.map((result) => result.route.uncertain)), 2)} | ${taskAccuracy === undefined ? '–' : `${format(taskAccuracy)} (${withTask.length})`} |`,
    );
    matrices.push(matrixTable(`${set.name}: actual ↓`, ['simple', 'complex'], summary.confusion));
    if (index === 0) {
      const taskRows = set.task.map((task, row) => ({ actual: taskLabels.indexOf(task ?? ''), predicted: taskLabels.indexOf(classifications[row]?.route.task ?? '') })).filter((row) => row.actual >= 0);
      const taskSummary = multiclassMetrics(
        taskRows.map((row) => row.predicted),
        taskRows.map((row) => row.actual),
        taskLabels.length,
      );
      matrices.push(matrixTable(`${set.name} task: actual ↓`, taskLabels, taskSummary.confusion));
    }
  });
  return { table: lines.join('\n'), matrices };
}

export async function evaluate(): Promise<string> {
  if (!evaldataAvailable()) return `_Evaluation data not found at ${EVALDATA_ROOT} (set SWITCHYARD_EVALDATA); nothing measured._`;
  const classifier = await loadCommittedClassifier();
  const { manifest } = classifier;
  const peers = await loadPeers();
  const runtimeStage = await loadRuntimeStage();
  const staged = 'stage' in runtimeStage ? { name: `${POLICY} + ${runtimeStage.model}`, stage: runtimeStage.stage } : undefined;
  progress(staged ? `second stage: ${runtimeStage.model}` : `second stage not measured: ${runtimeStage.model} ${'missing' in runtimeStage ? runtimeStage.missing : ''}`);
  const detectorNames = [OURS, POLICY, ...(staged ? [staged.name] : []), ...peers.map((peer) => peer.name)];

  const injectionSets = loadInjectionSets();
  const routingSets = loadRoutingSets();
  const overlap = corpusOverlap([...injectionSets.slice(1), ...routingSets.slice(1)].flatMap((set) => set.texts));
  progress(`corpus texts also found in the public sets (normalized, exact): ${overlap}`);

  const results: SetResult[] = [];
  const policyResults: PolicyResult[] = [];
  for (const set of injectionSets) {
    progress(`${set.name}: ${set.texts.length} texts`);
    const detections = new Map<string, Detection[]>();
    const microseconds = new Map<string, number>();
    const ours = await timed(set.texts, () => classifyAll(classifier, set.texts, set.name));
    detections.set(OURS, ours.value.map((result) => ({ score: result.injection.score, flagged: result.injection.flagged })));
    microseconds.set(OURS, ours.microseconds);
    const policy = await timed(set.texts, () => assessAll(classifier, set.texts, (done) => progress(`${set.name} policy: ${done}/${set.texts.length}`)));
    detections.set(POLICY, policy.value);
    microseconds.set(POLICY, policy.microseconds);
    policyResults.push({ set, detections: policy.value, classifier: detections.get(OURS) ?? [] });
    if (staged) {
      const measured = await timed(set.texts, () => assessAll(classifier, set.texts, (done) => progress(`${set.name} second stage: ${done}/${set.texts.length}`), staged.stage));
      detections.set(staged.name, measured.value);
      microseconds.set(staged.name, measured.microseconds);
    }
    for (const peer of peers) {
      const measured = await timed(set.texts, () => detectAll(peer, set.texts));
      detections.set(peer.name, measured.value);
      microseconds.set(peer.name, measured.microseconds);
    }
    results.push({ set, detections, microseconds });
  }

  if ('dispose' in runtimeStage) await runtimeStage.dispose();

  progress('routing sets');
  const routing: Classification[][] = [];
  for (const set of routingSets) routing.push(await classifyAll(classifier, set.texts, set.name));
  const routingReport = routingRows(routingSets, routing, manifest.labels.task);

  const summaryOf = (setName: string, detector = OURS) => {
    const result = results.find((item) => item.set.name === setName);
    return result ? summarize(result.set, result.detections.get(detector) ?? [], { verdictOnly: detector === POLICY }) : {};
  };
  const deepset = summaryOf('deepset test');
  const notInject = summaryOf('NotInject');
  const devDifficulty = multiclassMetrics(
    (routing[0] ?? []).map((result) => (result.route.difficulty === 'complex' ? 1 : 0)),
    (routingSets[0]?.complex ?? []).map((complex) => (complex ? 1 : 0)),
    2,
  );
  const beatsPeersWith = (ours: string) =>
    results.map((result) => {
      const primary = (detector: string) => {
        const summary = summarize(result.set, result.detections.get(detector) ?? [], { verdictOnly: true });
        return result.set.kind === 'mixed' ? (summary.f1 ?? 0) : result.set.kind === 'benign-only' ? -(summary.falsePositiveRate ?? 1) : (summary.recall ?? 0);
      };
      return { name: result.set.name, wins: peers.every((peer) => primary(ours) > primary(peer.name)) };
    });
  const beatsPeers = beatsPeersWith(OURS);
  const matched = matchedOperatingPoints(results, OURS, peers.map((peer) => peer.name));
  const beatsPeersMatched = matched?.every((comparison) => comparison.sets.every((set) => set.oursWins));
  const policyBeatsPeers = beatsPeersWith(POLICY);
  const policyDeepset = summaryOf('deepset test', POLICY);
  const policyNotInject = summaryOf('NotInject', POLICY);
  const mark = (met: boolean) => (met ? 'met' : '**not met**');
  const secondStageLine = (() => {
    if (!staged) return `Second stage (\`guards.injection.secondStage\`, a pretrained injection classifier on the node runtime): **not measured**, ${runtimeStage.model} ${'missing' in runtimeStage ? runtimeStage.missing : ''}.`;
    const stagedDeepset = summaryOf('deepset test', staged.name);
    const stagedNotInject = summaryOf('NotInject', staged.name);
    const wins = beatsPeersWith(staged.name);
    return `${staged.name} (escalating edge scores in [0.05, 0.99), the default): deepset test TPR ${format(stagedDeepset.recall)} at FPR ${format(stagedDeepset.falsePositiveRate)} (${mark((stagedDeepset.recall ?? 0) >= 0.95 && (stagedDeepset.falsePositiveRate ?? 1) <= 0.03)}); NotInject false-positive rate ${format(stagedNotInject.falsePositiveRate)} (${mark((stagedNotInject.falsePositiveRate ?? 1) <= 0.05)}); better than both npm peers ² on ${wins.filter((item) => item.wins).length} of ${wins.length} sets (${mark(wins.every((item) => item.wins))}).`;
  })();
  const notInjectPolicy = policyResults.find((item) => item.set.name === 'NotInject');
  const latency = (results.find((item) => item.set.name === 'deepset test')?.microseconds ?? new Map<string, number>()) as Map<string, number>;

  return [
    `Model: \`${manifest.id}\` ${manifest.version}, ${(readFileSync(MODEL_URL).length / 1024).toFixed(0)} KiB, sha256 \`${manifest.sha256.slice(0, 16)}…\`, trained on ${manifest.training?.trainExamples ?? '?'} examples of the project's own corpus; thresholds chosen on its dev split: injection ≥ ${manifest.thresholds.injection}, difficulty confidence ≥ ${manifest.thresholds.difficultyConfidence}, task confidence ≥ ${manifest.thresholds.taskConfidence}. Run through onnxruntime-node and \`createEdgeClassifier\`. Evaluation data: ../shared/evaldata (measured only, never trained on; corpus texts found verbatim in it: ${overlap}).`,
    '',
    `**Targets** (for the classifier; the policy's line follows the table)`,
    '',
    '| target | measured | |',
    '|---|---|---|',
    `| deepset test: TPR ≥ 0.95 at FPR ≤ 0.03 | TPR ${format(deepset.recallAt3)} at 3% FPR ¹; at the shipped threshold TPR ${format(deepset.recall)}, FPR ${format(deepset.falsePositiveRate)} | ${mark((deepset.recallAt3 ?? 0) >= 0.95)} |`,
    `| NotInject false-positive rate ≤ 5% | ${format(notInject.falsePositiveRate)} | ${mark((notInject.falsePositiveRate ?? 1) <= 0.05)} |`,
    `| difficulty accuracy ≥ 0.90 on held-out data (dev split) | ${format(devDifficulty.accuracy)} | ${mark(devDifficulty.accuracy >= 0.9)} |`,
    `| better than both npm peers on every injection set ² | ${beatsPeers.map((item) => `${item.name}: ${item.wins ? 'yes' : 'no'}`).join('; ')} (each at its own threshold; at each peer's own NotInject over-defense: ${beatsPeersMatched === undefined ? '–' : beatsPeersMatched ? 'better on every set' : 'not on every set'} ⁴) | ${mark(beatsPeers.every((item) => item.wins))} |`,
    '',
    `${POLICY} on the same targets, at its own decision: deepset test TPR ${format(policyDeepset.recall)} at FPR ${format(policyDeepset.falsePositiveRate)} (${mark((policyDeepset.recall ?? 0) >= 0.95 && (policyDeepset.falsePositiveRate ?? 1) <= 0.03)}; no score to sweep ³); NotInject false-positive rate ${format(policyNotInject.falsePositiveRate)} (${mark((policyNotInject.falsePositiveRate ?? 1) <= 0.05)}); better than both npm peers ² on ${policyBeatsPeers.filter((item) => item.wins).length} of ${policyBeatsPeers.length} sets (${policyBeatsPeers.some((item) => !item.wins) ? `not on: ${policyBeatsPeers.filter((item) => !item.wins).map((item) => item.name).join(', ')}; ` : ''}${mark(policyBeatsPeers.every((item) => item.wins))}). The difficulty target is the classifier's alone.`,
    '',
    secondStageLine,
    '',
    '**Prompt injection** (best per row in bold; threshold-free rows are the classifier\'s only ³)',
    '',
    injectionTable(results, detectorNames, new Set([POLICY, ...(staged ? [staged.name] : [])])),
    '',
    `Mean time per text on deepset test (one at a time, this machine, informational): ${detectorNames.map((name) => `${name} ${format((latency.get(name) ?? 0) / 1000, 2)} ms`).join(', ')} (${OURS} in batches of ${MAX_CLASSIFY_BATCH}; the policy one text per call, as \`/v1/guard\` assesses each input).`,
    '',
    ...peers.map((peer) => `- ${peer.name}: ${peer.note}.`),
    `- ${OURS}: score = calibrated P(attack); flagged at the manifest threshold.`,
    `- ${POLICY}: flagged = \`assessInjection([{ source: 'input', text }], { classifier }).flagged\` (shared/injection), what production enforces: the classifier at the manifest threshold on the text or on any base64 / hex / leetspeak decoding of it, or any rule of shared/injection/rules.ts on the normalized text or any decoding (rot13 too).`,
    '',
    `Reading the numbers: the dev split is our own held-out templates and is much easier than real traffic; the public sets are out of distribution for a corpus we wrote. deepset counts role-play requests ("act as …") and some plain tasks as injections, which our labels call benign. llm_guardrail is a TF-IDF model whose training data is not documented; its in-the-wild recall of ${format(summaryOf('in-the-wild jailbreaks', 'llm_guardrail').recall)} comes with a false-positive rate of ${format(summaryOf('NotInject', 'llm_guardrail').falsePositiveRate)} on NotInject. vard is precise on benign text because it only matches a fixed phrase list, which is also why it misses most attacks.`,
    '',
    ...(matched
      ? [
          `**At each peer's operating point** ⁴ (${OURS} / peer; ${OURS} in bold where it is better):`,
          '',
          matchedTable(matched, OURS),
          '',
        ]
      : []),
    '¹ Recall at the threshold where that set\'s own false-positive rate is at most 1% / 3% (an oracle threshold chosen on the set itself, as the target is phrased; ties never split). The shipped threshold is chosen on our dev split only.',
    '² Primary metric per set: F1 at own threshold (mixed sets), false-positive rate (benign-only), recall (attack-only).',
    `³ Threshold-free metrics (TPR at 1% / 3% FPR, ROC AUC) are reported for the classifier and the peers only: the policy ors rule hits into the classifier's thresholded verdict, so it has no single score whose threshold could be swept; its column shows – there, and the TPR-at-FPR target row refers to the classifier.`,
    `⁴ A detector that flags little wins on benign-only sets and loses on attack-only sets at once. Here the classifier's threshold is moved until its NotInject false-positive rate is no higher than the peer's (an oracle threshold chosen on NotInject, like ¹), and every set is scored at it against the peer's own verdicts; F1 on mixed sets, FPR on NotInject (equal or lower by construction), recall on attack-only sets.`,
    '',
    confusionTable(`${OURS}, dev split`, summaryOf('Switchyard dev split').confusion),
    '',
    confusionTable(`${OURS}, deepset test`, deepset.confusion),
    '',
    confusionTable(`${POLICY}, deepset test`, policyDeepset.confusion),
    '',
    `**What fired in the policy** (texts per reason; mixed sets read "on attacks / on benign"; a text can have several reasons; \`classifier\` = the classifier at the manifest threshold on the text or one of its decodings, so it can exceed the raw-text column; "rule, classifier not" = flagged only because of a rule; \`encoded_payload\` = a rule matched a decoding (base64, hex, rot13, leetspeak) but not the plain text)`,
    '',
    reasonTable(policyResults),
    '',
    notInjectPolicy ? benignNote(notInjectPolicy) : '',
    '',
    '**Difficulty and task** (RouteLLM labels: weak model Mixtral-8x7B vs strong GPT-4; prompts both models fail are left out; these are all benchmark tasks, no chit-chat)',
    '',
    routingReport.table,
    '',
    ...routingReport.matrices.flatMap((matrix) => [matrix, '']),
  ].join('\n');
}
