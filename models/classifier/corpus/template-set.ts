/**
 * A family of templates that share labels. Each template is its own split group, so the dev split
 * holds phrasings the model never saw in training, not just new slot values.
 */
import type { CorpusExample, Labels } from './example.ts';
import { groupOf } from './split.ts';
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
  /** Surface paraphrase applied to each fill (casing, contractions, punctuation), so no template is seen in one spelling only. */
  paraphrase?: (text: string, random: Random) => string;
  /** Slots that take one value per example (a persona keeps its name throughout the prompt). */
  sticky?: readonly string[];
}

/** Expands every template of every set into examples. */
export function expandSets(sets: readonly TemplateSet[], commonSlots: Slots, random: Random, slotsOfGroup: (group: string, slots: Slots) => Slots = (_, slots) => slots): CorpusExample[] {
  const examples: CorpusExample[] = [];
  for (const set of sets) {
    const slots = { ...commonSlots, ...set.slots };
    set.templates.forEach((entry, index) => {
      const { template, labels } = typeof entry === 'string' ? { template: entry, labels: {} } : entry;
      const group = groupOf(set.source, index);
      for (const filled of variants(template, slotsOfGroup(group, slots), random, set.perTemplate, set.sticky)) {
        const text = set.paraphrase ? set.paraphrase(filled, random) : filled;
        examples.push({ text, ...set.labels, ...labels, source: set.source, group });
      }
    });
  }
  return examples;
}
