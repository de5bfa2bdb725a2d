/**
 * PERSON: runs of capitalised words judged with the project's gazetteers and the words around
 * them. A run is a name when it starts with a known given name (`Maria Lopez`), pairs a surname
 * with a given name (`Wang Wei`), or follows a title or cue (`Dr. Okafor`, `my name is Zbigniew`).
 * Runs that contain an organisation or place word (`Acme Bank`, `Baker Street`) are not people.
 */
import { GIVEN_NAMES, WEAK_GIVEN_NAMES } from '../gazetteer/given-names.ts';
import { hasSurnameEnding, SURNAMES_SET } from '../gazetteer/surnames.ts';
import { GREETINGS, NOT_NAME_WORDS, ORGANIZATION_WORDS, PLACE_NAMES, TITLES } from '../gazetteer/words.ts';
import { foldAccents, isAscii } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';
import { cueBefore, firmAfter, listAround, type CueKind } from './person-context.ts';
import { scanNameFields } from './person-fields.ts';

/** A capitalised word (`O'Brien`, `McDonald`, `Jean-Luc`, `Zoë`) or an initial (`J.`). */
const NAME_WORD = /(?<![\p{L}\p{M}])\p{Lu}(?:(?:['’]\p{Lu})?[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*|\.?(?=[ \t]\p{Lu}[\p{Ll}\p{M}])(?<=[\p{Ll}\p{M}][ \t]\p{Lu}\.?))/gu;
/** The same words for text that is all ASCII (most prompts): plain classes scan several times faster than `\p{…}`. */
const ASCII_NAME_WORD = /(?<![A-Za-z])[A-Z](?:(?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Z]?[a-z]+)*|\.?(?=[ \t][A-Z][a-z])(?<=[a-z][ \t][A-Z]\.?))/g;
const PARTICLE_GAP = /^[ \t](?:(?:van|von|de|der|den|del|della|di|da|du|dos|das|la|le|bin|ibn|al|ter|ten|af|y)[ \t])*$/;
const MAX_NAME_WORDS = 4;
const MAX_RUN_WORDS = 12;
/** Verbs that follow a person's name far more often than a product's or a place's. */
const PERSON_VERB_AFTER = /^,?[ \t]+(?:said|says|wrote|writes|lives|lived|works|worked|joined|asked|told|explained|replied|shouted|spent|thanked|emailed|married|was born)\b/;

type WordClass = 'given' | 'weak' | 'surname' | 'surnameLike' | 'initial' | 'unknown';

interface NameWord {
  start: number;
  end: number;
  lower: string;
  /** What the gazetteers say about `lower` (the bits below). */
  flags: number;
}

const GIVEN = 1;
const WEAK = 2;
const SURNAME = 4;
const SURNAME_ENDING = 8;
const NOT_NAME = 16;
const PLACE = 32;
const TITLE = 64;
const GREETING = 128;
const ORGANIZATION = 256;

/** Capitalised words repeat (`The`, `Please`, names): each is looked up in the nine lists once; past this many, the memo starts over. */
const FLAGS_MEMO_LIMIT = 8192;
const flagsMemo = new Map<string, number>();

function wordFlags(lower: string): number {
  let flags = flagsMemo.get(lower);
  if (flags === undefined) {
    if (flagsMemo.size >= FLAGS_MEMO_LIMIT) flagsMemo.clear();
    flags =
      (GIVEN_NAMES.has(lower) ? GIVEN : 0) |
      (WEAK_GIVEN_NAMES.has(lower) ? WEAK : 0) |
      (SURNAMES_SET.has(lower) ? SURNAME : 0) |
      (hasSurnameEnding(lower) ? SURNAME_ENDING : 0) |
      (NOT_NAME_WORDS.has(lower) ? NOT_NAME : 0) |
      (PLACE_NAMES.has(lower) ? PLACE : 0) |
      (TITLES.has(lower) ? TITLE : 0) |
      (GREETINGS.has(lower) ? GREETING : 0) |
      (ORGANIZATION_WORDS.has(lower) ? ORGANIZATION : 0);
    flagsMemo.set(lower, flags);
  }
  return flags;
}

function classOf({ lower, flags }: NameWord): WordClass {
  if (lower.length === 1 || (lower.length === 2 && lower.endsWith('.'))) return 'initial';
  if (flags & GIVEN) return 'given';
  if (flags & WEAK) return 'weak';
  if (flags & SURNAME) return 'surname';
  if (flags & SURNAME_ENDING) return 'surnameLike';
  return 'unknown';
}

function isStopWord(flags: number): boolean {
  if (flags & WEAK) return false;
  return (flags & NOT_NAME) !== 0 || ((flags & PLACE) !== 0 && (flags & SURNAME) === 0 && (flags & GIVEN) === 0);
}

export const personRecognizer: Recognizer = {
  types: ['PERSON'],
  scan(context) {
    const { text } = context;
    scanNameFields(context);
    let run: NameWord[] = [];
    const ascii = isAscii(text);
    const pattern = ascii ? ASCII_NAME_WORD : NAME_WORD;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const matched = match[0];
      let end = match.index + matched.length;
      let spelled = matched;
      // Possessives: `Maria's` names Maria.
      if (matched.length > 3 && matched.charCodeAt(matched.length - 1) === 115 && isApostropheCode(matched.charCodeAt(matched.length - 2))) {
        end -= 2;
        spelled = matched.slice(0, -2);
      }
      // An all-ASCII text has no accents to fold.
      const lower = (ascii ? spelled : foldAccents(spelled)).toLowerCase();
      const word: NameWord = { start: match.index, end, lower, flags: wordFlags(lower) };
      const previous = run[run.length - 1];
      // A run longer than any name is a heading; cutting it keeps the work per word constant.
      if (previous && (run.length >= MAX_RUN_WORDS || !joins(text, previous, word))) {
        judge(context, run);
        run = [];
      }
      run.push(word);
    }
    judge(context, run);
  },
};

function isApostropheCode(code: number): boolean {
  return code === 39 || code === 0x2019;
}

function joins(text: string, previous: NameWord, next: NameWord): boolean {
  const first = text.charCodeAt(previous.end);
  if (isApostropheCode(first)) return false;
  const length = next.start - previous.end;
  if (length > 24) return false;
  if (first === 32 || first === 9) {
    // Most gaps are one space: PARTICLE_GAP's answer without a slice or a regex.
    if (length === 1 || PARTICLE_GAP.test(text.slice(previous.end, next.start))) return true;
  }
  // `Mr. Smith`, `J. R. Tolkien`: a dot after a title or an initial.
  return length === 2 && first === 46 && text.charCodeAt(previous.end + 1) === 32 && ((previous.flags & TITLE) !== 0 || previous.lower.endsWith('.'));
}

/** Decides whether a run of capitalised words is a person and records the name part. */
function judge(context: ScanContext, run: NameWord[]): void {
  if (run.length === 0) return;
  const { text } = context;
  if (run.length === 1 && loneWordIsNoName(text, run[0] as NameWord)) return;
  let words = run;
  let cue = cueBefore(text, (words[0] as NameWord).start);
  let titled = false;
  // Leading titles and greetings are cues, not part of the name.
  while (words.length > 0 && ((words[0] as NameWord).flags & (TITLE | GREETING)) !== 0) {
    titled ||= ((words[0] as NameWord).flags & TITLE) !== 0;
    cue = 'strong';
    words = words.slice(1);
  }
  if (words.some((word) => (word.flags & ORGANIZATION) !== 0)) return;
  // A stop word splits the run; judge each side on its own.
  const stop = words.findIndex((word) => isStopWord(word.flags));
  if (stop >= 0) {
    if (stop > 0) judgeNameWords(context, words.slice(0, stop), cue, titled);
    judge(context, words.slice(stop + 1));
    return;
  }
  judgeNameWords(context, words, cue, titled);
}

const NAME_LIST_FLAGS = GIVEN | WEAK | SURNAME | SURNAME_ENDING;

/**
 * Most runs are one capitalised word (`Please`, `SELECT`). The general path would reach the same
 * "no name" without building class arrays: a title, greeting, organisation or stop word alone is
 * never a name, and an unknown word needs a cue before it or a list around it.
 */
function loneWordIsNoName(text: string, word: NameWord): boolean {
  if ((word.flags & (TITLE | GREETING | ORGANIZATION)) !== 0 || isStopWord(word.flags)) return true;
  if ((word.flags & NAME_LIST_FLAGS) !== 0 || classOf(word) !== 'unknown') return false;
  return !nextToListSeparator(text, word.start, word.end) && cueBefore(text, word.start) === undefined;
}

function known(wordClass: WordClass | undefined): boolean {
  return wordClass === 'given' || wordClass === 'surname' || wordClass === 'weak' || wordClass === 'surnameLike';
}

function isGiven(wordClass: WordClass | undefined): boolean {
  return wordClass === 'given' || wordClass === 'weak';
}

function judgeNameWords(context: ScanContext, candidate: NameWord[], cue: CueKind | undefined, titled: boolean): void {
  let words = candidate;
  let classes = words.map(classOf);
  // `Ask John Smith`: an unknown word before the given name is a verb or a sentence start.
  const firstGiven = classes.findIndex(isGiven);
  if (cue !== 'strong' && firstGiven > 0 && classes.slice(0, firstGiven).every((wordClass) => wordClass === 'unknown')) {
    words = words.slice(firstGiven);
    classes = classes.slice(firstGiven);
  }
  if (words.length === 0) return;
  const { text } = context;
  const last = words[words.length - 1] as NameWord;
  const first = classes[0];
  // Most runs are one unknown capitalised word (`Please`, `SELECT`): only a cue or a list can make it a name.
  if (words.length === 1 && first === 'unknown' && cue === undefined && !nextToListSeparator(text, last.start, last.end)) return;
  if (firmAfter(text, last.end)) return;
  if (words.length > MAX_NAME_WORDS) {
    // A title-cased heading: only a known given name followed by a known surname counts.
    for (let index = 0; index + 1 < words.length; index++) {
      if (classes[index] === 'given' && classes[index + 1] === 'surname') record(context, words.slice(index, index + 2), 0.75);
    }
    return;
  }
  const rest = classes.slice(1);
  if (cue === 'strong') {
    if (classes.every((wordClass) => wordClass === 'initial')) return;
    record(context, words, titled ? 0.85 : 0.8);
    return;
  }
  if (words.length === 1 && nextToListSeparator(text, last.start, last.end) && judgeListItem(context, last, first)) return;
  if (cue === 'person' && classes.some(known)) {
    record(context, words, 0.8);
    return;
  }
  if (cue === 'weak' && (first === 'given' || (isGiven(first) && rest.some(known)))) {
    record(context, words, 0.8);
    return;
  }
  if (words.length <= 3 && classes.some((wordClass) => wordClass === 'given' || wordClass === 'surname' || wordClass === 'surnameLike') && !words.some((word) => (word.flags & PLACE) !== 0) && labelsLine(text, (words[0] as NameWord).start, last.end)) {
    // `Maria Lopez` alone on a line (a signature, an address block) or `Maria:` opening a chat line.
    record(context, words, 0.7);
    return;
  }
  if (words.length === 1) {
    if (first === 'given') record(context, words, 0.65);
    else if ((first === 'surname' || first === 'surnameLike') && PERSON_VERB_AFTER.test(text.slice(last.end, last.end + 16))) record(context, words, 0.6);
    return;
  }
  if (classes[classes.length - 1] === 'initial') {
    // `Maria J`: a trailing capital letter is a sentence going on, not a name part.
    judgeNameWords(context, words.slice(0, -1), cue, titled);
    return;
  }
  if (first !== 'given' && first !== 'weak' && words.length <= 3 && classes.every((wordClass) => wordClass !== 'weak') && PERSON_VERB_AFTER.test(text.slice(last.end, last.end + 16))) {
    // `… Okafor Eze said`: two or three capitalised words doing something only people do.
    record(context, words, 0.6);
    return;
  }
  if (first === 'given') record(context, words, rest.some(known) ? 0.85 : 0.75);
  else if (first === 'weak') record(context, words, rest.some((wordClass) => wordClass === 'surname' || wordClass === 'given' || wordClass === 'surnameLike') ? 0.75 : 0.5);
  else if (first === 'surname' && rest.some((wordClass) => wordClass === 'given')) record(context, words, 0.7);
  else if (first === 'unknown' && classes[classes.length - 1] === 'surname' && !startsSentence(text, (words[0] as NameWord).start)) record(context, words, 0.6);
  else if (first === 'surname' && rest.every((wordClass) => wordClass === 'surname') && !startsSentence(text, (words[0] as NameWord).start)) record(context, words, 0.55);
}

/** `Ana, Luis`, `Luis and Marta`: a comma or a conjunction right before or after the word. */
function nextToListSeparator(text: string, start: number, end: number): boolean {
  const after = text.charCodeAt(end);
  if (after === 44) return true;
  if (after === 32 && (text.startsWith(' and ', end) || text.startsWith(' & ', end) || text.startsWith(' or ', end))) return true;
  const before = text.charCodeAt(start - 2);
  return (before === 44 && text.charCodeAt(start - 1) === 32) || text.startsWith(' and ', start - 5) || text.startsWith(' & ', start - 3);
}

/**
 * A one-word item of a list (`Ana, Luis and Marta`; `Hale, Ortiz and Brandt`): a list of given
 * names makes every item a person, a list of surnames alone reads as a firm. True when decided.
 */
function judgeListItem(context: ScanContext, word: NameWord, wordClass: WordClass | undefined): boolean {
  const items = listAround(context.text, word.start, word.end);
  if (items.length < 3) return false;
  const classes = items.map((item) => {
    const lower = foldAccents(item.lower);
    return classOf({ start: item.start, end: item.end, lower, flags: wordFlags(lower) });
  });
  if (classes.every((itemClass) => itemClass === 'surname' || itemClass === 'surnameLike')) return true;
  const given = classes.filter((itemClass) => itemClass === 'given').length;
  if (given >= 2 && given * 2 >= items.length && !isStopWord(word.flags) && wordClass !== 'initial') {
    record(context, [word], wordClass === 'given' ? 0.8 : 0.7);
    return true;
  }
  return false;
}

/** The run fills its line (after list or quote marks such as `>`, `-`, `*`), or opens it followed by `: `. */
function labelsLine(text: string, start: number, end: number): boolean {
  let before = start;
  while (before > 0 && start - before < 8 && /[ \t>*?#-]/.test(text[before - 1] as string)) before--;
  if (before > 0 && text[before - 1] !== '\n') return false;
  const after = text.slice(end, end + 3);
  return after.length === 0 || /^[ \t]*\r?\n/.test(after) || /^:[ \t"“]/.test(after);
}

function startsSentence(text: string, index: number): boolean {
  for (let position = index - 1; position >= 0; position--) {
    const character = text[position] as string;
    if (character === ' ' || character === '\t' || character === '"' || character === '“' || character === '(') continue;
    return /[.!?\n:;]/.test(character);
  }
  return true;
}

function record(context: ScanContext, words: NameWord[], score: number): void {
  const first = words[0];
  const last = words[words.length - 1];
  if (first && last) context.add('PERSON', first.start, last.end, score);
}
