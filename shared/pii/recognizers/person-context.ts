/**
 * The words around a capitalised run that tell whether it names a person: cues before it (`Dear`,
 * `my name is`, `says`, `ask`), lists it stands in (`Ana, Luis and Marta`), and what follows it
 * (`& Sons`, `, Inc.`).
 */

/** How much a cue proves: any capitalised word is a name, a known name word suffices, or a given name is needed. */
export type CueKind = 'strong' | 'person' | 'weak';

/** After these, any capitalised word is a name (matched on the last one to three words before it). */
const STRONG_CUES = new Set([
  'dear', 'hi', 'hello', 'hey', 'my name is', 'name is', "name's", 'name', 'call me', 'calls me', 'signed', 'sincerely', 'regards', 'thanks',
  'contact person', 'patient', 'employee', 'written by', 'sent by', 'signed by', 'attn', 'applicant', 'cardholder', 'account holder',
  'last name', 'first name', 'surname', 'full name', 'given name', 'family name', 'maiden name', 'name on the account', 'name on the card',
  'says', 'said', 'according to', 'mr', 'mrs', 'ms', 'dr', 'prof', 'my son', 'my daughter', 'my kid', 'my child', 'my wife', 'my husband',
  'my mother', 'my father', 'my mom', 'my dad', 'my brother', 'my sister', 'my friend', 'my colleague', 'my boss', 'my manager', 'my partner',
  'my grandmother', 'my grandfather', 'my aunt', 'my uncle', 'my cousin', 'my neighbour', 'my neighbor', 'my client', 'my tenant', 'my landlord',
  'speak to', 'speak with', 'talk to', 'talk with', 'spoke to', 'spoke with', 'talked to', 'starring', 'featuring', 'directed by',
]);
/** People-only verbs and fields: a known surname or given name after them is a person. */
const PERSON_CUES = new Set(['named', 'called', 'cc', 'with', 'by', 'ask', 'tell', 'meet', 'met', 'contact', 'email', 'call', 'author', 'thank', 'congratulate', 'invite', 'hire', 'hired', 'introduce']);
/** Words that also precede places and products (`from Poland`, `this is Python`): the run needs a given name. */
const WEAK_CUES = new Set(['i am', "i'm", 'this is', "it's", 'customer', 'from', 'to', 'and', 'for']);

/** The last word of every cue phrase: a cheap first test before the phrase itself is read. */
const CUE_LAST_WORDS = new Set([...STRONG_CUES, ...PERSON_CUES, ...WEAK_CUES].map((phrase) => phrase.split(' ').pop() as string));

/** The lower-cased word that ends right before `index` (skipping spaces and `,:.?`), or ''. */
function wordBefore(text: string, index: number): string {
  let end = index;
  while (end > 0 && index - end < 6) {
    const code = text.charCodeAt(end - 1);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 44 && code !== 58 && code !== 46 && code !== 63) break;
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

/** After a full stop only these cues still reach the next word: a signature, a title, a name question. */
const ACROSS_SENTENCE = /(?:(?:regards|sincerely|thanks|name)[,:]?|name\?|(?:mr|mrs|ms|dr|prof)\.)\s*$/;

/** The strongest cue among the last one to three words before `index` on the same line. */
export function cueBefore(text: string, index: number): CueKind | undefined {
  if (!CUE_LAST_WORDS.has(wordBefore(text, index))) return undefined;
  const preceding = text.slice(Math.max(0, index - 32), index).toLowerCase();
  if (/\n\s*\n|[.!?]\s*$/.test(preceding) && !ACROSS_SENTENCE.test(preceding)) return undefined;
  const words = preceding.split(/[^\p{L}']+/u).filter(Boolean);
  let found: CueKind | undefined;
  for (let count = 1; count <= 3 && count <= words.length; count++) {
    const phrase = words.slice(-count).join(' ');
    if (STRONG_CUES.has(phrase)) return 'strong';
    if (PERSON_CUES.has(phrase)) found = 'person';
    else if (WEAK_CUES.has(phrase) && found === undefined) found = 'weak';
  }
  return found;
}

/** `Lopez & Sons`, `Hale, Inc.`, `Brandt GmbH`: a firm named after people. */
const FIRM_AFTER = /^(?:,?[ \t]+(?:&|and)[ \t]+(?:Sons|Son|Co|Company|Associates|Partners|Brothers|Daughters)\b|,?[ \t]+(?:Inc|LLC|L\.L\.C|Ltd|Corp|GmbH|PLC|LLP|AG|S\.A|SA|BV|Pty|Co)\b)/;

export function firmAfter(text: string, end: number): boolean {
  const next = text.charCodeAt(end);
  if (next !== 44 && next !== 32 && next !== 9) return false;
  return FIRM_AFTER.test(text.slice(end, end + 20));
}

/** One item of a list written `A, B, C and D`. */
export interface ListItem {
  start: number;
  end: number;
  lower: string;
}

const LIST_SEPARATOR_AFTER = /^(?:,[ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)/;
const LIST_SEPARATOR_BEFORE = /(?:,[ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)$/;
const ITEM_AFTER = /^\p{Lu}[\p{Ll}\p{M}'’-]+(?![\p{L}\p{M}])/u;
const ITEM_BEFORE = /(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}'’-]+$/u;
const MAX_ITEMS = 10;

/**
 * The one-word capitalised items of the list that `text[start, end)` stands in, itself included,
 * in order; a word outside any list gives just itself.
 */
export function listAround(text: string, start: number, end: number): ListItem[] {
  const items: ListItem[] = [{ start, end, lower: text.slice(start, end).toLowerCase() }];
  let cursor = start;
  while (items.length < MAX_ITEMS) {
    const separator = LIST_SEPARATOR_BEFORE.exec(text.slice(Math.max(0, cursor - 8), cursor));
    if (!separator) break;
    const itemEnd = cursor - separator[0].length;
    const item = ITEM_BEFORE.exec(text.slice(Math.max(0, itemEnd - 24), itemEnd));
    if (!item) break;
    items.unshift({ start: itemEnd - item[0].length, end: itemEnd, lower: item[0].toLowerCase() });
    cursor = itemEnd - item[0].length;
  }
  cursor = end;
  while (items.length < MAX_ITEMS) {
    const separator = LIST_SEPARATOR_AFTER.exec(text.slice(cursor, cursor + 8));
    if (!separator) break;
    const itemStart = cursor + separator[0].length;
    const item = ITEM_AFTER.exec(text.slice(itemStart, itemStart + 24));
    if (!item) break;
    items.push({ start: itemStart, end: itemStart + item[0].length, lower: item[0].toLowerCase() });
    cursor = itemStart + item[0].length;
  }
  return items;
}
