/**
 * The train/dev split, decided before any text is written: whole templates go to dev (per
 * generator family, every fifth in seeded hash order), and the long sentence pools that attack
 * templates are assembled from (persona rules, intros, planted instructions, ...) are split too,
 * so a dev prompt is built from sentences no training prompt contains. Otherwise a long dev
 * jailbreak would be a reshuffle of training sentences and dev would flatter the model.
 */
import { hashString, type Slots } from './template.ts';
import type { TemplateSet } from './template-set.ts';

/** One group in DEV_EVERY (per generator, in hash order) goes to dev. */
export const DEV_EVERY = 5;

/** Slots whose values are whole sentences an attack is built from; each value belongs to one split. */
export const HELD_OUT_SLOTS: readonly string[] = [
  'rulesLine', 'personaTrait', 'longIntro', 'formatLine', 'confirmLine', 'hiddenInstruction', 'socialEngineering', 'handOff', 'manipulation',
  'jbFreedom', 'jbBackstory', 'jbRule', 'jbFormat', 'jbGame', 'jbConfirm', 'jbRequest', 'harmObject', 'harmfulQuestion', 'fictionTopic', 'fictionAct', 'plantedInstruction', 'hijackGoal', 'forgetAll', 'payload', 'innocuousPayload',
];

/** The group id of a template: the unit that is never split. */
export const groupOf = (source: string, index: number): string => `${source}:${index}`;

/** Generator family of a group id (`source:index`): the unit the split is stratified over. */
export function familyOf(group: string): string {
  return group.slice(0, group.lastIndexOf(':'));
}

/** The dev groups of these sets: per family, every DEV_EVERY-th group in seeded hash order (the last one for families of 2-4). */
export function planDevGroups(sets: readonly TemplateSet[], seed: number): Set<string> {
  const groupsByFamily = new Map<string, string[]>();
  for (const set of sets) {
    const groups = groupsByFamily.get(set.source) ?? [];
    set.templates.forEach((_, index) => groups.push(groupOf(set.source, index)));
    groupsByFamily.set(set.source, groups);
  }
  const devGroups = new Set<string>();
  for (const groups of groupsByFamily.values()) {
    const ordered = [...groups].sort((left, right) => hashString(`${seed}:${left}`) - hashString(`${seed}:${right}`) || (left < right ? -1 : 1));
    ordered.forEach((group, index) => {
      if (index % DEV_EVERY === DEV_EVERY - 1 || (ordered.length >= 2 && ordered.length < DEV_EVERY && index === ordered.length - 1)) devGroups.add(group);
    });
  }
  return devGroups;
}

/** Whether a held-out slot value belongs to dev: one in DEV_EVERY by hash, and always at least one per pool. */
function isDevValue(name: string, value: string, values: readonly string[], seed: number): boolean {
  const rank = (item: string) => hashString(`${seed}:${name}:${item}`);
  if (values.length < 2) return false;
  const devCount = Math.max(1, Math.floor(values.length / DEV_EVERY));
  const ordered = [...values].sort((left, right) => rank(left) - rank(right) || (left < right ? -1 : 1));
  return ordered.indexOf(value) < devCount;
}

/** The slots a template of one split may use: held-out pools reduced to that split's values. */
export function slotsForSplit(slots: Slots, split: 'train' | 'dev', seed: number): Slots {
  const result: Record<string, readonly string[]> = { ...slots };
  for (const name of HELD_OUT_SLOTS) {
    const values = slots[name];
    if (!values || values.length < 2) continue;
    result[name] = values.filter((value) => isDevValue(name, value, values, seed) === (split === 'dev'));
  }
  return result;
}
