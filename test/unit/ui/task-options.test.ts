/**
 * The generic task form's logic against the real registry: the values a task's fields start
 * with, the params they become, and the messages for values that cannot be params. The params
 * are checked with each workflow's own validation, and a run on them is compared with grep.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskMenu } from '../../../src/app/task-menu';
import { checkParams } from '../../../src/engine/new-run';
import { builtinWorkflows } from '../../../src/workflows';
import { groupTasks, initialValues, readParams, toggled } from '../../../src/ui/task-options';
import { driveWorkflow } from '../helpers/drive';

const menu = taskMenu(builtinWorkflows, true);
const task = (label: string) => menu.find((t) => t.label === label)!;
const workflow = (id: string) => builtinWorkflows.find((w) => w.id === id)!;
/** The params of a read that must have succeeded. */
function paramsOf(read: ReturnType<typeof readParams>): Record<string, unknown> {
  if (read.problem !== undefined) throw new Error(read.problem);
  return read.params;
}

describe('task form values', () => {
  it('start from each task’s defaults and, untouched, give params its validation accepts', () => {
    for (const t of menu) {
      const values = initialValues(t);
      expect(Object.keys(values), t.id).toEqual(t.fields.map((f) => f.key));
      const read = readParams(t, values);
      if (t.id === 'search') {
        expect(read.problem).toBe('Enter a pattern to search for.');
        continue;
      }
      expect(read.problem, t.id).toBeUndefined();
      expect(() => checkParams(workflow(t.id).params, paramsOf(read)), t.id).not.toThrow();
    }
    expect(initialValues(task('CSV profile'))).toEqual({ delimiter: 'auto', quote: '"' });
    expect(initialValues(task('Several digests'))).toEqual({
      algorithms: ['SHA-256', 'MD5', 'SHA-1'],
    });
  });

  it('become Search params that find what grep finds', async () => {
    const t = task('Search');
    const values = { ...initialValues(t), pattern: 'err', ignoreCase: true };
    const read = readParams(t, values);
    expect(paramsOf(read)).toEqual({ pattern: 'err', regex: false, ignoreCase: true });
    const text = 'ok\nERROR one\nfine\nan err and Err\n';
    const dir = mkdtempSync(join(tmpdir(), 'task-options-'));
    writeFileSync(join(dir, 'in.txt'), text);
    const grep = execFileSync('grep', ['-ci', 'err', join(dir, 'in.txt')])
      .toString()
      .trim();
    const params = checkParams(workflow('search').params, paramsOf(read));
    const { result } = await driveWorkflow(
      workflow('search'),
      new TextEncoder().encode(text),
      params as Record<string, unknown>,
      {
        chunkSize: 5,
      },
    );
    expect((result as { matchingLines: number }).matchingLines).toBe(Number(grep));
  });

  it('say what is wrong: a multi-choice with none chosen, a number out of bounds', () => {
    const digests = task('Several digests');
    let chosen = initialValues(digests).algorithms as string[];
    for (const a of [...chosen]) chosen = toggled(chosen, a, false);
    expect(readParams(digests, { algorithms: chosen }).problem).toBe(
      'Choose at least one algorithm.',
    );
    chosen = toggled(chosen, 'BLAKE3', true);
    chosen = toggled(chosen, 'CRC32', true);
    expect(paramsOf(readParams(digests, { algorithms: chosen }))).toEqual({
      algorithms: ['BLAKE3', 'CRC32'],
    });

    const histogram = task('Byte histogram (example)');
    for (const bad of ['0', '257', '2.5', '', 'x'])
      expect(readParams(histogram, { top: bad }).problem, bad).toBe(
        'Most frequent values must be a whole number from 1 to 256.',
      );
    expect(paramsOf(readParams(histogram, { top: ' 12 ' }))).toEqual({ top: 12 });
    // A select holds only its options' values.
    expect(readParams(task('CSV profile'), { delimiter: ':' }).problem).toMatch(/Delimiter/);
    expect(paramsOf(readParams(task('CSV profile'), { delimiter: '\t', quote: 'none' }))).toEqual({
      delimiter: '\t',
      quote: 'none',
    });
  });

  it('group the menu in its order, one group per run of tasks', () => {
    const groups = groupTasks(taskMenu(builtinWorkflows, false));
    expect(groups.map((g) => [g.group, g.tasks.length])).toEqual([
      ['Verify', 8],
      ['Analyse', 3],
      ['Search', 1],
      ['Convert', 1],
    ]);
    expect(groupTasks(menu).at(-1)?.group).toBe('Developer');
  });
});
