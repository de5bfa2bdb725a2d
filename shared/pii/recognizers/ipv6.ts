/** IP_ADDRESS (v6): grown outwards from each `:`, then parsed (8 groups, or fewer with one `::`). */
import { isBoundaryAt } from '../text.ts';
import type { Recognizer } from '../types.ts';

const MAX_TOKEN = 64;
const IPV4_TAIL = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isTokenCode(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102) || code === 46;
}

export function isIpv6(token: string): boolean {
  // Without `::` only eight groups (or seven ending in an IPv4 tail) can pass: most tokens here are
  // times (`12:30:45`), rejected by counting colons before any split.
  if (!token.includes('::')) {
    let groups = 1;
    for (let index = 0; index < token.length; index++) if (token.charCodeAt(index) === 58) groups++;
    if (groups !== 8 && !(groups === 7 && token.includes('.'))) return false;
  }
  const halves = token.split('::');
  if (halves.length > 2) return false;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] as string).split(':') : [];
  const all = [...head, ...tail];
  let count = 0;
  for (const [index, group] of all.entries()) {
    if (index === all.length - 1 && group.includes('.')) {
      if (!IPV4_TAIL.test(group)) return false;
      count += 2;
    } else if (GROUP.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const ipv6Recognizer: Recognizer = {
  types: ['IP_ADDRESS'],
  scan({ text, add }) {
    let colon = text.indexOf(':');
    while (colon >= 0) {
      let start = colon;
      while (start > 0 && colon - start < MAX_TOKEN && isTokenCode(text.charCodeAt(start - 1))) start--;
      let end = colon + 1;
      let colons = 1;
      while (end < text.length && end - start < MAX_TOKEN && isTokenCode(text.charCodeAt(end))) {
        if (text.charCodeAt(end) === 58) colons++;
        end++;
      }
      for (let index = start; index < colon; index++) if (text.charCodeAt(index) === 58) colons++;
      // Every IPv6 address has two to eight colons and at most 45 characters; `key: value` and `12:30` have one.
      if (colons < 2 || colons > 8 || end - start > 45) {
        colon = text.indexOf(':', Math.max(colon + 1, end));
        continue;
      }
      // A trailing dot or colon ends the sentence or a `host:` label.
      while (end > colon + 1 && (text.charCodeAt(end - 1) === 46 || (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58))) end--;
      let zoneEnd = end;
      if (text.charCodeAt(end) === 37) {
        zoneEnd = end + 1;
        while (zoneEnd < text.length && zoneEnd - end < 16 && /[A-Za-z0-9]/.test(text[zoneEnd] as string)) zoneEnd++;
      }
      const token = text.slice(start, end);
      // A bare `::` is the unspecified address only where the words say it is an address.
      // Without a digit (`a::b`, `dead::beef`) it reads as code, not an address.
      const accepted = isIpv6(token) && (/\d/.test(token) || token === '::') && (token !== '::' || /(?:ipv6|address|\bip|src|dst|bind|listen|host)\W{0,3}\S{0,8}\W{0,3}$/i.test(text.slice(Math.max(0, start - 24), start)));
      if (isBoundaryAt(text, start - 1) && isBoundaryAt(text, zoneEnd) && accepted) {
        const prefix = /^\/(\d{1,3})(?!\d)/.exec(text.slice(zoneEnd, zoneEnd + 5));
        const spanEnd = prefix && Number(prefix[1]) <= 128 ? zoneEnd + prefix[0].length : zoneEnd;
        add('IP_ADDRESS', start, spanEnd, 0.9);
        colon = text.indexOf(':', spanEnd);
      } else {
        colon = text.indexOf(':', Math.max(colon + 1, end));
      }
    }
  },
};
