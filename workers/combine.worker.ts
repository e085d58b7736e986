// The combiner worker: map steps' chunk results combined in chunk order, off the page's main
// thread (src/engine/combine-host.ts).
import { serveCombiner } from '../src/engine/combine-host';
import { builtinWorkflows } from '../src/workflows';

serveCombiner(builtinWorkflows);
