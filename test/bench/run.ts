/**
 * `npm run bench [name ...]`: runs each benchmark script in its own process, one after another
 * (they would skew each other's numbers on a 2-core machine). With names, only those run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHMARKS = [
  { name: 'edge', file: 'test/bench/edge-overhead.ts', what: 'edge overhead vs a bare proxy (Node)' },
  { name: 'classifier', file: 'test/bench/classifier-inference.ts', what: 'edge classifier inference' },
  { name: 'pii', file: 'test/bench/pii-scan.ts', what: 'PII scan throughput vs peers' },
  { name: 'batching', file: 'test/bench/encoder-batching.ts', what: 'encoder micro-batching vs batch size 1' },
  { name: 'generation', file: 'test/bench/generation.ts', what: 'generation tokens/s' },
];

const wanted = new Set(process.argv.slice(2));
const selected = BENCHMARKS.filter((benchmark) => (wanted.size === 0 || wanted.has(benchmark.name)) && existsSync(benchmark.file));
if (selected.length === 0) {
  process.stderr.write(`No benchmark matched. Available: ${BENCHMARKS.filter((benchmark) => existsSync(benchmark.file)).map((benchmark) => benchmark.name).join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const [index, benchmark] of selected.entries()) {
  process.stdout.write(`\n=== [${index + 1}/${selected.length}] ${benchmark.name}: ${benchmark.what} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', benchmark.file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
