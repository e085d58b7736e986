/** The app's Task menu and the params it fills from settings, from the real registry. */
import { describe, expect, it } from 'vitest';
import { defaultSettingsView, withSettingParams } from '../../../src/app/settings';
import { taskMenu } from '../../../src/app/task-menu';
import { builtinWorkflows, searchWorkflow } from '../../../src/workflows';

describe('task menu', () => {
  it('offers the example workflow only with "Developer tasks" on', () => {
    const ids = (dev: boolean) => taskMenu(builtinWorkflows, dev).map((t) => t.id);
    expect(ids(false)).not.toContain('byte-histogram');
    expect(ids(true).at(-1)).toBe('byte-histogram');
    expect(ids(true).slice(0, -1)).toEqual(ids(false));
    expect(defaultSettingsView().developerTasks).toBe(false);
  });

  it('gives Search the "Search line cap" setting as its lineCap, under what the run says', () => {
    const settings = { ...defaultSettingsView(), searchLineCap: 25 };
    const from = searchWorkflow.params.fromSettings;
    expect(withSettingParams(from, settings, { pattern: 'x' })).toEqual({
      pattern: 'x',
      lineCap: 25,
    });
    expect(withSettingParams(from, settings, { pattern: 'x', lineCap: 3 })).toEqual({
      pattern: 'x',
      lineCap: 3,
    });
    // A task that takes nothing from settings gets exactly its params.
    expect(withSettingParams({}, settings, { delimiter: ';' })).toEqual({ delimiter: ';' });
  });
});
