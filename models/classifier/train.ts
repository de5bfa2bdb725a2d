/**
 * `npm run models:train`: trains the edge classifier on the project's corpus and writes
 * models/classifier/edge-classifier.onnx and edge-classifier.manifest.json.
 *
 *   npm run models:train              build the corpus if missing, train, calibrate, export
 *   npm run models:train -- --check   retrain in memory; fail unless the corpus generators and
 *                                     the model reproduce the committed files byte for byte
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ClassifierManifest } from '../../shared/classifier/manifest.ts';
import { buildCorpus, toJsonLines } from './corpus/build-corpus.ts';
import { loadCorpus } from './dataset.ts';
import { CLASSIFIER_FILE, runPipeline, sha256Hex } from './pipeline.ts';

const MODEL_URL = new URL(`./${CLASSIFIER_FILE}`, import.meta.url);
const MANIFEST_URL = new URL('./edge-classifier.manifest.json', import.meta.url);

const log = (message: string) => process.stdout.write(`models:train: ${message}\n`);

function fail(message: string): never {
  process.stderr.write(`models:train: ${message}\n`);
  process.exit(1);
}

function checkCorpusReproduces(committed: { train: string; dev: string }): void {
  const rebuilt = buildCorpus();
  const train = toJsonLines(rebuilt.filter((example) => example.split === 'train'));
  const dev = toJsonLines(rebuilt.filter((example) => example.split === 'dev'));
  if (train !== committed.train || dev !== committed.dev) {
    fail('the corpus generators no longer reproduce models/classifier/corpus/{train,dev}.jsonl. Regenerate with `npx tsx models/classifier/corpus/build-corpus.ts`, retrain with `npm run models:train`, and commit all of them.');
  }
  log('corpus generators reproduce the committed JSONL');
}

const check = process.argv.includes('--check');
const started = performance.now();
const corpus = loadCorpus({ log });
if (check) checkCorpusReproduces(corpus.bytes);
const corpusSha256 = sha256Hex(corpus.bytes.train + corpus.bytes.dev);
log(`training on ${corpus.train.length} examples, calibrating on ${corpus.dev.length} (corpus sha256 ${corpusSha256.slice(0, 12)}…)`);
const { onnx, manifest } = runPipeline({ train: corpus.train, dev: corpus.dev, corpusSha256, log });

if (check) {
  let committed: ClassifierManifest;
  try {
    committed = ClassifierManifest.parse(JSON.parse(readFileSync(MANIFEST_URL, 'utf8')));
  } catch (error) {
    fail(`cannot read the committed manifest (${error instanceof Error ? error.message : String(error)}); run \`npm run models:train\` first.`);
  }
  const fileSha256 = sha256Hex(readFileSync(MODEL_URL));
  if (fileSha256 !== committed.sha256) fail(`the committed ${CLASSIFIER_FILE} (sha256 ${fileSha256}) does not match its manifest (${committed.sha256}); run \`npm run models:train\` and commit both files.`);
  if (manifest.sha256 !== committed.sha256) {
    fail(`retraining gave sha256 ${manifest.sha256}, the manifest says ${committed.sha256}. Training is not reproducing; check that Node and the corpus are the versions the model was built with, then run \`npm run models:train\` and commit.`);
  }
  if (`${JSON.stringify(manifest, null, 2)}\n` !== readFileSync(MANIFEST_URL, 'utf8')) {
    fail('retraining reproduces the .onnx but not the manifest (thresholds, metrics or settings differ); run `npm run models:train` and commit the manifest.');
  }
  log(`OK: retraining reproduces ${CLASSIFIER_FILE} (sha256 ${manifest.sha256}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} else {
  writeFileSync(MODEL_URL, onnx);
  writeFileSync(MANIFEST_URL, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`wrote models/classifier/${CLASSIFIER_FILE} (${(onnx.length / 1024).toFixed(0)} KiB, sha256 ${manifest.sha256}) and its manifest in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
