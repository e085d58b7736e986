/**
 * The combiner worker's side: map steps' combining sessions, looked up in the registry by
 * workflow and step, exposed over comlink (`serveCombiner`, called by a worker entry).
 */
import { expose } from 'comlink';
import './comlink-errors';
import { WaymarkError } from './errors';
import {
  CombineSession,
  type CombineAnswer,
  type CombineOpenRequest,
  type CombineSnapshot,
} from './map-combine';
import { WorkflowRegistry, type AnyWorkflow } from './workflow';

/** The combiner worker's API, as seen through comlink. */
export interface CombineHostApi {
  open(req: CombineOpenRequest): Promise<{ session: number; answer: CombineAnswer }>;
  add(session: number, index: number, result: unknown): Promise<CombineAnswer>;
  snapshot(session: number): Promise<CombineSnapshot>;
  close(session: number): Promise<void>;
}

export class CombineHost {
  private readonly sessions = new Map<number, CombineSession>();
  private next = 1;

  constructor(private readonly registry: WorkflowRegistry) {}

  open(req: CombineOpenRequest): { session: number; answer: CombineAnswer } {
    const step = this.registry.get(req.workflowId).steps[req.stepIndex];
    if (step?.kind !== 'map')
      throw new WaymarkError('internal', {
        detail: `step ${req.stepIndex} of ${req.workflowId} is not a map step`,
      });
    const s = new CombineSession(step, req.params, req.prefix, req.partial);
    const session = this.next++;
    this.sessions.set(session, s);
    return { session, answer: s.opened() };
  }

  add(session: number, index: number, result: unknown): CombineAnswer {
    return this.get(session).add(index, result);
  }

  snapshot(session: number): CombineSnapshot {
    return this.get(session).snapshot();
  }

  close(session: number): void {
    this.sessions.delete(session);
  }

  private get(session: number): CombineSession {
    const s = this.sessions.get(session);
    if (!s) throw new WaymarkError('internal', { detail: `no combining session ${session}` });
    return s;
  }
}

/** What a combiner worker entry calls. */
export function serveCombiner(workflows: readonly AnyWorkflow[]): void {
  expose(new CombineHost(new WorkflowRegistry().register(...workflows)));
}
