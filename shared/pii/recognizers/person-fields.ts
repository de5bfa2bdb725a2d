/**
 * PERSON by field: the value of a name field in data (`"first_name": "maria"`, `last_name=Lopez`,
 * `<surname>Okafor</surname>`) and a name given in prose after a naming phrase (`my name is
 * maria lopez`, `her maiden name is nyberg`, `call me jo`), whatever its case: people type names in
 * lower case, and the field or phrase says what the words are.
 */
import { NOT_NAME_WORDS } from '../gazetteer/words.ts';
import { markerAtOrAfter } from '../markers.ts';
import type { ScanContext } from '../types.ts';

/** Keys whose value is a person's name (compared without `_`, `-`, `.` and case). */
const NAME_KEYS = new Set([
  'firstname', 'lastname', 'surname', 'givenname', 'familyname', 'fullname', 'middlename', 'maidenname', 'displayname', 'contactname', 'customername',
  'patientname', 'employeename', 'cardholdername', 'accountholdername', 'authorname', 'sendername', 'recipientname', 'billingname', 'shippingname',
  'nameoncard', 'fname', 'lname', 'vorname', 'nachname',
]);
/** Words right before `name` that make `… name is X` a person's name. */
const NAMING_WORDS = new Set(['my', 'your', 'his', 'her', 'their', 'maiden', 'first', 'last', 'full', 'given', 'family', 'middle', "mother's", "father's", 'real', 'legal', "user's", "customer's", "patient's"]);

const KEY_CODE = /[\p{L}_.-]/u;
const VALUE_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’-]*\.?$/u;
const MAX_VALUE_WORDS = 4;

function isKeyCharacter(character: string | undefined): boolean {
  return character !== undefined && KEY_CODE.test(character);
}

/** The name words at the start of `raw`: letters only, no stop word, at most four. */
function nameWords(raw: string, whole: boolean): string | undefined {
  const words = raw.trim().split(/[ \t]+/);
  const kept: string[] = [];
  for (const word of words) {
    const bare = word.replace(/[.,;!?]+$/, '');
    if (!VALUE_WORD.test(word.replace(/[,;!?]+$/, '')) || NOT_NAME_WORDS.has(bare.toLowerCase()) || bare.length === 0) break;
    kept.push(word);
    if (kept.length === MAX_VALUE_WORDS || bare !== word) break;
  }
  if (kept.length === 0 || (whole && kept.length !== words.length)) return undefined;
  const value = kept.join(' ').replace(/[.,;!?]+$/, '');
  return value.length >= 2 ? value : undefined;
}

/** `"first_name": "maria"`, `surname = Okafor`, `<lastName>Lopez</lastName>`. */
function fieldValue(text: string, keyEnd: number): { start: number; value: string } | undefined {
  let cursor = keyEnd;
  if (text[cursor] === '"' || text[cursor] === "'") cursor++;
  const operator = /^[ \t]*(?:=>|[:=>])[ \t]*/.exec(text.slice(cursor, cursor + 12));
  if (!operator) return undefined;
  cursor += operator[0].length;
  const quote = text[cursor];
  if (quote === '"' || quote === "'") {
    const close = text.slice(cursor + 1, cursor + 81).indexOf(quote) + cursor + 1;
    if (close <= cursor) return undefined;
    const value = nameWords(text.slice(cursor + 1, close), true);
    return value ? { start: cursor + 1, value } : undefined;
  }
  const line = /^[^\n\r,;&<}\]]{1,80}/.exec(text.slice(cursor, cursor + 80))?.[0];
  const value = line ? nameWords(line, true) : undefined;
  return value ? { start: cursor, value } : undefined;
}

/** `my name is maria lopez`, `her maiden name is nyberg`, `surname: okafor`. */
function phraseValue(text: string, nameStart: number, nameEnd: number): { start: number; value: string } | undefined {
  const before = /([\p{L}']+)[ \t]+$/u.exec(text.slice(Math.max(0, nameStart - 16), nameStart))?.[1]?.toLowerCase();
  if (!before || !NAMING_WORDS.has(before)) return undefined;
  const link = /^(?:[ \t]+is[ \t]+|'s[ \t]+|:[ \t]*)/.exec(text.slice(nameEnd, nameEnd + 8));
  if (!link) return undefined;
  const start = nameEnd + link[0].length;
  const line = /^[^\n\r]{1,80}/.exec(text.slice(start, start + 80))?.[0];
  const value = line ? nameWords(line, false) : undefined;
  return value ? { start, value } : undefined;
}

/** Records names given by a field or a naming phrase; the caller has checked that PERSON is wanted. */
export function scanNameFields(context: ScanContext): void {
  const { text, add } = context;
  const lower = context.lower();
  const { name } = context.markers();
  for (let index = markerAtOrAfter(name, 0); index >= 0; index = markerAtOrAfter(name, index + 4)) {
    let keyStart = index;
    while (keyStart > 0 && index - keyStart < 24 && isKeyCharacter(lower[keyStart - 1])) keyStart--;
    let keyEnd = index + 4;
    while (keyEnd < lower.length && keyEnd - index < 24 && isKeyCharacter(lower[keyEnd])) keyEnd++;
    const key = lower.slice(keyStart, keyEnd).replace(/[_.-]/g, '');
    const found = NAME_KEYS.has(key) ? fieldValue(text, keyEnd) : key === 'name' ? phraseValue(text, keyStart, keyEnd) : undefined;
    if (found) add('PERSON', found.start, found.start + found.value.length, 0.8);
  }
}
