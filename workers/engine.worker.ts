// The step host worker: the registry's workflows, served over comlink, with a nested worker to
// read each fold's input ahead.
import { serveWorkflows } from '../src/engine/worker-main';
import { builtinWorkflows } from '../src/workflows';

serveWorkflows(builtinWorkflows, {
  readAhead: () =>
    new Worker(new URL('./read-ahead.worker.ts', import.meta.url), {
      type: 'module',
      name: 'waymark-read-ahead',
    }),
});
