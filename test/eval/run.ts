/**
 * `npm run eval [name ...]`: measures the guards on the public sets in ../shared/evaldata (never
 * trained on) side by side with npm peers, prints each report, and writes it into the README
 * between `<!-- eval:NAME:start -->` and `<!-- eval:NAME:end -->`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

interface Evaluation {
  name: string;
  file: string;
}

const EVALUATIONS: Evaluation[] = [
  { name: 'classifier', file: './classifier.ts' },
  { name: 'pii', file: './pii.ts' },
];

/** Each evaluation module exports `evaluate(): Promise<string>` returning a Markdown report. */
interface EvaluationModule {
  evaluate(): Promise<string>;
}

function writeIntoReadme(name: string, markdown: string): void {
  const path = 'README.md';
  const readme = readFileSync(path, 'utf8');
  const start = `<!-- eval:${name}:start -->`;
  const end = `<!-- eval:${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    process.stdout.write(`(README has no ${start} … ${end} markers; not written there)\n`);
    return;
  }
  writeFileSync(path, `${readme.slice(0, from + start.length)}\n${markdown.trim()}\n${readme.slice(to)}`);
}

const wanted = new Set(process.argv.slice(2));
for (const evaluation of EVALUATIONS) {
  if (wanted.size > 0 && !wanted.has(evaluation.name)) continue;
  if (!existsSync(new URL(evaluation.file, import.meta.url))) continue;
  process.stdout.write(`\n=== eval: ${evaluation.name} ===\n`);
  const module = (await import(evaluation.file)) as EvaluationModule;
  const markdown = await module.evaluate();
  process.stdout.write(`${markdown}\n`);
  writeIntoReadme(evaluation.name, markdown);
}
