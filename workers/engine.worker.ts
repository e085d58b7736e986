// The step host worker: the built-in workflows and the documented example, served over comlink.
import { serveWorkflows } from '../src/engine/worker-main';
import { appWorkflows } from '../src/app/workflows';

serveWorkflows(appWorkflows);
