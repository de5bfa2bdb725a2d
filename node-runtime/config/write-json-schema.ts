/** Writes switchyard.config.schema.json from the zod schema (`npm run config:schema`). */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { SwitchyardConfig } from '../../shared/config/schema.ts';

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(SwitchyardConfig, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Switchyard config' }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('switchyard.config.schema.json', configJsonSchema());
  console.log('wrote switchyard.config.schema.json');
}
