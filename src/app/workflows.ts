/** The workflows this app registers, in the page and in every worker. */
import { builtinWorkflows } from '../workflows';
import { byteHistogramWorkflow } from '../workflows/examples/byte-histogram';

export const appWorkflows = [...builtinWorkflows, byteHistogramWorkflow];
