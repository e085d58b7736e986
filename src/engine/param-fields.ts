/**
 * How a workflow describes its parameters to the app: one field per option, each naming the
 * key of the params it edits (typed so that a field can only name a key holding a value of its
 * kind), and the check `defineWorkflow` runs on them.
 */

/** One choice of a `select` or `multi` parameter field. */
export interface FieldOption {
  value: string;
  /** What users see (for a built-in task: part of the automation contract). */
  label: string;
}

/**
 * The keys of `P` whose values (when present: an optional param may have a field) are of type `V`
 * (every string for params typed as a plain record
 * or `unknown`, where nothing narrower is known).
 */
export type ParamKey<P, V> = [P] extends [object]
  ? { [K in keyof P & string]-?: Exclude<P[K], undefined> extends V ? K : never }[keyof P & string]
  : string;

interface FieldBase {
  /** The accessible name (for a built-in task: part of the automation contract). */
  label: string;
  /** One line under the control. */
  help?: string;
}

/** A string param: one line, or several (`multiline`, e.g. one pattern per line). */
export interface TextField<P> extends FieldBase {
  kind: 'text';
  key: ParamKey<P, string>;
  multiline?: boolean;
  placeholder?: string;
  /** The message shown when the field is left empty; without it, empty is allowed. */
  required?: string;
  monospace?: boolean;
}

/** A boolean param. */
export interface CheckboxField<P> extends FieldBase {
  kind: 'checkbox';
  key: ParamKey<P, boolean>;
}

/** A string param, one of `options`. */
export interface SelectField<P> extends FieldBase {
  kind: 'select';
  key: ParamKey<P, string>;
  options: readonly FieldOption[];
}

/** A number param within bounds. */
export interface NumberField<P> extends FieldBase {
  kind: 'number';
  key: ParamKey<P, number>;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
}

/** Several of the options at once: a `string[]` param. */
export interface MultiField<P> extends FieldBase {
  kind: 'multi';
  key: ParamKey<P, readonly string[]>;
  options: readonly FieldOption[];
  /** At least this many must be chosen (default 1). */
  min?: number;
  /** The message shown when fewer than `min` are chosen. */
  required?: string;
}

/**
 * One parameter as the app offers it; the UI renders these generically, in order. `key` names
 * the property of the params object the field edits, and must hold a value of the field's kind.
 */
export type ParamField<P> =
  TextField<P> | CheckboxField<P> | SelectField<P> | NumberField<P> | MultiField<P>;

/** Why the description of params cannot be rendered, or undefined. */
export function fieldsProblem<P>(
  fields: readonly ParamField<P>[],
  defaultParams: P,
): string | undefined {
  const defaults = defaultParams as Record<string, unknown>;
  const keys = new Set<string>();
  for (const f of fields) {
    if (keys.has(f.key)) return `two fields edit "${f.key}"`;
    keys.add(f.key);
    if (!f.label) return `the field for "${f.key}" has no label`;
    const value = defaults[f.key];
    if (f.kind === 'select' || f.kind === 'multi') {
      if (f.options.length === 0) return `the field "${f.label}" has no options`;
      const values = f.options.map((o) => o.value);
      const chosen = f.kind === 'multi' ? value : [value];
      if (!Array.isArray(chosen) || chosen.some((v) => !values.includes(v as string)))
        return `the default of "${f.label}" is not among its options`;
    } else {
      const type = f.kind === 'checkbox' ? 'boolean' : f.kind === 'number' ? 'number' : 'string';
      if (typeof value !== type) return `the default of "${f.label}" is not a ${type}`;
    }
  }
  return undefined;
}
