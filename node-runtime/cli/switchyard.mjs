#!/usr/bin/env node
// Entry for `npx switchyard`: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
