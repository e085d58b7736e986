/**
 * Type tests of the public workflow API (run by vitest's typecheck and by `npm run check`):
 * what defineWorkflow infers, what fields may name, and that every workflow fits a registry
 * without `any`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  defineWorkflow,
  menuOrder,
  WorkflowRegistry,
  workflowError,
  type AnyStep,
  type AnyWorkflow,
  type ParamField,
  type ParamKey,
  type StepContext,
  type Workflow,
} from '../../../src/engine';
import { builtinWorkflows, searchWorkflow, type SearchParams } from '../../../src/workflows';

interface Params {
  pattern: string;
  strict: boolean;
  limit: number;
  tags: string[];
}

describe('defineWorkflow', () => {
  it('infers P from the defaults and R from the result', () => {
    const w = defineWorkflow({
      id: 't',
      version: 1,
      label: 'T',
      params: { defaults: { pattern: '', strict: false } },
      steps: [
        {
          kind: 'task',
          id: 'only',
          run(ctx) {
            expectTypeOf(ctx.params).toEqualTypeOf<{ pattern: string; strict: boolean }>();
            return ctx.params.pattern.length;
          },
        },
      ],
      result: (outputs) => ({ n: outputs.only as number }),
      summarize: (r, p) => `${r.n} ${p.pattern}`,
    });
    expectTypeOf(w).toEqualTypeOf<Workflow<{ pattern: string; strict: boolean }, { n: number }>>();
  });

  it('hands every step the workflow’s params', () => {
    defineWorkflow<Params, number>({
      id: 't',
      version: 1,
      label: 'T',
      params: { defaults: { pattern: '', strict: false, limit: 1, tags: [] } },
      steps: [
        {
          kind: 'map',
          id: 'm',
          map: (_bytes, ctx) => {
            expectTypeOf(ctx.params).toEqualTypeOf<Params>();
            expectTypeOf(ctx.index).toBeNumber();
            return 1;
          },
          combine: (a: number, b: number, p) => {
            expectTypeOf(p).toEqualTypeOf<Params>();
            return a + b;
          },
          empty: () => 0,
          finish: (n: number) => n,
        },
        {
          kind: 'fold',
          id: 'f',
          init: (p) => {
            expectTypeOf(p).toEqualTypeOf<Params>();
            return 0;
          },
          update: (s: number, bytes, ctx) => {
            expectTypeOf(ctx.offset).toBeNumber();
            return s + bytes.length;
          },
          finish: (s: number) => s,
        },
      ],
    });
  });

  it('lets fields name only keys of P that hold a value of their kind', () => {
    expectTypeOf<ParamKey<Params, string>>().toEqualTypeOf<'pattern'>();
    expectTypeOf<ParamKey<Params, boolean>>().toEqualTypeOf<'strict'>();
    expectTypeOf<ParamKey<Params, readonly string[]>>().toEqualTypeOf<'tags'>();
    const ok: ParamField<Params>[] = [
      { kind: 'text', key: 'pattern', label: 'Pattern' },
      { kind: 'checkbox', key: 'strict', label: 'Strict' },
      { kind: 'number', key: 'limit', label: 'Limit', min: 0 },
      { kind: 'multi', key: 'tags', label: 'Tags', options: [{ value: 'a', label: 'A' }] },
    ];
    expectTypeOf(ok).toExtend<readonly ParamField<Params>[]>();
    // @ts-expect-error: not a key of Params
    const missing: ParamField<Params> = { kind: 'text', key: 'patern', label: 'Pattern' };
    // @ts-expect-error: a checkbox edits a boolean, and `limit` is a number
    const wrongKind: ParamField<Params> = { kind: 'checkbox', key: 'limit', label: 'Limit' };
    void [missing, wrongKind];
    defineWorkflow<Params, number>({
      id: 't',
      version: 1,
      label: 'T',
      params: {
        defaults: { pattern: '', strict: false, limit: 1, tags: [] },
        // @ts-expect-error: fields in a definition are checked against P as well
        fields: [{ kind: 'text', key: 'nope', label: 'Nope' }],
      },
      steps: [{ kind: 'task', id: 'x', run: () => 1 }],
    });
  });

  it('checks the group and the step context', () => {
    defineWorkflow({
      id: 't',
      version: 1,
      label: 'T',
      // @ts-expect-error: not a menu group
      group: 'Misc',
      params: { defaults: {} },
      steps: [{ kind: 'task', id: 'x', run: () => 1 }],
    });
    expectTypeOf<AnyStep<Params>>().toExtend<{ kind: 'task' | 'fold' | 'map'; id: string }>();
    expectTypeOf<StepContext<Params>['params']>().toEqualTypeOf<Params>();
  });
});

describe('registries and lists', () => {
  it('take any workflow without any, and give back AnyWorkflow', () => {
    expectTypeOf(searchWorkflow).toEqualTypeOf<
      Workflow<
        SearchParams,
        typeof searchWorkflow extends Workflow<SearchParams, infer R> ? R : never
      >
    >();
    expectTypeOf(searchWorkflow).toExtend<AnyWorkflow>();
    expectTypeOf(builtinWorkflows).toEqualTypeOf<readonly AnyWorkflow[]>();
    const registry = new WorkflowRegistry().register(searchWorkflow, ...builtinWorkflows);
    expectTypeOf(registry.get('search')).toEqualTypeOf<AnyWorkflow>();
    expectTypeOf(registry.get('search').params.defaults).toBeUnknown();
    expectTypeOf(menuOrder(builtinWorkflows)).toEqualTypeOf<AnyWorkflow[]>();
    // An erased workflow's fields name plain strings: what a generic form needs.
    expectTypeOf<AnyWorkflow['params']['fields'][number]['key']>().toEqualTypeOf<string>();
  });

  it('type workflow error codes by their table', () => {
    const table = { 'bad-header': { message: 'Bad header {detail}.', retryable: false } };
    workflowError(table, 'bad-header', { detail: 'x' });
    // @ts-expect-error: not declared in the table
    workflowError(table, 'bad-footer');
  });
});
