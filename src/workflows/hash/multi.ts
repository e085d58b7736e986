/**
 * Several digests in one read of the input: one hasher per algorithm, fed the same pieces.
 */
import { WaymarkError } from '../../engine/errors';
import { defineWorkflow, type FoldStep } from '../../engine/workflow';
import {
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type IHasher,
  createHasher,
  parseAlgorithm,
  restoreHasher,
} from './algorithms';
import type { HashResult } from './single';

export interface MultiHashParams {
  /** Algorithm names as in HASH_ALGORITHMS (spelling is forgiving: "sha256" works). */
  algorithms: string[];
}

export interface MultiHashResult {
  digests: HashResult[];
}

/** The algorithms of validated params, in the order given. */
function algorithmsOf(params: MultiHashParams): HashAlgorithm[] {
  return params.algorithms.map((a) => parseAlgorithm(a) ?? 'SHA-256');
}

function validate(params: MultiHashParams): MultiHashParams {
  if (!Array.isArray(params.algorithms) || params.algorithms.length === 0)
    throw new WaymarkError('invalid-params', { detail: 'choose at least one digest algorithm' });
  const chosen: HashAlgorithm[] = [];
  for (const name of params.algorithms) {
    const a = typeof name === 'string' ? parseAlgorithm(name) : undefined;
    if (!a)
      throw new WaymarkError('invalid-params', {
        detail: `unknown digest algorithm "${String(name)}" (known: ${HASH_ALGORITHMS.join(', ')})`,
      });
    if (!chosen.includes(a)) chosen.push(a);
  }
  return { ...params, algorithms: chosen };
}

const step: FoldStep<MultiHashParams, IHasher[], MultiHashResult, Uint8Array[]> = {
  kind: 'fold',
  id: 'hash',
  init: (params) => Promise.all(algorithmsOf(params).map(createHasher)),
  update: (hashers, bytes) => {
    for (const h of hashers) h.update(bytes);
    return hashers;
  },
  finish: (hashers, ctx) => {
    const algorithms = algorithmsOf(ctx.params);
    return { digests: hashers.map((h, i) => ({ algorithm: algorithms[i], hex: h.digest('hex') })) };
  },
  save: (hashers) => hashers.map((h) => h.save()),
  load: (states, params) => {
    const algorithms = algorithmsOf(params);
    if (states.length !== algorithms.length)
      throw new WaymarkError('incompatible-checkpoint', {
        saved: `${states.length} digests`,
        current: `${algorithms.length} digests`,
      });
    return Promise.all(states.map((s, i) => restoreHasher(algorithms[i], s)));
  },
};

export const multiHashWorkflow = defineWorkflow<MultiHashParams, MultiHashResult>({
  id: 'multi-hash',
  version: 1,
  label: 'Several digests',
  description: 'Several digests of the file in one read.',
  group: 'Verify',
  order: 80,
  params: {
    defaults: { algorithms: ['SHA-256', 'MD5', 'SHA-1'] },
    fields: [
      {
        kind: 'multi',
        key: 'algorithms',
        label: 'Algorithms',
        options: HASH_ALGORITHMS.map((a) => ({ value: a, label: a })),
        min: 1,
        required: 'Choose at least one algorithm.',
      },
    ],
    validate,
  },
  steps: [step],
  resultView: 'digests',
  summarize: (r) => r.digests.map((d) => `${d.algorithm} ${d.hex}`).join('; '),
});
