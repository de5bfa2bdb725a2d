/**
 * `npm run bench pii`: PII scan throughput (MB of UTF-8 input per CPU-second) of Switchyard's `detectPii` and
 * `PiiVault.mask` against redact-pii, @redactpii/node and openredaction, on the same synthetic
 * prompts in the same run. Systems take turns in short rounds, each round starting with the next
 * system (the median round counts), so load from other processes on a shared machine hits all of
 * them alike, and time is counted in CPU seconds of this process (MB per CPU-second), not
 * wall-clock seconds. Then the scanner's throughput on inputs built to trip backtracking, as a
 * ratio to its normal throughput.
 *
 * BENCH_DURATION (seconds per system per round, default 1) and BENCH_ROUNDS (default 5) tune it.
 */
import { detectPii, PiiVault } from '../../shared/pii/index.ts';
import { syntheticPrompts } from '../eval/pii-corpus.ts';
import { createPeers } from '../eval/pii-peers.ts';

const SECONDS = Number(process.env.BENCH_DURATION ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CORPUS_SIZE = 1024 * 1024;

const progress = (message: string) => process.stdout.write(`bench:pii: ${message}\n`);
const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text).length;

interface Contender {
  name: string;
  run(text: string): unknown;
}

/** CPU seconds this process has used: on a shared machine, time spent waiting for a core is not the scanner's. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `run` over the prompts, cycling, for about `seconds`; returns MB per CPU-second. */
async function measure(contender: Contender, prompts: readonly string[], sizes: readonly number[], seconds: number): Promise<number> {
  let bytes = 0;
  let index = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = cpuSeconds();
  while (performance.now() < deadline) {
    const result = contender.run(prompts[index] as string);
    if (result instanceof Promise) await result;
    bytes += sizes[index] as number;
    index = (index + 1) % prompts.length;
  }
  return bytes / 1e6 / (cpuSeconds() - started);
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
    // Each round starts with the next contender: the first one after a slow peer pays for that
    // peer's garbage, and a fixed order would charge it to the same system every round.
    const order = contenders.map((_contender, index) => contenders[(index + round - 1) % contenders.length] as Contender);
    for (const contender of order) {
      const rate = await measure(contender, prompts, sizes, SECONDS);
      rates.set(contender.name, [...(rates.get(contender.name) ?? []), rate]);
      progress(`round ${round}/${ROUNDS}: ${contender.name} ${rate.toFixed(2)} MB/CPU-s`);
    }
  }
  const ours = median(rates.get('Switchyard detectPii') ?? []);
  const lines = [
    `PII scan throughput in MB per CPU-second, ${prompts.length} prompts of ~2 KB (${(sizes.reduce((sum, size) => sum + size, 0) / 1e6).toFixed(2)} MB), median of ${ROUNDS} rounds of ${SECONDS} s:`,
    '',
    '| scanner | MB/CPU-s | Switchyard detectPii is |',
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
  lines.push('', '| adversarial input | MB/CPU-s | vs. the corpus |', '|---|---:|---:|');
  for (const [name, text] of Object.entries(adversarial)) {
    const rate = await measure({ name, run: (input) => detectPii(input) }, [text], [bytesOf(text)], SECONDS);
    lines.push(`| ${name} | ${rate.toFixed(2)} | ${(rate / ours).toFixed(2)}x |`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

await main();
