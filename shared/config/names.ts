/** Name formats shared by the config schemas. */
import { z } from 'zod';

export const Id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
export const ModelName = z.string().min(1).max(256);
