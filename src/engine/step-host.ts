/**
 * Runs workflow step code next to the bytes: inside a worker (through comlink) or in-process in
 * Node tests. It reads its own input bytes; the page never copies chunk data.
 */
import { PieceReader, SpanReader, readBlobInto } from './blob-reads';
import { ChunkStream } from './chunk-stream';
import { ReadAhead, type ReadAheadThread } from './read-ahead';
import { changed, copyRange, flushCopy, readCopying, writeCopy } from './copying-read';
import { WaymarkError, toWaymarkError } from './errors';
import type { FileStore } from './files';
import { outputDir } from './files';
import type {
  FaultKind,
  FoldOpenRequest,
  FoldStepRequest,
  FoldStepResult,
  ImportRequest,
  InputSpec,
  MapChunkRequest,
  MapFinishRequest,
  StepHostApi,
  StepRequestBase,
  TaskRequest,
} from './step-protocol';
import { MAP_PIPELINE_DEPTH } from './step-protocol';
import type { ByteReader, FoldStep, OutputStore, StepContext, WorkflowRegistry } from './workflow';

interface FoldSession {
  step: FoldStep<unknown, unknown, unknown, unknown>;
  state: unknown;
  offset: number;
  size: number;
  chunkSize: number;
  blob: Blob;
  /** A picked File (not our private copy) may change on disk: open a new stream per call. */
  reopen: boolean;
  /** Copying read: the copy every piece is written to before it is folded. */
  copyTo: string | undefined;
  /**
   * Read ahead on a thread of its own where the host has one (kept across calls: each piece is
   * a new stream, so a File changed on disk fails at the next piece); else opened per foldStep
   * call, where a File changed since it was picked fails on open.
   */
  reader: PieceReader | ReadAhead | undefined;
  ctx: StepContext<unknown>;
  throttle?: number;
}

/** Inputs smaller than this are read in the fold's own thread: a thread costs its start-up. */
const READ_AHEAD_MIN = 16 * 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Scoped view of a run's output directory. */
export function outputStore(files: FileStore, runId: string): OutputStore {
  const dir = outputDir(runId);
  return {
    write: (name, bytes) => files.put(`${dir}/${name}`, bytes),
    read: async (name) => new Uint8Array(await (await files.file(`${dir}/${name}`)).arrayBuffer()),
    blob: (name) => files.file(`${dir}/${name}`),
    list: () => files.list(dir),
  };
}

/** The input as the host reads it: map chunks are read into a buffer the host reuses. */
interface HostReader extends ByteReader {
  read(start: number, end: number, into?: Uint8Array): Promise<Uint8Array>;
}

export class StepHost implements StepHostApi {
  private sessions = new Map<number, FoldSession>();
  private nextSession = 1;
  /**
   * Opened OPFS inputs by path. A run's private copy does not change once imported, and opening
   * it (directory walk, handle, getFile) costs several round trips to the browser per chunk.
   */
  private opened = new Map<string, Blob>();
  /** Debug throttle: when this host's map chunks so far may end at the capped speed. */
  private throttleUntil = 0;
  /**
   * Chunk buffers no chunk is using. Reading into a buffer that was used before is 2–3× faster
   * than into a fresh one (whose pages the read must first fault in), and a map chunk's bytes
   * are the map function's only until its promise settles (`MapStep.map`).
   */
  private spare: Uint8Array[] = [];
  /** Map chunks of a picked file: one stream on across a stripe of neighbouring chunks. */
  private readonly chunks = new ChunkStream();

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly files: FileStore,
    /** Ends this host for good (fault injection "die"): in a worker, `self.close()`. */
    private readonly die: () => void = () => {
      throw new WaymarkError('worker-died');
    },
    /** A new thread to read a fold's input ahead on (in a browser worker: a nested worker). */
    private readonly readAhead?: () => ReadAheadThread,
  ) {}

  private async blobOf(spec: InputSpec): Promise<Blob> {
    if (spec.kind !== 'path') return spec.blob;
    const hit = this.opened.get(spec.path);
    if (hit && hit.size === spec.size) return hit;
    let blob: Blob;
    try {
      blob = await this.files.file(spec.path);
    } catch (e) {
      throw toWaymarkError(e);
    }
    if (blob.size === spec.size) {
      // A few runs at a time at most: keep the map from growing with every run ever seen.
      if (this.opened.size >= 8) this.opened.clear();
      this.opened.set(spec.path, blob);
    }
    return blob;
  }

  /** `stream`: a map chunk's key (`MapChunkRequest.stream`) to read on an open stream by. */
  private reader(blob: Blob, spec: InputSpec, stream?: string): HostReader {
    return {
      size: blob.size,
      read: async (start: number, end: number, into?: Uint8Array) => {
        end = Math.min(end, blob.size);
        // A map chunk's own read brings the host's buffer (`into`): it reads on through the
        // host's chunk stream. A step's small reads next to a chunk (the byte before it, the
        // pattern's length after it) come from what the host read, where it has them: a new
        // stream for each cost two stream opens per chunk.
        if (stream !== undefined && !into) {
          const near = await this.chunks.near(stream, start, end);
          if (near) return near;
        }
        const read: typeof readBlobInto =
          into && stream !== undefined
            ? (b, s, e, i) => this.chunks.read(stream, b, s, e, i)
            : readBlobInto;
        if (spec.kind === 'copy')
          return readCopying(this.files, blob, spec.path, start, end, into, read);
        if (spec.kind === 'path') {
          // Our own copy: read it from disk directly where the store can.
          const direct = await this.files.readRange?.(spec.path, start, end, into);
          if (direct) return direct;
        }
        try {
          return await (spec.kind === 'path' ? readBlobInto : read)(blob, start, end, into);
        } catch (e) {
          if (spec.kind !== 'path') throw changed(e);
          // The next attempt opens the file afresh.
          this.opened.delete(spec.path);
          throw toWaymarkError(e);
        }
      },
    };
  }

  private async context(
    req: StepRequestBase,
    stream?: string,
  ): Promise<{ blob: Blob; ctx: StepContext<unknown> }> {
    const blob = await this.blobOf(req.input);
    if (blob.size !== req.input.size)
      throw new WaymarkError('input-changed', {
        detail: `size is now ${blob.size}, was ${req.input.size}`,
      });
    const ctx: StepContext<unknown> = {
      params: req.params,
      runId: req.runId,
      outputs: req.outputs,
      input: this.reader(blob, req.input, stream),
      output: outputStore(this.files, req.runId),
    };
    return { blob, ctx };
  }

  private step(req: StepRequestBase) {
    const w = this.registry.get(req.workflowId);
    const step = w.steps[req.stepIndex];
    if (!step)
      throw new WaymarkError('internal', {
        detail: `${req.workflowId} has no step ${req.stepIndex}`,
      });
    return step;
  }

  private async inject(kind: FaultKind | undefined, where: string): Promise<void> {
    if (!kind) return;
    if (kind === 'throw') throw new WaymarkError('injected-fault', { detail: `throw at ${where}` });
    if (kind === 'hang') await new Promise<never>(() => undefined);
    if (kind === 'die') {
      this.die();
      await new Promise<never>(() => undefined);
    }
  }

  async mapChunk(req: MapChunkRequest): Promise<unknown> {
    const step = this.step(req);
    if (step.kind !== 'map')
      throw new WaymarkError('internal', { detail: `step ${step.id} is not a map step` });
    const { ctx } = await this.context(req, req.stream);
    const t0 = performance.now();
    const buffer = this.takeBuffer(req.end - req.start);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await (ctx.input as HostReader).read(req.start, req.end, buffer);
      await this.inject(req.fault, `chunk ${req.index}`);
      const out = await step.map(bytes, {
        ...ctx,
        index: req.index,
        start: req.start,
        end: req.end,
        chunkCount: req.chunkCount,
        hint: req.hint,
        redo: req.redo,
      });
      if (req.throttle) {
        // The cap is per worker, however many chunks it has in flight (the pool pipelines two).
        this.throttleUntil =
          Math.max(t0, this.throttleUntil) + (bytes.length / req.throttle) * 1000;
        await sleep(Math.max(0, this.throttleUntil - performance.now()));
      }
      return out;
    } finally {
      // A read from a picked file transfers the buffer it fills: the one it returned is kept.
      const keep = buffer.byteLength > 0 ? buffer : bytes && new Uint8Array(bytes.buffer);
      // Pipelined chunks each hold one; more spares than that would only hold memory.
      if (keep && this.spare.length < MAP_PIPELINE_DEPTH) this.spare.push(keep);
    }
  }

  /** A spare buffer of at least `length` bytes, or a new one. */
  private takeBuffer(length: number): Uint8Array {
    const i = this.spare.findIndex((b) => b.length >= length && b.length <= 2 * length);
    return i === -1 ? new Uint8Array(length) : this.spare.splice(i, 1)[0];
  }

  async openFold(req: FoldOpenRequest): Promise<number> {
    const step = this.step(req) as FoldStep<unknown, unknown, unknown, unknown>;
    if (step.kind !== 'fold')
      throw new WaymarkError('internal', { detail: `step ${step.id} is not a fold step` });
    const { blob, ctx } = await this.context(req);
    const state =
      req.snap === undefined
        ? await step.init(req.params, ctx)
        : step.load
          ? await step.load(req.snap, req.params)
          : structuredClone(req.snap);
    const id = this.nextSession++;
    this.sessions.set(id, {
      step,
      state,
      offset: req.offset,
      size: blob.size,
      chunkSize: req.chunkSize,
      blob,
      reopen: req.input.kind !== 'path',
      copyTo: req.input.kind === 'copy' ? req.input.path : undefined,
      reader: undefined,
      ctx,
      throttle: req.throttle,
    });
    return id;
  }

  private session(id: number): FoldSession {
    const s = this.sessions.get(id);
    if (!s) throw new WaymarkError('internal', { detail: `no fold session ${id}` });
    return s;
  }

  /** Next piece of at most chunkSize bytes, or undefined at the end. */
  private async piece(s: FoldSession): Promise<Uint8Array | undefined> {
    if (!s.reader) return undefined;
    try {
      return await s.reader.next();
    } catch (e) {
      throw s.reopen ? changed(e) : toWaymarkError(e);
    }
  }

  async foldStep(id: number, req: FoldStepRequest): Promise<FoldStepResult> {
    const s = this.session(id);
    const t0 = performance.now();
    if (!s.reader && s.offset < s.size)
      s.reader =
        this.readAhead && s.size - s.offset >= READ_AHEAD_MIN
          ? new ReadAhead(this.readAhead(), s.blob, s.offset, s.size, s.chunkSize)
          : new PieceReader(s.blob.slice(s.offset), s.chunkSize);
    let processed = 0;
    let eof = s.offset >= s.size;
    // A zero budget asks for the state as it stands (pause, checkpoint now): fold nothing more.
    while (!eof && req.budgetMs > 0) {
      const bytes = await this.piece(s);
      if (!bytes) {
        eof = true;
        break;
      }
      // Copied before it is folded: no answer counts a byte the copy does not hold.
      if (s.copyTo) await writeCopy(this.files, s.copyTo, s.offset, bytes);
      if (req.fault && s.offset + bytes.length > req.fault.offset)
        await this.inject(req.fault.kind, `offset ${req.fault.offset}`);
      s.state = await s.step.update(s.state, bytes, { ...s.ctx, offset: s.offset });
      s.offset += bytes.length;
      processed += bytes.length;
      if (s.throttle) {
        // Paced within this call only: time lost between calls (a save, a starved CPU) is
        // not caught up later, so no stretch of wall time folds more than the pace allows
        // (the browser tests bound lost work by it).
        const ahead = (processed / s.throttle) * 1000 - (performance.now() - t0);
        if (ahead > 0) await sleep(ahead);
      }
      if (s.offset >= s.size) eof = true;
      if (performance.now() - t0 >= req.budgetMs) break;
    }
    if (s.copyTo && (req.flush || eof)) await flushCopy(this.files, s.copyTo);
    const snap = req.wantSnap || eof ? await this.snapshot(s) : undefined;
    if (s.reopen && s.reader instanceof PieceReader) {
      // The next call reads from s.offset again: whatever was read ahead is dropped with it.
      await s.reader.cancel();
      s.reader = undefined;
    }
    return { offset: s.offset, processed, eof, snap };
  }

  private async snapshot(s: FoldSession): Promise<unknown> {
    return s.step.save ? await s.step.save(s.state) : structuredClone(s.state);
  }

  async foldFinish(id: number): Promise<unknown> {
    const s = this.session(id);
    try {
      return await s.step.finish(s.state, s.ctx);
    } finally {
      await this.closeFold(id);
    }
  }

  async closeFold(id: number): Promise<void> {
    const s = this.sessions.get(id);
    this.sessions.delete(id);
    await s?.reader?.cancel();
  }

  async mapFinish(req: MapFinishRequest): Promise<unknown> {
    const step = this.step(req);
    if (step.kind !== 'map')
      throw new WaymarkError('internal', { detail: `step ${step.id} is not a map step` });
    const { blob, ctx } = await this.context(req);
    this.chunks.close();
    if (req.input.kind !== 'path')
      // Chunks read on through an open stream, where Chromium does not check the file again:
      // a new stream, opened after every chunk's read, must still find the file as picked.
      await new SpanReader(blob, 0, blob.size).verify().catch((e: unknown) => {
        throw changed(e);
      });
    return step.finish(req.combined, ctx);
  }

  async runTask(req: TaskRequest): Promise<unknown> {
    const step = this.step(req);
    if (step.kind !== 'task')
      throw new WaymarkError('internal', { detail: `step ${step.id} is not a task step` });
    const { ctx } = await this.context(req);
    return step.run(ctx);
  }

  async importRange(req: ImportRequest): Promise<void> {
    const t0 = performance.now();
    this.opened.delete(req.path);
    await copyRange(this.files, req.source, req.path, req.start, req.end, req.flush ?? true);
    if (req.throttle)
      await sleep(
        Math.max(0, ((req.end - req.start) / req.throttle) * 1000 - (performance.now() - t0)),
      );
  }

  async ping(): Promise<'pong'> {
    return 'pong';
  }
}
