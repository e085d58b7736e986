// The step host worker: the registry's workflows, served over comlink.
import { serveWorkflows } from '../src/engine/worker-main';
import { builtinWorkflows } from '../src/workflows';

serveWorkflows(builtinWorkflows);
