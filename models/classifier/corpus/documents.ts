/**
 * Longer texts: emails, notes and articles assembled from everyday sentences, and the "long but
 * easy" requests built on them (proofread, translate, extract, sentiment), which a small model
 * handles despite their length.
 */
import type { TemplateSet } from './template-set.ts';
import { PROSE_SENTENCES } from './vocabulary.ts';
import { pick, type Random } from './template.ts';

const GREETINGS = ['Hi team,', 'Dear Ms. Novak,', 'Hello everyone,', 'Hi Sam,', 'Dear customer,', 'Good morning all,', 'Hey folks,'];
const CLOSINGS = ['Best regards,\nAnna', 'Thanks,\nTom', 'Kind regards,\nThe Support Team', 'Cheers,\nPriya', 'Many thanks,\nLukas', 'Best,\nElena'];
const HEADINGS = ['Weekly update', 'Meeting notes', 'Newsletter', 'Project status', 'Community news', 'Travel report', 'Release notes'];

/** A paragraph of `count` distinct sentences. */
export function paragraph(random: Random, count: number): string {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, PROSE_SENTENCES.length)) chosen.add(pick(PROSE_SENTENCES, random));
  return [...chosen].join(' ');
}

/** An email-, note- or article-shaped document of several paragraphs. */
export function documentText(random: Random, paragraphs: number): string {
  const body = Array.from({ length: paragraphs }, () => paragraph(random, 2 + Math.floor(random() * 3)));
  const shape = Math.floor(random() * 3);
  if (shape === 0) return [pick(GREETINGS, random), ...body, pick(CLOSINGS, random)].join('\n\n');
  if (shape === 1) return [`# ${pick(HEADINGS, random)}`, ...body].join('\n\n');
  return body.join('\n\n');
}

/** Fixed pools of documents for template slots (generated once from the corpus seed). */
export function documentSlots(random: Random): { document: string[]; longDocument: string[] } {
  return {
    document: Array.from({ length: 40 }, () => documentText(random, 2)),
    longDocument: Array.from({ length: 40 }, () => documentText(random, 4 + Math.floor(random() * 3))),
  };
}

const easy = (task: TemplateSet['labels']['task']): TemplateSet['labels'] => ({ injection: 'benign', difficulty: 'simple', task });

export const LONG_EASY_SETS: readonly TemplateSet[] = [
  { source: 'long-easy-proofread', labels: easy('rewrite'), perTemplate: 12, templates: ['{please} fix any typos in this email, don\'t change anything else:\n\n{document}', 'proofread this:\n\n{longDocument}', 'make this text a bit more friendly, keep it the same length:\n\n{document}', 'convert this to British spelling:\n{document}'] },
  { source: 'long-easy-translate', labels: easy('translate'), perTemplate: 12, templates: ['translate this into {language}:\n\n{document}', 'can you put this newsletter into {language} for our {country} colleagues?\n\n{longDocument}'] },
  { source: 'long-easy-extract', labels: easy('extract'), perTemplate: 12, templates: ['list all the names mentioned in this text:\n\n{longDocument}', 'which days of the week are mentioned here?\n\n{document}', 'copy out every number in this note:\n{longDocument}', 'find the sentence that mentions the {printer|parking garage|budget|train|library} in this text:\n\n{longDocument}'] },
  { source: 'long-easy-classify', labels: easy('classify'), perTemplate: 12, templates: ['is the tone of this email positive or negative?\n\n{document}', 'is this message urgent? answer yes or no.\n\n{longDocument}', 'what language is this written in?\n\n{document}'] },
  { source: 'long-easy-summarize', labels: easy('summarize'), perTemplate: 12, templates: ['give this email a subject line:\n\n{document}', 'summarize this in one sentence:\n\n{longDocument}', 'what is the main point of this note?\n\n{document}'] },
  { source: 'long-easy-rewrite', labels: easy('rewrite'), perTemplate: 12, templates: ['turn this into bullet points:\n\n{longDocument}', 'format this as a numbered list, one sentence per item:\n{document}', 'make this all lowercase:\n{document}'] },
];
