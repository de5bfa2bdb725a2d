/**
 * Loads the evaluation sets for the edge classifier: the project's own dev split and the public
 * sets in ../shared/evaldata (read at eval time, never copied into the repo or trained on).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CORPUS_FILES } from '../../models/classifier/corpus/build-corpus.ts';
import { CorpusExample } from '../../models/classifier/corpus/example.ts';

export const EVALDATA_ROOT = process.env.SWITCHYARD_EVALDATA ?? new URL('../../../shared/evaldata', import.meta.url).pathname;

export interface InjectionSet {
  name: string;
  /** What the labels mean and where they come from. */
  note: string;
  /** mixed: both classes; benign-only: report the false-positive rate; attack-only: report recall. */
  kind: 'mixed' | 'benign-only' | 'attack-only';
  texts: string[];
  attack: boolean[];
}

export interface RoutingSet {
  name: string;
  note: string;
  texts: string[];
  complex: boolean[];
  /** The task label the set implies for each text (undefined where it implies none). */
  task: (string | undefined)[];
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function readJsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field || row.length > 0) rows.push([...row, field]);
  return rows;
}

export function evaldataAvailable(root = EVALDATA_ROOT): boolean {
  return existsSync(join(root, 'injection', 'deepset', 'test.jsonl'));
}

function loadDevSplit(): CorpusExample[] {
  return readFileSync(CORPUS_FILES.dev, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => CorpusExample.parse(JSON.parse(line)));
}

const unique = (texts: string[]) => [...new Set(texts.filter((text) => text.trim().length > 0))];

export function loadInjectionSets(root = EVALDATA_ROOT): InjectionSet[] {
  const dev = loadDevSplit().filter((example) => example.injection);
  const deepset = z.array(z.object({ text: z.string(), label: z.union([z.literal(0), z.literal(1)]) })).parse(readJsonLines(join(root, 'injection/deepset/test.jsonl')));
  const notInject = ['one', 'two', 'three'].flatMap((part) => z.array(z.object({ prompt: z.string() })).parse(readJson(join(root, `injection/injecguard/NotInject_${part}.json`))).map((row) => row.prompt));
  const bipia = (file: string) => Object.values(z.record(z.string(), z.array(z.string())).parse(readJson(join(root, `injection/injecguard/${file}`)))).flat();
  const wild = unique(z.array(z.string()).parse(readJson(join(root, 'injection/inthewild/inthewild_jailbreak_llms.json'))));
  const all = (texts: string[], attack: boolean): Pick<InjectionSet, 'texts' | 'attack'> => ({ texts, attack: texts.map(() => attack) });
  return [
    { name: 'Switchyard dev split', note: 'our corpus, template groups held out from training', kind: 'mixed', texts: dev.map((example) => example.text), attack: dev.map((example) => example.injection === 'attack') },
    { name: 'deepset test', note: 'deepset/prompt-injections test split; label 1 = injection', kind: 'mixed', texts: deepset.map((row) => row.text), attack: deepset.map((row) => row.label === 1) },
    { name: 'NotInject', note: 'benign prompts packed with trigger words (all three files)', kind: 'benign-only', ...all(unique(notInject), false) },
    { name: 'BIPIA text', note: 'indirect-injection payloads (text tasks)', kind: 'attack-only', ...all(unique(bipia('BIPIA_text.json')), true) },
    { name: 'BIPIA code', note: 'indirect-injection payloads (code tasks)', kind: 'attack-only', ...all(unique(bipia('BIPIA_code.json')), true) },
    { name: 'in-the-wild jailbreaks', note: 'jailbreak prompts collected in the wild (unique)', kind: 'attack-only', ...all(wild, true) },
  ];
}

const MT_BENCH_TASKS: Record<string, string> = { writing: 'creative', roleplay: 'chat', reasoning: 'qa', math: 'math', coding: 'code', extraction: 'extract', stem: 'qa', humanities: 'qa' };

/**
 * Difficulty labels from RouteLLM's weak (Mixtral-8x7B) and strong (GPT-4) results: complex when
 * the weak model fails and the strong one succeeds, simple when the weak one succeeds; prompts
 * both fail are left out (no routing choice helps). MT-Bench: complex when GPT-4's first-turn
 * judge score beats Mixtral's by 2 or more.
 */
export function loadRoutingSets(root = EVALDATA_ROOT): RoutingSet[] {
  const dev = loadDevSplit().filter((example) => example.difficulty);
  const gsmRows = parseCsv(readFileSync(join(root, 'routing/routellm/gsm8k_responses.csv'), 'utf8'));
  const header = gsmRows[0] ?? [];
  const column = (name: string) => header.indexOf(name);
  const [prompt, weak, strong] = [column('prompt'), column('mistralai/Mixtral-8x7B-Instruct-v0.1'), column('gpt-4-1106-preview')];
  const gsm = gsmRows.slice(1).filter((row) => row.length > Math.max(prompt, weak, strong) && (row[weak] === 'True' || row[strong] === 'True'));
  const mmlu = z
    .array(z.object({ prompt: z.string(), mixtral_correct: z.boolean(), gpt4_correct: z.boolean(), needs_strong: z.boolean() }))
    .parse(readJsonLines(join(root, 'routing/routellm/mmlu_first25_per_subject_derived.jsonl')))
    .filter((row) => row.mixtral_correct || row.gpt4_correct);
  const mtBench = z
    .array(z.object({ category: z.string(), turn1: z.string(), gpt4_minus_mixtral_t1: z.number() }))
    .parse(readJsonLines(join(root, 'routing/routellm/mt_bench_scores_derived.jsonl')));
  return [
    { name: 'Switchyard dev split', note: 'our corpus, held-out template groups', texts: dev.map((example) => example.text), complex: dev.map((example) => example.difficulty === 'complex'), task: dev.map((example) => example.task) },
    { name: 'RouteLLM GSM8K', note: 'grade-school math word problems; complex = Mixtral wrong and GPT-4 right', texts: gsm.map((row) => row[prompt] ?? ''), complex: gsm.map((row) => row[weak] !== 'True'), task: gsm.map(() => 'math') },
    { name: 'RouteLLM MMLU', note: 'multiple-choice exam questions (first 25 per subject); complex = needs_strong', texts: mmlu.map((row) => row.prompt), complex: mmlu.map((row) => row.needs_strong), task: mmlu.map(() => undefined) },
    { name: 'RouteLLM MT-Bench', note: 'first turns; complex = GPT-4 judge score ≥ Mixtral + 2', texts: mtBench.map((row) => row.turn1), complex: mtBench.map((row) => row.gpt4_minus_mixtral_t1 >= 2), task: mtBench.map((row) => MT_BENCH_TASKS[row.category]) },
  ];
}
