/**
 * The logic of the generic task form (TaskOptions.svelte): the values its controls hold, how
 * they become the params `app.start` takes, and the message for a value that cannot. It knows
 * field kinds, never tasks: every task's options come from its own `fields`.
 */
import type { ParamField, WorkflowGroup } from '../engine/workflow';
import type { TaskOption } from '../app/types';

/** What one control holds: text (number fields too, parsed on Start), a check, or choices. */
export type FieldValue = string | boolean | string[];
export type FieldValues = Record<string, FieldValue>;

/** The id of a field's control (unique on the page: one task form). */
export const fieldId = (f: ParamField<unknown>): string => `task-option-${f.key}`;

/** The controls' starting values, from the task's defaults. */
export function initialValues(task: TaskOption): FieldValues {
  const values: FieldValues = {};
  for (const f of task.fields) {
    const d = task.defaults[f.key];
    if (f.kind === 'checkbox') values[f.key] = d === true;
    else if (f.kind === 'multi')
      values[f.key] = Array.isArray(d) ? d.filter((v): v is string => typeof v === 'string') : [];
    else values[f.key] = d === undefined || d === null ? '' : String(d);
  }
  return values;
}

/** `chosen` with `option` in (at the end) or out. */
export function toggled(chosen: readonly string[], option: string, on: boolean): string[] {
  const rest = chosen.filter((v) => v !== option);
  return on ? [...rest, option] : rest;
}

function bounds(f: { min?: number; max?: number }): string {
  if (f.min !== undefined && f.max !== undefined) return ` from ${f.min} to ${f.max}`;
  if (f.min !== undefined) return ` of at least ${f.min}`;
  if (f.max !== undefined) return ` of at most ${f.max}`;
  return '';
}

/** One field's param, or the message saying what to change. */
function read(f: ParamField<unknown>, v: FieldValue | undefined): { value: unknown } | string {
  switch (f.kind) {
    case 'checkbox':
      return { value: v === true };
    case 'multi': {
      const chosen = Array.isArray(v) ? v : [];
      const min = f.min ?? 1;
      if (chosen.length < min)
        return (
          f.required ?? `Choose at least ${min} ${min === 1 ? 'option' : 'options'} of ${f.label}.`
        );
      return { value: [...chosen] };
    }
    case 'number': {
      const text = typeof v === 'string' ? v.trim() : '';
      const n = text === '' ? NaN : Number(text);
      const whole = f.integer ? 'a whole number' : 'a number';
      if (
        !Number.isFinite(n) ||
        (f.integer && !Number.isInteger(n)) ||
        (f.min !== undefined && n < f.min) ||
        (f.max !== undefined && n > f.max)
      )
        return `${f.label} must be ${whole}${bounds(f)}.`;
      return { value: n };
    }
    case 'text': {
      const text = typeof v === 'string' ? v : '';
      if (f.required && text === '') return f.required;
      return { value: text };
    }
    case 'select': {
      const text = typeof v === 'string' ? v : '';
      if (!f.options.some((o) => o.value === text)) return `Choose one of the ${f.label} options.`;
      return { value: text };
    }
  }
}

/** The params for `app.start` from the form's values, or the first problem in field order. */
export function readParams(
  task: TaskOption,
  values: FieldValues,
): { params: Record<string, unknown>; problem?: undefined } | { problem: string } {
  const params: Record<string, unknown> = {};
  for (const f of task.fields) {
    const r = read(f, values[f.key]);
    if (typeof r === 'string') return { problem: r };
    params[f.key] = r.value;
  }
  return { params };
}

/** The menu's tasks by group, groups and tasks in the order given (the menu order). */
export function groupTasks(
  tasks: readonly TaskOption[],
): { group: WorkflowGroup; tasks: TaskOption[] }[] {
  const groups: { group: WorkflowGroup; tasks: TaskOption[] }[] = [];
  for (const t of tasks) {
    const last = groups[groups.length - 1];
    if (last && last.group === t.group) last.tasks.push(t);
    else groups.push({ group: t.group, tasks: [t] });
  }
  return groups;
}
