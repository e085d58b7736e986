/** Which options a task takes, and its params as app.start expects them. */
import type { TaskOption } from '../app/types';

export type TaskKind = 'search' | 'csv' | 'plain';

/**
 * Recognises tasks by id or by their contract label ("Search", "CSV profile"), so that the
 * form works whichever ids the app registers.
 */
export function taskKind(task: TaskOption | undefined): TaskKind {
  if (!task) return 'plain';
  const id = task.id.toLowerCase();
  if (task.label === 'Search' || id === 'search' || id.startsWith('search')) return 'search';
  if (task.label === 'CSV profile' || id.startsWith('csv')) return 'csv';
  return 'plain';
}

export const DELIMITERS = [
  { value: 'auto', label: 'Auto' },
  { value: ',', label: 'Comma' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon' },
  { value: '|', label: 'Pipe' },
] as const;

export interface FormOptions {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
  delimiter: string;
}

export function buildParams(kind: TaskKind, o: FormOptions): Record<string, unknown> {
  if (kind === 'search') return { pattern: o.pattern, regex: o.regex, ignoreCase: o.ignoreCase };
  if (kind === 'csv') return { delimiter: o.delimiter };
  return {};
}

/** A problem the form can see before asking the app, or undefined. */
export function validateOptions(kind: TaskKind, o: FormOptions): string | undefined {
  if (kind === 'search' && o.pattern === '') return 'Enter a pattern to search for.';
  return undefined;
}
