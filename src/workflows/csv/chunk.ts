/**
 * One chunk of the parallel CSV profile. A chunk owns the records that begin in it: it starts
 * at its first record boundary and reads past its end to finish its last record. Where that
 * first boundary is depends on the quote state at the chunk's first byte, which only the chunks
 * before it know. When the prefix combined so far reaches the chunk (the hint), the boundary is
 * known exactly; otherwise the chunk guesses it, as parallel CSV readers do (speculation, Ge et
 * al., SIGMOD 2019): the first line break after which a few records parse with the header's
 * width and no stray quote. `accepts` (partial.ts) checks the guess against the exact end of
 * the records before, and the engine redoes a chunk guessed wrong with the exact hint.
 */
import type { ChunkContext } from '../../engine/workflow';
import { type CsvParams, type FileHead, dialectOf, readHead } from './head';
import { FIELD_LIMIT, RECORD_LIMIT } from './limits';
import {
  type Dialect,
  INCOMPLETE,
  IRREGULAR,
  OverLimit,
  PLAIN,
  RecordFields,
  scanRecord,
  unquote,
} from './parser';
import { type CsvHint, type CsvPartial, emptyPartial } from './partial';
import { ColumnSummary } from './summary';
import { tooLargeError } from './too-large';

const CR = 13;
const LF = 10;
/** Bytes read past the chunk's end at first to finish its last record; doubled as needed. */
const LOOKAHEAD = 64 * 1024;
/**
 * Records a guessed start must parse cleanly, the line breaks tried as the start, and the bytes
 * a trial may read (at most the chunk's length): a chunk inside a record far larger than itself
 * guesses in time proportional to its own size.
 */
const TRIAL_RECORDS = 8;
const MAX_CANDIDATES = 16;
const TRIAL_BYTES = 16 * 1024;

/** The chunk's bytes with the byte before it and a lookahead after it, and where they begin. */
interface Window {
  buf: Uint8Array;
  base: number;
  atEof: boolean;
}

async function windowOf(
  bytes: Uint8Array,
  ctx: ChunkContext<CsvParams>,
  look: number,
): Promise<Window> {
  const base = Math.max(0, ctx.start - 1);
  const before = ctx.start > base ? await ctx.input.read(base, ctx.start) : new Uint8Array(0);
  const after = await ctx.input.read(ctx.end, Math.min(ctx.input.size, ctx.end + look));
  const buf = new Uint8Array(before.length + bytes.length + after.length);
  buf.set(before, 0);
  buf.set(bytes, before.length);
  buf.set(after, before.length + bytes.length);
  return { buf, base, atEof: ctx.end + after.length >= ctx.input.size };
}

/** A start the chunk may take: right after a line break (CRLF counted as one). */
function nextCandidate(buf: Uint8Array, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    const b = buf[j];
    if (b === LF) return j + 1;
    if (b === CR && buf[j + 1] !== LF) return j + 1;
  }
  return -1;
}

/** Whether the records from `p` look like this file's: the header's width, no stray quote. */
function plausible(
  w: Window,
  p: number,
  d: Dialect,
  width: number,
  rec: RecordFields,
  span: number,
): boolean {
  const to = Math.min(w.buf.length, p + span);
  const buf = w.buf.subarray(0, to);
  const atEof = w.atEof && to === w.buf.length;
  for (let k = 0; k < TRIAL_RECORDS && p < to; k++) {
    let next: number;
    try {
      next = scanRecord(buf, p, atEof, d, rec);
    } catch (e) {
      if (e instanceof OverLimit) return false;
      throw e;
    }
    if (next === INCOMPLETE) return k > 0;
    if (!rec.blank) {
      if (rec.count !== width) return false;
      for (let f = 0; f < rec.count; f++) {
        if (rec.kinds[f] === IRREGULAR) return false;
        // A quote inside an unquoted field (a quoted one without doubled quotes has none).
        if (
          rec.kinds[f] === PLAIN &&
          d.quote >= 0 &&
          w.buf.subarray(rec.starts[f], rec.ends[f]).indexOf(d.quote) !== -1
        )
          return false;
      }
    }
    p = next;
  }
  return true;
}

/** The guessed first record boundary at or after the chunk's start (relative), or -1: none. */
function guessStart(w: Window, start: number, end: number, d: Dialect, width: number): number {
  const rel = start - w.base;
  const relEnd = end - w.base;
  const rec = new RecordFields();
  let first = -1;
  const prev = rel > 0 ? w.buf[rel - 1] : -1;
  let c =
    prev === LF || (prev === CR && w.buf[rel] !== LF) ? rel : nextCandidate(w.buf, rel, relEnd);
  for (let k = 0; k < MAX_CANDIDATES && c !== -1 && c < relEnd; k++) {
    if (first === -1) first = c;
    if (plausible(w, c, d, width, rec, Math.min(TRIAL_BYTES, Math.max(64, end - start)))) return c;
    c = nextCandidate(w.buf, c, relEnd);
  }
  // Nothing looked right (a ragged file, say): the first line break, as if outside quotes.
  return first;
}

/** Reused for fields whose quotes must be undone (at most FIELD_LIMIT bytes). */
const scratch = new Uint8Array(FIELD_LIMIT);

/** Maps one chunk: its records' rows, ragged rows and column summaries. */
export async function mapChunk(
  bytes: Uint8Array,
  ctx: ChunkContext<CsvParams>,
): Promise<CsvPartial> {
  const hint = ctx.hint as CsvHint | undefined;
  const head: FileHead = hint?.head ?? (await readHead(ctx.input, ctx.params));
  const width = head.header?.length ?? 0;
  const d = dialectOf(head);
  const out = emptyPartial();
  out.end = ctx.end;
  if (ctx.index === 0) out.head = head;
  // The exact start: after the header, or where the records combined before this chunk end.
  let exact: number | null = null;
  let rowsBefore = 0;
  if (ctx.start < head.dataStart) exact = head.dataStart;
  else if (hint && hint.endAt >= ctx.start) {
    exact = hint.endAt;
    rowsBefore = hint.rows;
  }
  if (exact !== null && exact >= ctx.end) {
    // The records before run past this whole chunk (or the header does): none begins in it.
    out.startAt = ctx.start === 0 ? 0 : exact;
    out.endAt = exact;
    return out;
  }
  let look = LOOKAHEAD;
  let w = await windowOf(bytes, ctx, look);
  const relEnd = ctx.end - w.base;
  let p = exact !== null ? exact - w.base : guessStart(w, ctx.start, ctx.end, d, width);
  if (p === -1) {
    // No line break in the chunk: no record begins in it, if that guess is right.
    out.startAt = null;
    out.endAt = ctx.end;
    return out;
  }
  // Chunk 0 begins with the file's first record, the header.
  out.startAt = ctx.start === 0 ? 0 : w.base + p;
  // A column the prefix has sketched goes straight to the sketches (see CsvHint.sketched).
  const columns = Array.from({ length: width }, (_, i) =>
    hint?.sketched?.[i] ? ColumnSummary.sketching() : new ColumnSummary(),
  );
  const rec = new RecordFields();
  try {
    while (p < relEnd) {
      const next = scanRecord(w.buf, p, w.atEof, d, rec);
      if (next === INCOMPLETE) {
        // A guessed start that makes the last record run on past the chunk's own length is
        // likely wrong (inside a quoted field): let the exact redo read it, not the guess.
        if (exact === null && look >= Math.max(LOOKAHEAD, ctx.end - ctx.start))
          return { ...emptyPartial(), end: ctx.end, startAt: out.startAt, failed: true };
        // The chunk's last record goes on past the lookahead: read further (it is bounded by
        // RECORD_LIMIT, which scanRecord enforces).
        look = Math.min(2 * look, 2 * RECORD_LIMIT);
        w = await windowOf(bytes, ctx, look);
        continue;
      }
      if (!rec.blank) addRecord(out, columns, w.buf, rec, width, d.quote);
      p = next;
    }
  } catch (e) {
    if (!(e instanceof OverLimit)) throw e;
    // A guessed start may put the chunk inside a quoted field that is not there: only a chunk
    // parsed from its exact start can say a field is too large.
    if (exact === null)
      return { ...emptyPartial(), end: ctx.end, startAt: out.startAt, failed: true };
    throw tooLargeError(e.what, w.base + e.at, e.inQuotes, rowsBefore + out.rows + 1);
  }
  out.endAt = w.base + p;
  out.columns = out.rows > 0 ? columns.map((c) => c.save()) : [];
  return out;
}

function addRecord(
  out: CsvPartial,
  columns: ColumnSummary[],
  buf: Uint8Array,
  rec: RecordFields,
  width: number,
  quote: number,
): void {
  out.rows++;
  if (rec.count !== width) {
    out.raggedRows++;
    out.firstRaggedRow ??= out.rows;
  }
  const m = Math.min(rec.count, width);
  const { starts, ends, kinds } = rec;
  for (let k = 0; k < m; k++) {
    if (kinds[k] === PLAIN) columns[k].add(buf, starts[k], ends[k]);
    else columns[k].add(scratch, 0, unquote(buf, starts[k], ends[k], quote, scratch));
  }
}
