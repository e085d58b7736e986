/**
 * Typed engine events, and a relay that carries them to the app's other tabs over a
 * BroadcastChannel (so a tab that does not own a run still shows its live progress, and can
 * ask the owner to pause or cancel it).
 */
import type { CheckpointRecord, RunRecord } from './records';

export interface ProgressInfo {
  runId: string;
  status: RunRecord['status'];
  stepIndex: number;
  /** Bytes done of the current step (or of the import, while importing). */
  done: number;
  total: number;
  /** Bytes per second, smoothed. */
  throughput: number | undefined;
}

/** The background copy of a run's input (copy behind), while and after its steps run. */
export interface CopyProgressInfo {
  runId: string;
  /** Bytes of the input copied so far. */
  done: number;
  total: number;
  /** Bytes per second, smoothed. */
  throughput: number;
  /** The run completes only once the copy does (input copies are kept after a run). */
  awaited: boolean;
}

export type EngineEvent =
  | { type: 'run'; run: RunRecord }
  | { type: 'progress'; progress: ProgressInfo }
  | { type: 'copy'; progress: CopyProgressInfo }
  | { type: 'checkpoint'; runId: string; checkpoint: Omit<CheckpointRecord, 'state' | 'outputs'> }
  | {
      type: 'chunk';
      runId: string;
      stepIndex: number;
      index: number;
      status: 'running' | 'done' | 'failed' | 'pending';
    }
  | { type: 'deleted'; runId: string }
  | { type: 'quarantined'; store: string; reason: string }
  | { type: 'recovered'; resumed: string[]; interrupted: string[]; elsewhere: string[] };

/** A command one tab sends to the tab that owns a run. */
export interface RunCommand {
  type: 'command';
  runId: string;
  action: 'pause' | 'cancel' | 'checkpoint';
}

type Listener = (e: EngineEvent & { remote?: boolean }) => void;

export class EventBus {
  private listeners = new Set<Listener>();

  on(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(e: EngineEvent, remote = false): void {
    for (const l of this.listeners) {
      try {
        l(remote ? { ...e, remote } : e);
      } catch (err) {
        // One broken listener must not stop the engine.
        console.error(err);
      }
    }
  }
}

type Wire = { from: string; event: EngineEvent } | { from: string; command: RunCommand };

/** Relays local events to other tabs and remote ones into the local bus. */
export class BroadcastRelay {
  private channel: BroadcastChannel | undefined;
  private off: () => void = () => undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly tabId: string,
    private readonly onCommand: (c: RunCommand) => void,
    name = 'waymark-events',
  ) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (m: MessageEvent<Wire>) => {
      const w = m.data;
      if (!w || w.from === this.tabId) return;
      if ('command' in w) this.onCommand(w.command);
      else this.bus.emit(w.event, true);
    };
    this.off = bus.on((e) => {
      if (e.remote) return;
      try {
        this.channel?.postMessage({ from: this.tabId, event: e } satisfies Wire);
      } catch {
        // Uncloneable payloads (e.g. file handles) stay local; the other tab re-reads storage.
        this.channel?.postMessage({ from: this.tabId, event: stripForWire(e) } satisfies Wire);
      }
    });
  }

  send(command: RunCommand): void {
    this.channel?.postMessage({ from: this.tabId, command } satisfies Wire);
  }

  close(): void {
    this.off();
    this.channel?.close();
  }
}

function stripForWire(e: EngineEvent): EngineEvent {
  if (e.type === 'run')
    return { ...e, run: { ...e.run, input: { ...e.run.input, handle: undefined } } };
  return e;
}
