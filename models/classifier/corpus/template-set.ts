/**
 * A family of templates that share labels. Each template is its own split group, so the dev split
 * holds phrasings the model never saw in training, not just new slot values.
 */
import type { CorpusExample, Labels } from './example.ts';
import { variants, type Random, type Slots } from './template.ts';

export interface TemplateSet {
  source: string;
  labels: Labels;
  /** Distinct fills per template (fewer when a template has fewer combinations). */
  perTemplate: number;
  /** A template, or a template whose labels differ from the set's (e.g. a translation among questions). */
  templates: readonly (string | { template: string; labels: Labels })[];
  /** Extra slots for this family, merged over the common ones. */
  slots?: Slots;
}

/** Expands every template of every set into examples. */
export function expandSets(sets: readonly TemplateSet[], commonSlots: Slots, random: Random): CorpusExample[] {
  const examples: CorpusExample[] = [];
  for (const set of sets) {
    const slots = { ...commonSlots, ...set.slots };
    set.templates.forEach((entry, index) => {
      const { template, labels } = typeof entry === 'string' ? { template: entry, labels: {} } : entry;
      for (const text of variants(template, slots, random, set.perTemplate)) {
        examples.push({ text, ...set.labels, ...labels, source: set.source, group: `${set.source}:${index}` });
      }
    });
  }
  return examples;
}
