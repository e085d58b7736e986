/** The numeric settings as form fields: labels (automation contract), limits, parsing. */
import type { SettingsView, TaskOption } from '../app/types';
import { formatBytes } from './format';

export type NumericKey =
  'chunkSizeMiB' | 'checkpointEveryMs' | 'keepCheckpoints' | 'workers' | 'searchLineCap';

export interface NumericField {
  key: NumericKey;
  label: string;
  hint: string;
  min: number;
  max?: number;
  /** 'any' for fractional values. */
  step: number | 'any';
  integer: boolean;
  /**
   * Left empty, the field means each task's own value of this (its workflow's chunk size or
   * checkpoint interval) instead of being invalid.
   */
  own?: 'chunkSize' | 'checkpointEveryMs';
}

export const NUMERIC_FIELDS: readonly NumericField[] = [
  {
    key: 'chunkSizeMiB',
    label: 'Chunk size (MiB)',
    hint: 'Applies to new runs.',
    min: 0.0625,
    max: 1024,
    step: 'any',
    integer: false,
    own: 'chunkSize',
  },
  {
    key: 'checkpointEveryMs',
    label: 'Checkpoint every (ms)',
    hint: 'At most this much work is redone after a crash.',
    min: 50,
    max: 3_600_000,
    step: 50,
    integer: true,
    own: 'checkpointEveryMs',
  },
  {
    key: 'keepCheckpoints',
    label: 'Keep checkpoints',
    hint: 'Plus step boundaries and pinned ones.',
    min: 1,
    max: 1000,
    step: 1,
    integer: true,
  },
  {
    key: 'workers',
    label: 'Workers',
    hint: 'Parallel workers for chunked steps.',
    min: 1,
    max: 64,
    step: 1,
    integer: true,
  },
  {
    key: 'searchLineCap',
    label: 'Search line cap',
    hint: 'Matching lines kept per search; counts are never capped.',
    min: 0,
    max: 10_000_000,
    step: 1,
    integer: true,
  },
];

/**
 * The input's text as a valid value for the field, or undefined; null (each task's own) for
 * an empty field that has an own value.
 */
export function parseField(field: NumericField, text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return field.own ? null : undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return undefined;
  if (field.integer && !Number.isInteger(n)) return undefined;
  if (n < field.min) return undefined;
  if (field.max !== undefined && n > field.max) return undefined;
  return n;
}

export function describeLimits(field: NumericField): string {
  const max = field.max !== undefined ? ` to ${field.max}` : ' or more';
  const own = field.own ? ", or leave it empty for each task's own" : '';
  return `Enter ${field.integer ? 'a whole number' : 'a number'} from ${field.min}${max}${own}.`;
}

/** The placeholder of an empty field with an own value. */
export const OWN_PLACEHOLDER = "Each task's own";

const ownValue = (key: NonNullable<NumericField['own']>, v: number) =>
  key === 'chunkSize' ? formatBytes(v) : v % 1000 === 0 ? `${v / 1000} s` : `${v} ms`;

/**
 * What each task's own value is, from the tasks' own declarations: "Each task's own: CSV
 * profile 8 MiB, the others 4 MiB." (the most common value is "the others").
 */
export function ownValuesText(
  key: NonNullable<NumericField['own']>,
  tasks: readonly Pick<TaskOption, 'label' | 'chunkSize' | 'checkpointEveryMs'>[],
): string {
  const byValue = new Map<number, string[]>();
  for (const t of tasks) byValue.set(t[key], [...(byValue.get(t[key]) ?? []), t.label]);
  if (byValue.size === 0) return "Each task's own.";
  const common = [...byValue.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const [rest, ...special] = common;
  const named = special.map(([v, labels]) => `${labels.join(', ')} ${ownValue(key, v)}`);
  const others =
    special.length > 0 ? `the others ${ownValue(key, rest[0])}` : ownValue(key, rest[0]);
  return `Each task's own: ${[...named, others].join(', ')}.`;
}

export const INPUT_MODES: readonly { value: SettingsView['inputMode']; label: string }[] = [
  { value: 'opfs', label: 'Private copy (OPFS)' },
  { value: 'handle', label: 'File handle' },
  { value: 'repick', label: 'Ask again' },
];
