/**
 * The messages between the executor and the step host (in a worker, or in-process in tests).
 * Everything here is structured-cloneable.
 */

/**
 * Map chunks sent to one host at a time. With two, a worker has its next chunk the moment it
 * finishes one (where reads wait on the browser, that chunk's bytes are on their way meanwhile),
 * instead of waiting for the page to answer.
 */
export const MAP_PIPELINE_DEPTH = 2;

/**
 * Where a step reads its input: the private OPFS copy (complete), a Blob/File the page holds,
 * or the picked file while its copy is written (`copy`, the copying read): every byte range a
 * host reads from `blob` is written to the copy at `path` at its offset before the step sees
 * it, so that one read of the user's disk both feeds the step and makes the copy.
 */
export type InputSpec =
  | { kind: 'path'; path: string; size: number }
  | { kind: 'blob'; blob: Blob; size: number }
  | { kind: 'copy'; blob: Blob; path: string; size: number };

/** A fault to inject (debug facility): what the step host does at the marked chunk. */
export type FaultKind = 'throw' | 'hang' | 'die';

export interface StepRequestBase {
  runId: string;
  workflowId: string;
  stepIndex: number;
  params: unknown;
  outputs: Record<string, unknown>;
  input: InputSpec;
  /** Debug: cap processing speed (bytes/s) by sleeping; the code path is otherwise the same. */
  throttle?: number;
}

export interface MapChunkRequest extends StepRequestBase {
  index: number;
  start: number;
  end: number;
  chunkCount: number;
  /** From MapStep.hint at dispatch. */
  hint?: unknown;
  /** The chunk's earlier result was refused by MapStep.accepts. */
  redo?: boolean;
  fault?: FaultKind;
  /**
   * Chunks with the same key (one execution of one step: the same picked file) that follow each
   * other on a host are read on through one open stream. A File crosses to the worker as a new
   * object with every request, so the host cannot tell by the blob itself.
   */
  stream?: string;
}

export interface FoldOpenRequest extends StepRequestBase {
  chunkSize: number;
  offset: number;
  /** The checkpointed snapshot, or undefined to start from `init`. */
  snap?: unknown;
}

export interface FoldStepRequest {
  /** Work for about this long, then answer. */
  budgetMs: number;
  /** Include a snapshot of the state in the answer (a checkpoint is due). */
  wantSnap: boolean;
  /** Inject a fault when the fold reaches this offset. */
  fault?: { kind: FaultKind; offset: number };
  /**
   * Copying read: make the copy's writes so far durable before answering (a checkpoint that
   * counts them as copied is about to be saved).
   */
  flush?: boolean;
}

export interface FoldStepResult {
  offset: number;
  /** Bytes folded by this call. */
  processed: number;
  eof: boolean;
  snap?: unknown;
}

export type TaskRequest = StepRequestBase;

export interface MapFinishRequest extends StepRequestBase {
  combined: unknown;
}

/** The plain copier: bytes [start, end) of `source` streamed to `path`, flushed at the end. */
export interface ImportRequest {
  source: Blob;
  path: string;
  start: number;
  end: number;
  throttle?: number;
  /**
   * Make the copy durable after writing (the default). The copier asks only when it is about to
   * record the progress: a flush (fsync) per block held the copy to the disk's sync speed.
   */
  flush?: boolean;
}

/** The step host's API, as seen through comlink. */
export interface StepHostApi {
  mapChunk(req: MapChunkRequest): Promise<unknown>;
  openFold(req: FoldOpenRequest): Promise<number>;
  foldStep(session: number, req: FoldStepRequest): Promise<FoldStepResult>;
  foldFinish(session: number): Promise<unknown>;
  closeFold(session: number): Promise<void>;
  mapFinish(req: MapFinishRequest): Promise<unknown>;
  runTask(req: TaskRequest): Promise<unknown>;
  importRange(req: ImportRequest): Promise<void>;
  ping(): Promise<'pong'>;
}
