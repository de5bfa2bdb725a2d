/**
 * ADDRESS by context, for addresses without a house-number-and-street-word shape the main rule
 * anchors on: US military addresses (`PSC 1234, Box 5678 / APO AE 09021`), street corners (`the
 * corner of Main Street and 5th Avenue`) and the value of an address field or phrase (`address:
 * 12 oak st apt 4, springfield`, `"shipping_address": "…"`, `my address is …`), in any case.
 */
import { STREET_TYPES } from '../gazetteer/words.ts';
import { markerAtOrAfter } from '../markers.ts';
import { foldAccents } from '../text.ts';
import type { ScanContext } from '../types.ts';

const MILITARY = /(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|(?:USNS|USNV|USS|USCGC)[ \t]+\p{L}[\p{L} ]{1,30})[ \t]*(?:\r?\n|,)?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?:-\d{4})?/giu;
export function scanMilitaryAddresses({ text, add, markers }: ScanContext): void {
  if (markers().poA.length === 0) return;
  MILITARY.lastIndex = 0;
  for (let match = MILITARY.exec(text); match; match = MILITARY.exec(text)) add('ADDRESS', match.index, match.index + match[0].length, 0.9);
}

/** One side of a corner: up to five words (names, numbers, street types, `St.`) before `and`, `&` or the end of the clause. */
const CORNER_SIDE = /(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.-]*[ \t]+){0,4}[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*\.?/uy;
const CORNER_AND = /[ \t]+(?:and|&)[ \t]+/y;
const ARTICLES = new Set(['the', 'a', 'an', 'this', 'that', 'my', 'your', 'our', 'his', 'her', 'their', 'its']);

function sideLooksLikeStreet(side: string): boolean {
  const words = side.split(/[ \t]+/);
  if (ARTICLES.has((words[0] as string).toLowerCase())) return false;
  return /\d/.test(side) || words.some((word) => STREET_TYPES.has(foldAccents(word.replace(/\.$/, '').toLowerCase())));
}

function sideEnd(text: string, from: number, stopAtAnd: boolean): number {
  CORNER_SIDE.lastIndex = from;
  const match = CORNER_SIDE.exec(text);
  if (!match) return -1;
  let end = from + match[0].length;
  if (stopAtAnd) {
    const and = /[ \t]+(?:and|&)[ \t]+/.exec(match[0]);
    if (and) end = from + and.index;
  }
  return end;
}

/** `the corner of Main Street and 5th Avenue`: both streets, the phrase included. */
export function scanStreetCorners(context: ScanContext): void {
  const { text, add } = context;
  const lower = context.lower();
  const { cornerOf } = context.markers();
  for (let index = markerAtOrAfter(cornerOf, 0); index >= 0; index = markerAtOrAfter(cornerOf, index + 10)) {
    const first = index + 10;
    const firstEnd = sideEnd(text, first, true);
    if (firstEnd < 0) continue;
    CORNER_AND.lastIndex = firstEnd;
    if (!CORNER_AND.exec(text)) continue;
    const second = CORNER_AND.lastIndex;
    const secondEnd = sideEnd(text, second, false);
    if (secondEnd < 0) continue;
    if (!sideLooksLikeStreet(text.slice(first, firstEnd)) || !sideLooksLikeStreet(text.slice(second, secondEnd))) continue;
    let end = secondEnd;
    // A full stop after a long word ends the sentence; after `St` it abbreviates.
    if (text[end - 1] === '.' && !/(?:^|[ \t])[\p{L}]{1,4}\.$/u.test(text.slice(second, end))) end--;
    const start = lower.startsWith('the ', index - 4) ? index - 4 : index;
    add('ADDRESS', start, end, 0.75);
  }
}

/** Keys whose value is a postal address; `ip address`, `email address`, `mac address` are not. */
const ADDRESS_KEY = /(?:^|[^a-z])(?:(?:home|street|mailing|postal|shipping|billing|delivery|residential|physical|current|permanent|office|business|my|your|his|her|their|new|old)[ _-]?)?address(?:[ _-]?(?:line)?[ _-]?[12])?["']?[ \t]*(?::|=|\bis\b)[ \t]*$/i;
const NOT_POSTAL = /(?:ip|e-?mail|mac|wallet|web|memory|bitcoin|ethereum|btc|eth|server|network|return|reply|forwarding)[ _-]?address/i;

/** The address given after an address label or phrase: the rest of the line, or the next lines when the label ends its line. */
function fieldValue(text: string, from: number): { start: number; end: number } | undefined {
  let start = from;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    const close = text.slice(start + 1, start + 200).indexOf(quote) + start + 1;
    return close > start + 1 ? { start: start + 1, end: close } : undefined;
  }
  let end: number;
  if (text[start] === '\n' || (text[start] === '\r' && text[start + 1] === '\n')) {
    // `Address:` on its own line: the block below it, up to a blank line (four lines at most).
    start = start + (text[start] === '\r' ? 2 : 1);
    while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
    const block = /^(?:[ \t]*[^\s][^\n]*(?:\n|$)){1,4}/.exec(text.slice(start, start + 300))?.[0] ?? '';
    end = start + block.replace(/\s+$/, '').length;
  } else {
    const line = /^[^\n\r]{1,160}/.exec(text.slice(start, start + 160))?.[0] ?? '';
    // In prose the address ends with the sentence.
    const sentence = /[.?!](?=[ \t]+\p{Lu})|[?!]|[.]$/u.exec(line);
    end = start + (sentence ? sentence.index : line.length);
  }
  while (end > start && /[\s.,;]/.test(text[end - 1] as string)) end--;
  return end > start ? { start, end } : undefined;
}

function looksLikeAddressValue(value: string): boolean {
  if (/@|:\/\/|^\d{1,3}(?:\.\d{1,3}){3}$|^[0-9a-f:]+$/i.test(value)) return false;
  const words = value.split(/[\s,]+/).filter(Boolean);
  return words.length >= 2 && words.length <= 24 && /\d/.test(value) && /\p{L}{2}/u.test(value);
}

/** `address: 12 oak st apt 4, springfield`, `"shipping_address": "…"`, `my address is …`. */
export function scanAddressFields(context: ScanContext): void {
  const { text, add } = context;
  const lower = context.lower();
  const { address } = context.markers();
  for (let index = markerAtOrAfter(address, 0); index >= 0; index = markerAtOrAfter(address, index + 7)) {
    let labelEnd = index + 7;
    while (labelEnd < text.length && labelEnd - index < 24 && /[\w"' \t-]/.test(text[labelEnd] as string) && !/[:=]/.test(text[labelEnd] as string)) {
      if (lower.startsWith(' is ', labelEnd)) {
        labelEnd += 3;
        break;
      }
      labelEnd++;
    }
    if (text[labelEnd] === ':' || text[labelEnd] === '=') labelEnd++;
    const label = text.slice(Math.max(0, index - 24), labelEnd);
    if (!ADDRESS_KEY.test(label) || NOT_POSTAL.test(label)) continue;
    const value = fieldValue(text, labelEnd);
    if (!value || !looksLikeAddressValue(text.slice(value.start, value.end))) continue;
    // Above the street rule's scores: the label says where the whole address starts and ends.
    add('ADDRESS', value.start, value.end, 0.86);
    index = value.end - 7;
  }
}
