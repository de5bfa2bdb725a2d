/**
 * Keeps the model's output as the model produced it, for the audit trail. It is the first output
 * filter of a request, so it sees placeholders before the PII check's unmask filter puts values
 * back; it passes text through unchanged.
 */
import type { OutputFilter, TextFilter } from '../context.ts';

export interface OutputRecorder {
  filter: OutputFilter;
  /** Every choice's text so far (up to `limit` characters each), choices separated by a blank line; undefined when nothing was recorded. */
  text(): string | undefined;
}

const PASS_THROUGH: TextFilter = { push: (text) => text, end: () => '' };

/**
 * @param limit characters kept per choice (the audit masks and cuts them later)
 * @param wanted asked when a choice opens, i.e. once the caller is known; false records nothing
 */
export function createOutputRecorder(limit: number, wanted: () => boolean): OutputRecorder {
  const choices: string[] = [];
  return {
    filter: {
      name: 'audit-output',
      open() {
        if (!wanted()) return PASS_THROUGH;
        const index = choices.push('') - 1;
        return {
          push(text) {
            const kept = choices[index] ?? '';
            if (kept.length < limit) choices[index] = kept + text.slice(0, limit - kept.length);
            return text;
          },
          end: () => '',
        };
      },
    },
    text: () => (choices.length === 0 ? undefined : choices.join('\n\n')),
  };
}
