/**
 * The literal words several rules start from (`address`, `name`, `://`, `-----BEGIN`, ...), found
 * in one pass over the lower-cased text instead of one indexOf pass each: one regex over ten
 * literals costs about a third of ten separate searches.
 */

/** Every position of each literal in the lower-cased text, ascending. Case-sensitive rules check the original text. */
export interface Markers {
  poA: number[];
  cornerOf: number[];
  address: number[];
  name: number[];
  begin: number[];
  slackHook: number[];
  mailchimpSuffix: number[];
  telegramColon: number[];
  accountKey: number[];
  scheme: number[];
}

type MarkerName = keyof Markers;

const LITERALS: Record<string, MarkerName> = {
  'po a': 'poA',
  'corner of ': 'cornerOf',
  'address': 'address',
  'name': 'name',
  '-----begin': 'begin',
  'hooks.slack.com/services/': 'slackHook',
  '-us': 'mailchimpSuffix',
  ':aa': 'telegramColon',
  'accountkey=': 'accountKey',
  '://': 'scheme',
};

// No two literals can match at the same position, and none overlaps itself, so restarting one
// character after each match finds every occurrence of every literal.
const MARKER = new RegExp(
  Object.keys(LITERALS)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);

/** Every marker in `lower` (a lower-cased text). */
export function findMarkers(lower: string): Markers {
  const markers: Markers = { poA: [], cornerOf: [], address: [], name: [], begin: [], slackHook: [], mailchimpSuffix: [], telegramColon: [], accountKey: [], scheme: [] };
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(lower); match; match = MARKER.exec(lower)) {
    markers[LITERALS[match[0]] as MarkerName].push(match.index);
    MARKER.lastIndex = match.index + 1;
  }
  return markers;
}

/** The first position at or after `from`, or -1: what `text.indexOf(literal, from)` returns. */
export function markerAtOrAfter(positions: readonly number[], from: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((positions[middle] as number) < from) low = middle + 1;
    else high = middle;
  }
  return low < positions.length ? (positions[low] as number) : -1;
}

/** The positions where `text` holds `literal` exactly (the markers were found case-insensitively). */
export function exactMarkers(text: string, positions: readonly number[], literal: string): number[] {
  return positions.filter((position) => text.startsWith(literal, position));
}
