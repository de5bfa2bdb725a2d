/**
 * `npm run models:build`: builds every model the tests need, offline and deterministically.
 * Each builder skips work when its output is already up to date.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BUILDERS = [
  'models/fixtures/build-tiny-gpt2.ts',
  'models/fixtures/build-tiny-encoder.ts',
  'models/fixtures/build-tiny-classifier.ts',
  'models/embeddings/build-use-onnx.ts',
];

for (const builder of BUILDERS.filter((file) => existsSync(file))) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', builder], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`models:build: ${builder} failed (exit ${result.status}).\n`);
    process.exit(1);
  }
}
