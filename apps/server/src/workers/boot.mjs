// Runs a worker task from TypeScript source (development and tests): registers tsx in this
// thread, then loads the task. The production build bundles each task to JavaScript instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
