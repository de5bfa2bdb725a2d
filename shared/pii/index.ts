/**
 * PII detection and reversible masking, portable (Node and workerd).
 *
 * @example
 * const vault = new PiiVault()
 * const masked = vault.mask('Mail jane@example.com') // 'Mail [EMAIL_1]'
 * vault.unmask('Sent to [EMAIL_1]')                   // 'Sent to jane@example.com'
 */
import type { DetectPiiOptions, PiiSpan } from './types.ts';
import { PiiVault } from './vault.ts';

export { DEFAULT_PHONE_REGIONS, detectPii } from './detect.ts';
export { DEFAULT_POLICY, keyPolicy, tightenPolicy } from './policy.ts';
export { PII_TYPES, type DetectPiiOptions, type PiiSpan, type PiiType } from './types.ts';
export { createUnmaskFilter, type OutputFilter, type TextFilter, type Unmasker } from './unmask-filter.ts';
export { PiiVault, type MaskResult } from './vault.ts';

/** What /v1/guard reports for one text: the findings and the text as the model would see it. */
export interface PiiScan {
  pii: PiiSpan[];
  masked: string;
}

/**
 * The scanner /v1/guard uses (`createEdgeApp({ pii: createPiiScanner() })`): each text gets its
 * own vault, so placeholders are numbered per text.
 *
 * @param options scanner options (types, minimum score, phone regions)
 */
export function createPiiScanner(options: DetectPiiOptions = {}): { scan(text: string): PiiScan } {
  return {
    scan(text) {
      const { masked, spans } = new PiiVault(options).maskDetailed(text);
      return { pii: spans, masked };
    },
  };
}
