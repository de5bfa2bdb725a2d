/**
 * One labeled example of the edge classifier's own corpus. Heads an example says nothing about
 * are left out (an attack has no difficulty, a long document may have no task) and masked in the loss.
 */
import { z } from 'zod';

export const TASK_LABELS = ['chat', 'qa', 'code', 'math', 'summarize', 'translate', 'extract', 'creative', 'classify', 'rewrite', 'plan'] as const;
export type TaskLabel = (typeof TASK_LABELS)[number];

export const CorpusExample = z.strictObject({
  text: z.string().min(1),
  injection: z.enum(['benign', 'attack']).optional(),
  difficulty: z.enum(['simple', 'complex']).optional(),
  task: z.enum(TASK_LABELS).optional(),
  /** Generator that wrote it (coverage reports and stratified splits). */
  source: z.string().min(1),
  /** Template or seed it came from: variants of one group always land in the same split. */
  group: z.string().min(1),
  split: z.enum(['train', 'dev']).optional(),
});
export type CorpusExample = z.infer<typeof CorpusExample>;

export type Labels = Pick<CorpusExample, 'injection' | 'difficulty' | 'task'>;
