// Entry of every model worker thread: the TypeScript loader is per thread, so register it here
// before importing the worker module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
