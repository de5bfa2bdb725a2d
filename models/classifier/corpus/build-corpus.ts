/**
 * Builds the edge classifier's corpus from the generators in this folder and writes it as
 * train.jsonl and dev.jsonl. Deterministic: one seed, fixed generator order, a split by template
 * group (stratified per generator) so dev measures unseen phrasings, and no normalized text twice.
 *
 *   npx tsx models/classifier/corpus/build-corpus.ts      (npm run models:train calls it too)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../../../shared/features/index.ts';
import { createSeededRandom } from '../../../shared/random/seeded-random.ts';
import { DIRECT_ATTACK_SETS, ATTACK_SLOTS } from './attacks.ts';
import { COMPOSED_ATTACK_SETS, COMPOSED_ATTACK_SLOTS } from './attacks-composed.ts';
import { INDIRECT_ATTACK_SETS, INDIRECT_SLOTS } from './attacks-indirect.ts';
import { MULTILINGUAL_ATTACK_SETS } from './attacks-multilingual.ts';
import { HIJACK_ATTACK_SETS } from './attacks-hijack.ts';
import { MODULAR_PERSONA_SETS } from './attacks-persona-modular.ts';
import { COMPLEX_SETS } from './complex-requests.ts';
import { COMPOSED_SETS, COMPOSED_SLOTS } from './composed-requests.ts';
import { LONG_EASY_SETS, documentSlots } from './documents.ts';
import { CorpusExample } from './example.ts';
import type { Slots } from './template.ts';
import { HARD_NEGATIVE_SETS } from './hard-negatives.ts';
import { COMPOSED_HARD_NEGATIVE_SETS, HARD_NEGATIVE_SLOTS, TASK_CLAUSE_SLOTS } from './hard-negatives-composed.ts';
import { VOCABULARY_HARD_NEGATIVE_SETS } from './hard-negatives-vocabulary.ts';
import { DIRECTIVE_SETS, DIRECTIVE_SLOTS } from './hard-negatives-directives.ts';
import { GENERIC_HARD_NEGATIVE_SETS } from './hard-negatives-generic.ts';
import { EVERYDAY_HARD_NEGATIVE_SETS } from './hard-negatives-everyday.ts';
import { FRAMING_HARD_NEGATIVE_SETS } from './hard-negatives-framing.ts';
import { MULTILINGUAL_HARD_NEGATIVE_SETS } from './hard-negatives-multilingual.ts';
import { MATH_SETS, MATH_SLOTS } from './math-problems.ts';
import { MULTILINGUAL_BENIGN_SETS } from './multilingual-benign.ts';
import { EVERYDAY_MULTILINGUAL_SETS } from './multilingual-everyday.ts';
import { MULTILINGUAL_COMPOSED_SETS, MULTILINGUAL_COMPOSED_SLOTS } from './multilingual-composed.ts';
import { obfuscatedAttacks, obfuscatedBenign } from './obfuscation.ts';
import { SIMPLE_SETS } from './simple-requests.ts';
import { planDevGroups, slotsForSplit } from './split.ts';
import { expandSets, type TemplateSet } from './template-set.ts';
import { COMMON_SLOTS, PROSE_SENTENCES } from './vocabulary.ts';

export const CORPUS_SEED = 20_261_130;

export const CORPUS_FILES = {
  train: new URL('./train.jsonl', import.meta.url),
  dev: new URL('./dev.jsonl', import.meta.url),
};

/** The whole corpus, each example with its split. Same seed, same corpus. */
export function buildCorpus(seed = CORPUS_SEED): CorpusExample[] {
  const random = createSeededRandom(seed);
  const slots = {
    ...COMMON_SLOTS,
    ...COMPOSED_SLOTS,
    ...MATH_SLOTS,
    ...HARD_NEGATIVE_SLOTS,
    ...MULTILINGUAL_COMPOSED_SLOTS,
    ...DIRECTIVE_SLOTS,
    ...TASK_CLAUSE_SLOTS,
    ...ATTACK_SLOTS,
    ...COMPOSED_ATTACK_SLOTS,
    ...INDIRECT_SLOTS,
    ...documentSlots(random),
    prose: PROSE_SENTENCES,
  };
  const benignSets: readonly TemplateSet[] = [...SIMPLE_SETS, ...COMPLEX_SETS, ...COMPOSED_SETS, ...MATH_SETS, ...LONG_EASY_SETS, ...HARD_NEGATIVE_SETS, ...COMPOSED_HARD_NEGATIVE_SETS, ...VOCABULARY_HARD_NEGATIVE_SETS, ...DIRECTIVE_SETS, ...GENERIC_HARD_NEGATIVE_SETS, ...MULTILINGUAL_BENIGN_SETS, ...EVERYDAY_MULTILINGUAL_SETS, ...MULTILINGUAL_COMPOSED_SETS, ...EVERYDAY_HARD_NEGATIVE_SETS, ...MULTILINGUAL_HARD_NEGATIVE_SETS, ...FRAMING_HARD_NEGATIVE_SETS];
  const attackSets: readonly TemplateSet[] = [...DIRECT_ATTACK_SETS, ...COMPOSED_ATTACK_SETS, ...INDIRECT_ATTACK_SETS, ...MULTILINGUAL_ATTACK_SETS, ...MODULAR_PERSONA_SETS, ...HIJACK_ATTACK_SETS];
  const devGroups = planDevGroups([...benignSets, ...attackSets], seed);
  const slotsOf = (group: string, merged: Slots) => slotsForSplit(merged, devGroups.has(group) ? 'dev' : 'train', seed);
  const benign = expandSets(benignSets, slots, random, slotsOf);
  const attacks = expandSets(attackSets, slots, random, slotsOf);
  const all = [...benign, ...attacks, ...obfuscatedAttacks(attacks, random, 900), ...obfuscatedBenign(benign, random, 600)];

  // One text per normalized form, except obfuscated copies (homoglyphs, zero-width...) that
  // normalize back to their original: they stay, in the original's group and so its split.
  const groupOfNormalized = new Map<string, string>();
  const rawSeen = new Set<string>();
  const unique = all.filter((example) => {
    const key = normalizeText(example.text);
    const firstGroup = groupOfNormalized.get(key);
    const obfuscatedCopy = /^(attack-obfuscated|benign-odd-unicode)/.test(example.source) && firstGroup === example.group && !rawSeen.has(example.text);
    if (key.length === 0 || (firstGroup !== undefined && !obfuscatedCopy)) return false;
    groupOfNormalized.set(key, example.group);
    rawSeen.add(example.text);
    return true;
  });
  return unique.map((example) => CorpusExample.parse({ ...example, split: devGroups.has(example.group) ? 'dev' : 'train' }));
}

/** Counts per generator and label, for the README and progress output. */
export function describeCorpus(examples: readonly CorpusExample[]): string {
  const count = (predicate: (example: CorpusExample) => boolean) => examples.filter(predicate).length;
  const lines = [
    `${examples.length} examples: ${count((example) => example.split === 'train')} train, ${count((example) => example.split === 'dev')} dev`,
    `injection: ${count((example) => example.injection === 'attack')} attack, ${count((example) => example.injection === 'benign')} benign`,
    `difficulty: ${count((example) => example.difficulty === 'simple')} simple, ${count((example) => example.difficulty === 'complex')} complex`,
  ];
  const tasks = new Map<string, number>();
  for (const example of examples) if (example.task) tasks.set(example.task, (tasks.get(example.task) ?? 0) + 1);
  lines.push(`task: ${[...tasks].map(([task, total]) => `${task} ${total}`).join(', ')}`);
  return lines.join('\n');
}

export function toJsonLines(examples: readonly CorpusExample[]): string {
  return examples.map(({ split: _split, ...example }) => JSON.stringify(example)).join('\n') + '\n';
}

/** Writes train.jsonl and dev.jsonl; returns the corpus. */
export function writeCorpus(seed = CORPUS_SEED): CorpusExample[] {
  const corpus = buildCorpus(seed);
  writeFileSync(CORPUS_FILES.train, toJsonLines(corpus.filter((example) => example.split === 'train')));
  writeFileSync(CORPUS_FILES.dev, toJsonLines(corpus.filter((example) => example.split === 'dev')));
  return corpus;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = writeCorpus();
  process.stdout.write(`corpus written to models/classifier/corpus/{train,dev}.jsonl\n${describeCorpus(corpus)}\n`);
}
