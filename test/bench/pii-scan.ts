/**
 * `npm run bench pii`: PII scan throughput (MB/s of UTF-8 input) of Switchyard's `detectPii` and
 * `PiiVault.mask` against redact-pii, @redactpii/node and openredaction, on the same synthetic
 * prompts in the same run. Systems take turns in short rounds (the median round counts), so load
 * from other processes on a shared machine hits all of them alike. Then the scanner's throughput
 * on inputs built to trip backtracking, as a ratio to its normal throughput.
 *
 * BENCH_DURATION (seconds per system per round, default 1) and BENCH_ROUNDS (default 3) tune it.
 */
import { detectPii, PiiVault } from '../../shared/pii/index.ts';
import { syntheticPrompts } from '../eval/pii-corpus.ts';
import { createPeers } from '../eval/pii-peers.ts';

const SECONDS = Number(process.env.BENCH_DURATION ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CORPUS_SIZE = 1024 * 1024;

const progress = (message: string) => process.stdout.write(`bench:pii: ${message}\n`);
const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text).length;

interface Contender {
  name: string;
  run(text: string): unknown;
}

/** Runs `run` over the prompts, cycling, for about `seconds`; returns MB/s. */
async function measure(contender: Contender, prompts: readonly string[], sizes: readonly number[], seconds: number): Promise<number> {
  let bytes = 0;
  let index = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const result = contender.run(prompts[index] as string);
    if (result instanceof Promise) await result;
    bytes += sizes[index] as number;
    index = (index + 1) % prompts.length;
  }
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  progress(`building a ${(CORPUS_SIZE / 1e6).toFixed(1)} MB synthetic corpus of prompts`);
  const prompts = syntheticPrompts({ size: CORPUS_SIZE });
  const sizes = prompts.map(bytesOf);
  const contenders: Contender[] = [
    { name: 'Switchyard detectPii', run: (text) => detectPii(text) },
    { name: 'Switchyard PiiVault.mask', run: (text) => new PiiVault().mask(text) },
    ...createPeers().map((peer) => ({ name: peer.name, run: (text: string) => peer.run(text) })),
  ];
  for (const contender of contenders) {
    progress(`warming up ${contender.name}`);
    await measure(contender, prompts.slice(0, 50), sizes.slice(0, 50), 0.3);
  }
  const rates = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const contender of contenders) {
      const rate = await measure(contender, prompts, sizes, SECONDS);
      rates.set(contender.name, [...(rates.get(contender.name) ?? []), rate]);
      progress(`round ${round}/${ROUNDS}: ${contender.name} ${rate.toFixed(2)} MB/s`);
    }
  }
  const ours = median(rates.get('Switchyard detectPii') ?? []);
  const lines = [
    `PII scan throughput, ${prompts.length} prompts of ~2 KB (${(sizes.reduce((sum, size) => sum + size, 0) / 1e6).toFixed(2)} MB), median of ${ROUNDS} rounds of ${SECONDS} s:`,
    '',
    '| scanner | MB/s | Switchyard detectPii is |',
    '|---|---:|---:|',
    ...contenders.map((contender) => {
      const rate = median(rates.get(contender.name) ?? []);
      const ratio = contender.name === 'Switchyard detectPii' ? '—' : `${(ours / rate).toFixed(1)}x`;
      return `| ${contender.name} | ${rate.toFixed(2)} | ${ratio} |`;
    }),
  ];

  progress('adversarial inputs (256 KB each)');
  const size = 256 * 1024;
  const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const adversarial: Record<string, string> = {
    'spaced digits `1 1 1 …`': repeat('1 '),
    'title case `Aaa Bbb …`': repeat('Aaa Bbb '),
    'street lines `12 Main Street …`': repeat('12 Main Street '),
    'at signs `a@a@…`': repeat('a@'),
    'colons `a:a:…`': repeat('a:'),
  };
  lines.push('', '| adversarial input | MB/s | vs. the corpus |', '|---|---:|---:|');
  for (const [name, text] of Object.entries(adversarial)) {
    const rate = await measure({ name, run: (input) => detectPii(input) }, [text], [bytesOf(text)], SECONDS);
    lines.push(`| ${name} | ${rate.toFixed(2)} | ${(rate / ours).toFixed(2)}x |`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

await main();
