// Worker-thread entry that loads a TypeScript module through tsx: workers on Node 20 do not inherit
// the main thread's loader hooks. `workerData.script` is the module URL to run.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.script);
