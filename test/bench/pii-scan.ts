/**
 * `npm run bench pii`: PII scan throughput (MB of UTF-8 input per CPU-second) of Switchyard's `detectPii` and
 * `PiiVault.mask` against redact-pii, @redactpii/node and openredaction, on the same synthetic
 * prompts in the same run. Systems take turns in short rounds, each round starting with the next
 * system (the median round counts), so load from other processes on a shared machine hits all of
 * them alike, and time is counted in CPU seconds of this process (MB per CPU-second), not
 * wall-clock seconds. Then the scanner's throughput on inputs built to trip backtracking, as a
 * ratio to its normal throughput. Last, what the target (10x the fastest peer) would leave per MB:
 * the cost of the cheapest passes any full scanner must make over the same corpus (one regex pass
 * enumerating digit runs, one finding capitalized words, copying the text out for a WASM scanner)
 * and of validating one phone-number candidate, measured in the same run.
 *
 * BENCH_DURATION (seconds per system per round, default 1) and BENCH_ROUNDS (default 5) tune it.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
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
  lines.push('', ...(await floorLines(prompts, sizes, fastestPeerRate(contenders, rates))));
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

function fastestPeerRate(contenders: readonly Contender[], rates: ReadonlyMap<string, number[]>): number {
  const peers = contenders.filter((contender) => !contender.name.startsWith('Switchyard'));
  return Math.max(...peers.map((peer) => median(rates.get(peer.name) ?? [])));
}

/**
 * The floor under any scanner that finds this types: passes it cannot skip, timed on the
 * same corpus. If one of them alone is slower than the target rate, the target is out of reach
 * for a JavaScript scanner however its recognizers are arranged.
 */
async function floorLines(prompts: readonly string[], sizes: readonly number[], peerRate: number): Promise<string[]> {
  progress('the floor under a full scanner');
  const countMatches = (pattern: RegExp) => (text: string) => {
    let count = 0;
    pattern.lastIndex = 0;
    while (pattern.exec(text)) count++;
    return count;
  };
  const buffer = new Uint8Array(1 << 20);
  const passes: Record<string, (text: string) => unknown> = {
    'enumerate digit runs (`/\\d+/g`; PHONE, CREDIT_CARD, SSN, IBAN, IP, DATE_OF_BIRTH start there)': countMatches(/\d+/g),
    'enumerate capitalized words (`/\\b[A-Z][a-z]+/g`; PERSON and ADDRESS start there)': countMatches(/\b[A-Z][a-z]+/g),
    'copy the text into linear memory (`TextEncoder.encodeInto`, a WASM scanner\'s entry cost)': (text) => encoder.encodeInto(text, buffer),
  };
  const target = peerRate * 10;
  const lines = [
    `What 10x the fastest peer (${peerRate.toFixed(0)} MB/CPU-s) leaves: ${target.toFixed(0)} MB/CPU-s, ${(1000 / target).toFixed(2)} ms per MB for everything.`,
    '',
    '| pass over the same corpus | MB/CPU-s | vs. the 10x target |',
    '|---|---:|---:|',
  ];
  for (const [name, run] of Object.entries(passes)) {
    const rate = await measure({ name, run }, prompts, sizes, SECONDS);
    lines.push(`| ${name} | ${rate.toFixed(0)} | ${(rate / target).toFixed(2)}x |`);
  }
  const digitRuns = prompts.reduce((sum, text) => sum + (text.match(/\d+/g)?.length ?? 0), 0);
  const capitalized = prompts.reduce((sum, text) => sum + (text.match(/\b[A-Z][a-z]+/g)?.length ?? 0), 0);
  const megabytes = sizes.reduce((sum, size) => sum + size, 0) / 1e6;
  const candidatesPerMb = (digitRuns + capitalized) / megabytes;
  const phones = ['+44 20 7946 0958', '(212) 555-0147', '+49 30 901820', '+33 1 42 68 53 00'];
  for (let warmUp = 0; warmUp < 2000; warmUp++) parsePhoneNumberFromString(phones[warmUp % phones.length] as string, 'US')?.isValid();
  let parsed = 0;
  const started = cpuSeconds();
  while (cpuSeconds() - started < SECONDS / 2) {
    for (const phone of phones) parsePhoneNumberFromString(phone, 'US')?.isValid();
    parsed += phones.length;
  }
  const phoneMicroseconds = ((cpuSeconds() - started) * 1e6) / parsed;
  lines.push(
    '',
    `Candidates per MB of this corpus: ${candidatesPerMb.toFixed(0)} (digit runs and capitalized words). At the target that leaves ` +
      `${(1e9 / target / candidatesPerMb).toFixed(0)} ns per candidate for all of its checks; validating one phone number ` +
      `with libphonenumber-js takes ${phoneMicroseconds.toFixed(2)} µs.`,
  );
  return lines;
}

await main();
