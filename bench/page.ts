/** Exposes the bare baselines to the benchmark driver (bench/run.mjs) as `window.bench`. */
import { wrap } from 'comlink';
import type { BareApi } from './bare-worker';

const worker = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });
(globalThis as unknown as { bench: unknown }).bench = wrap<BareApi>(worker);

import { checkpointLatency } from './checkpoint-latency';
(globalThis as unknown as { checkpointLatency: unknown }).checkpointLatency = checkpointLatency;
