/**
 * Stream-aware unmasking. Model output arrives in pieces, and a placeholder can be split between
 * them (`… [EMA` + `IL_1] …`): an unfinished `[…` that could still become one of the vault's
 * placeholders is held back until the next piece completes it or the text ends.
 */
import type { OutputFilter, TextFilter } from '../spec/output-filter.ts';

export type { OutputFilter, TextFilter } from '../spec/output-filter.ts';

/** What the filter needs from a vault. */
export interface Unmasker {
  unmask(text: string): string;
  couldComplete(suffix: string): boolean;
}

/** One text filter per choice; each holds back at most one unfinished placeholder. */
export function createUnmaskFilter(vault: Unmasker): OutputFilter {
  return {
    name: 'pii-unmask',
    open(): TextFilter {
      let held = '';
      return {
        push(text) {
          const combined = held + text;
          const open = combined.lastIndexOf('[');
          const cut = open >= 0 && combined.indexOf(']', open) < 0 && vault.couldComplete(combined.slice(open)) ? open : combined.length;
          held = combined.slice(cut);
          return vault.unmask(combined.slice(0, cut));
        },
        end() {
          const rest = held;
          held = '';
          return vault.unmask(rest);
        },
      };
    },
  };
}
