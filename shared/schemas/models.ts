import { z } from 'zod';

export const ModelObject = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.int(),
  owned_by: z.string(),
});
export type ModelObject = z.infer<typeof ModelObject>;

export const ModelsList = z.object({ object: z.literal('list'), data: z.array(ModelObject) });
export type ModelsList = z.infer<typeof ModelsList>;
