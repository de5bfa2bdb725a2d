/**
 * PERSON: runs of capitalised words judged with the project's gazetteers and the words around
 * them. A run is a name when it starts with a known given name (`Maria Lopez`), pairs a surname
 * with a given name (`Wang Wei`), or follows a title or cue (`Dr. Okafor`, `my name is Zbigniew`).
 * Runs that contain an organisation or place word (`Acme Bank`, `Baker Street`) are not people.
 */
import { GIVEN_NAMES, WEAK_GIVEN_NAMES } from '../gazetteer/given-names.ts';
import { hasSurnameEnding, SURNAMES_SET } from '../gazetteer/surnames.ts';
import { GREETINGS, NOT_NAME_WORDS, ORGANIZATION_WORDS, PLACE_NAMES, TITLES } from '../gazetteer/words.ts';
import { foldAccents } from '../text.ts';
import type { Recognizer, ScanContext } from '../types.ts';

/** A capitalised word (`O'Brien`, `McDonald`, `Jean-Luc`, `Zoë`) or an initial (`J.`). */
const NAME_WORD = /\p{Lu}(?:(?:['’]\p{Lu})?[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*|\.?(?=[ \t]\p{Lu}[\p{Ll}\p{M}])(?<=[\p{Ll}\p{M}][ \t]\p{Lu}\.?))/gu;
/** The same words for text that is all ASCII (most prompts): plain classes scan several times faster than `\p{…}`. */
const ASCII_NAME_WORD = /[A-Z](?:(?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Z]?[a-z]+)*|\.?(?=[ \t][A-Z][a-z])(?<=[a-z][ \t][A-Z]\.?))/g;
const NON_ASCII = /[^\x00-\x7f]/;
const PARTICLE_GAP = /^[ \t](?:(?:van|von|de|der|den|del|della|di|da|du|dos|das|la|le|bin|ibn|al|ter|ten|af|y)[ \t])*$/;
/** Phrases after which any capitalised word is taken as a name (matched on the last 1-3 words before it). */
const STRONG_CUES = new Set([
  'dear', 'hi', 'hello', 'hey', 'my name is', 'name is', "name's", 'name', 'call me', 'signed', 'sincerely', 'regards', 'thanks',
  'contact person', 'patient', 'employee', 'written by', 'sent by', 'signed by', 'attn', 'applicant', 'cardholder', 'account holder',
  'last name', 'first name', 'surname', 'full name', 'given name', 'family name', 'maiden name', 'name on the account', 'name on the card',
]);
/** Phrases that also precede ordinary capitalised words ("this is Python"): the name must be known. */
const WEAK_CUES = new Set(['named', 'called', 'i am', "i'm", 'this is', "it's", 'customer', 'author', 'from', 'to', 'cc', 'with', 'by', 'ask', 'tell', 'meet', 'met', 'and', 'for', 'contact', 'email', 'call']);

/** The last one to three words before `index` on the same line, lower-cased, punctuation dropped. */
/** The last word of every cue phrase: a cheap first test before the phrase itself is read. */
const CUE_LAST_WORDS = new Set([...STRONG_CUES, ...WEAK_CUES].map((phrase) => phrase.split(' ').pop() as string));

/** The lower-cased word that ends right before `index` (skipping spaces and `,:`), or ''. */
function wordBefore(text: string, index: number): string {
  let end = index;
  while (end > 0 && index - end < 6) {
    const code = text.charCodeAt(end - 1);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 44 && code !== 58) break;
    end--;
  }
  let start = end;
  while (start > 0 && end - start < 16) {
    const code = text.charCodeAt(start - 1);
    if (!((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 39)) break;
    start--;
  }
  return text.slice(start, end).toLowerCase();
}

/** The last one to three words before `index` on the same line, lower-cased, punctuation dropped. */
function cueBefore(text: string, index: number): 'strong' | 'weak' | undefined {
  if (!CUE_LAST_WORDS.has(wordBefore(text, index))) return undefined;
  const preceding = text.slice(Math.max(0, index - 24), index).toLowerCase();
  const words = preceding.split(/[^\p{L}']+/u).filter(Boolean);
  if (/\n\s*\n|[.!?]\s*$/.test(preceding) && !/(?:regards|sincerely|thanks|name)[,:]?\s*$/.test(preceding)) return undefined;
  let found: 'strong' | 'weak' | undefined;
  for (let count = 1; count <= 3 && count <= words.length; count++) {
    const phrase = words.slice(-count).join(' ');
    if (STRONG_CUES.has(phrase)) return 'strong';
    if (WEAK_CUES.has(phrase)) found = 'weak';
  }
  return found;
}

const MAX_NAME_WORDS = 4;
const MAX_RUN_WORDS = 12;
/** Verbs that follow a person's name far more often than a product's or a place's. */
const PERSON_VERB_AFTER = /^,?[ \t]+(?:said|says|wrote|writes|lives|lived|works|worked|joined|asked|told|explained|replied|shouted|spent|thanked|emailed|married|was born)\b/;

type WordClass = 'given' | 'weak' | 'surname' | 'surnameLike' | 'initial' | 'unknown';

interface NameWord {
  start: number;
  end: number;
  lower: string;
}

function classOf(word: NameWord): WordClass {
  const { lower } = word;
  if (lower.length === 1 || (lower.length === 2 && lower.endsWith('.'))) return 'initial';
  if (GIVEN_NAMES.has(lower)) return 'given';
  if (WEAK_GIVEN_NAMES.has(lower)) return 'weak';
  if (SURNAMES_SET.has(lower)) return 'surname';
  if (hasSurnameEnding(lower)) return 'surnameLike';
  return 'unknown';
}

function isStopWord(lower: string): boolean {
  if (WEAK_GIVEN_NAMES.has(lower)) return false;
  return NOT_NAME_WORDS.has(lower) || (PLACE_NAMES.has(lower) && !SURNAMES_SET.has(lower) && !GIVEN_NAMES.has(lower));
}

export const personRecognizer: Recognizer = {
  types: ['PERSON'],
  scan(context) {
    const { text } = context;
    let run: NameWord[] = [];
    const pattern = NON_ASCII.test(text) ? NAME_WORD : ASCII_NAME_WORD;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      let end = match.index + match[0].length;
      // Possessives: `Maria's` names Maria.
      if (/['’]s$/.test(match[0]) && match[0].length > 3) end -= 2;
      const word: NameWord = { start: match.index, end, lower: foldAccents(text.slice(match.index, end)).toLowerCase() };
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

function joins(text: string, previous: NameWord, next: NameWord): boolean {
  if (text.charCodeAt(previous.end) === 39 || text.charCodeAt(previous.end) === 0x2019) return false;
  const gap = text.slice(previous.end, next.start);
  if (gap.length > 24) return false;
  if (PARTICLE_GAP.test(gap)) return true;
  // `Mr. Smith`, `J. R. Tolkien`: a dot after a title or an initial.
  return (gap === '. ' || gap === ' ') && (TITLES.has(previous.lower) || previous.lower.endsWith('.'));
}

/** Decides whether a run of capitalised words is a person and records the name part. */
function judge(context: ScanContext, run: NameWord[]): void {
  if (run.length === 0) return;
  const { text } = context;
  let words = run;
  const cueKind = cueBefore(text, (words[0] as NameWord).start);
  let cue = cueKind === 'strong';
  const weakCue = cueKind === 'weak';
  let titled = false;
  // Leading titles and greetings are cues, not part of the name.
  while (words.length > 0 && (TITLES.has((words[0] as NameWord).lower) || GREETINGS.has((words[0] as NameWord).lower))) {
    titled ||= TITLES.has((words[0] as NameWord).lower);
    cue = true;
    words = words.slice(1);
  }
  if (words.some((word) => ORGANIZATION_WORDS.has(word.lower))) return;
  // A stop word splits the run; judge each side on its own.
  const stop = words.findIndex((word) => isStopWord(word.lower));
  if (stop >= 0) {
    if (stop > 0) judgeNameWords(context, words.slice(0, stop), { cue, weakCue, titled });
    judge(context, words.slice(stop + 1));
    return;
  }
  judgeNameWords(context, words, { cue, weakCue, titled });
}

interface Cues {
  cue: boolean;
  weakCue: boolean;
  titled: boolean;
}

function known(wordClass: WordClass | undefined): boolean {
  return wordClass === 'given' || wordClass === 'surname' || wordClass === 'weak' || wordClass === 'surnameLike';
}

function judgeNameWords(context: ScanContext, candidate: NameWord[], { cue, weakCue, titled }: Cues): void {
  let words = candidate;
  let classes = words.map(classOf);
  // `Ask John Smith`: an unknown word before the given name is a verb or a sentence start.
  const firstGiven = classes.findIndex((wordClass) => wordClass === 'given' || wordClass === 'weak');
  if (!cue && firstGiven > 0 && classes.slice(0, firstGiven).every((wordClass) => wordClass === 'unknown')) {
    words = words.slice(firstGiven);
    classes = classes.slice(firstGiven);
  }
  if (words.length === 0) return;
  if (words.length > MAX_NAME_WORDS) {
    // A title-cased heading: only a known given name followed by a known surname counts.
    for (let index = 0; index + 1 < words.length; index++) {
      if (classes[index] === 'given' && classes[index + 1] === 'surname') record(context, words.slice(index, index + 2), 0.75);
    }
    return;
  }
  const first = classes[0];
  const rest = classes.slice(1);
  if (cue) {
    if (classes.every((wordClass) => wordClass === 'initial')) return;
    record(context, words, titled ? 0.85 : 0.8);
    return;
  }
  if (weakCue && classes.some(known)) {
    record(context, words, 0.8);
    return;
  }
  if (words.length === 1) {
    if (first === 'given') record(context, words, 0.65);
    return;
  }
  if (classes[classes.length - 1] === 'initial') {
    // `Maria J`: a trailing capital letter is a sentence going on, not a name part.
    judgeNameWords(context, words.slice(0, -1), { cue, weakCue, titled });
    return;
  }
  if (first !== 'given' && first !== 'weak' && words.length <= 3 && classes.every((wordClass) => wordClass !== 'weak') && PERSON_VERB_AFTER.test(context.text.slice((words[words.length - 1] as NameWord).end, (words[words.length - 1] as NameWord).end + 16))) {
    // `… Okafor Eze said`: two or three capitalised words doing something only people do.
    record(context, words, 0.6);
    return;
  }
  if (first === 'given') record(context, words, rest.some(known) ? 0.85 : 0.75);
  else if (first === 'weak') record(context, words, rest.some((wordClass) => wordClass === 'surname' || wordClass === 'given' || wordClass === 'surnameLike') ? 0.75 : 0.5);
  else if (first === 'surname' && rest.some((wordClass) => wordClass === 'given')) record(context, words, 0.7);
  else if (first === 'unknown' && classes[classes.length - 1] === 'surname' && !startsSentence(context.text, (words[0] as NameWord).start)) record(context, words, 0.6);
  else if (first === 'surname' && rest.every((wordClass) => wordClass === 'surname') && !startsSentence(context.text, (words[0] as NameWord).start)) record(context, words, 0.55);
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
