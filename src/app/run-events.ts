/** A run's event log in words for the detail's "Event log" list. Pure: unit-tested in Node. */
import type { RunEvent, RunEventKind } from '../engine';
import type { RunEventView } from './types';

const TEXT: Record<RunEventKind, (detail: string | undefined) => string> = {
  started: () => 'Started',
  forked: (d) => (d ? `Forked from ${d}` : 'Forked'),
  resumed: () => 'Resumed',
  copying: () => 'Copying the input',
  paused: (d) => (d ? `Paused (${d})` : 'Paused'),
  recovered: (d) => (d ? `Recovered after a reload, from ${d}` : 'Recovered after a reload'),
  interrupted: () => 'Interrupted (the page was closed or crashed)',
  retry: (d) => (d ? `Retried ${d}` : 'Retried'),
  failed: (d) => (d ? `Failed (${d})` : 'Failed'),
  completed: () => 'Completed',
  canceled: () => 'Canceled',
  restored: (d) => (d ? `Restored to ${d}` : 'Restored'),
  incompatible: () => 'Incompatible with this version',
  waiting: () => 'Waiting for its file (choose it again or grant access)',
  'copy-freed': () => 'Input copy freed',
};

/** The log in words, oldest first; an entry of a kind this version does not know is shown as its kind. */
export function eventsView(events: readonly RunEvent[]): RunEventView[] {
  return events.map((e) => ({
    at: e.at,
    kind: e.kind,
    text: TEXT[e.kind]?.(e.detail) ?? (e.detail ? `${e.kind} (${e.detail})` : e.kind),
  }));
}
