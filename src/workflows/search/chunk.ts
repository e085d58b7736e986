/**
 * Searches one chunk: its own bytes only, whatever the length of its lines (partial.ts says how
 * a line across chunks is put together). A literal found in the raw bytes also reads the
 * `patternLength − 1` bytes after the chunk, for a match that starts in it and straddles its
 * end: each match is found once, by the chunk where it starts.
 *
 * Patterns matched on decoded text (regular expressions; literals with "Ignore case" on letters
 * with non-ASCII case forms, or holding U+FFFD) need a line whole: the chunk where a line starts
 * reads the rest of it, up to MAX_DECODED_LINE bytes, and stops with `line-too-long` past that.
 * A regular expression's match has no length bound, so matching it in windows could not give
 * grep's answers; a clear stop, pointing at literal search, which has no limit, is the honest
 * alternative.
 */
import type { WaymarkError } from '../../engine/errors';
import { searchError } from './errors';
import type { ByteReader, ChunkContext } from '../../engine/workflow';
import { formatBytes, formatCount } from '../shared/format';
import { type ByteLiteral, countNewlines } from './bytes';
import { KeptLinesBuilder } from './kept-lines';
import { LinePieces } from './line-pieces';
import { type Matcher, type SearchParams, compileMatcher } from './params';
import type { SearchPartial, SearchPartialDraft } from './partial';

const NL = 10;
const FIRST_READ = 64 * 1024;
const MAX_READ = 8 * 1024 * 1024;

// ignoreBOM keeps a U+FEFF at the start of a decode in the text (grep prints it too); fatal:false
// turns invalid UTF-8 into U+FFFD instead of throwing.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

let cached: { key: string; matcher: Matcher } | undefined;
/**
 * One matcher per pattern for all the chunks a worker searches: a fresh closure per chunk would
 * send the search loop back through the JIT's tiers every time. (A matcher's only state, a
 * RegExp's lastIndex, is used by synchronous code only, so chunks never share it mid-use.)
 */
function matcherFor(p: SearchParams): Matcher {
  const key = JSON.stringify([p.pattern, p.regex, p.ignoreCase]);
  if (cached?.key !== key) cached = { key, matcher: compileMatcher(p) };
  return cached.matcher;
}

/** Longest line (in bytes, without its `\n`) a pattern matched on decoded text is matched on. */
export const MAX_DECODED_LINE = 8 * 1024 * 1024;

function lineTooLong(offset: number): WaymarkError {
  return searchError('line-too-long', {
    offset: formatCount(offset),
    limit: formatBytes(MAX_DECODED_LINE),
  });
}

/**
 * Bytes from `from` up to (not including) the next `\n`, or to the end of the input: the rest
 * of the line starting at `lineStart`, which is refused past MAX_DECODED_LINE bytes in all.
 */
async function readRestOfLine(
  input: ByteReader,
  lineStart: number,
  from: number,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = from;
  let block = FIRST_READ;
  while (pos < input.size) {
    const got = await input.read(pos, Math.min(pos + block, input.size));
    if (got.length === 0) break;
    const nl = got.indexOf(NL);
    const take = nl === -1 ? got.length : nl;
    if (from - lineStart + total + take > MAX_DECODED_LINE) throw lineTooLong(lineStart);
    parts.push(got.slice(0, take));
    total += take;
    if (nl !== -1) break;
    pos += got.length;
    block = Math.min(block * 2, MAX_READ);
  }
  return joinParts(parts, total);
}

function joinParts(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Searches one chunk: its counts and, as columns, the first lines it may keep. */
export async function searchChunk(
  bytes: Uint8Array,
  ctx: ChunkContext<SearchParams>,
): Promise<SearchPartial> {
  const draft = await scanChunk(bytes, ctx);
  // Exact-size columns: what goes to the page and into IndexedDB is the lines, no spare room.
  return { ...draft, lines: draft.lines.finish() };
}

/** Where a chunk's lines are: what both kinds of search split it into. */
interface Layout {
  /** Whether the chunk starts a line (the input's start, or a `\n` before it). */
  startsLine: boolean;
  /** Index of the first `\n`, or -1. */
  firstNl: number;
  /** Where its complete lines start and end (after the last `\n`). */
  bodyStart: number;
  bodyEnd: number;
  /** Whether a line starts in it (the last one is the partial's tail, at `bodyEnd`). */
  hasTail: boolean;
}

function layoutOf(bytes: Uint8Array, startsLine: boolean): Layout {
  const firstNl = bytes.indexOf(NL);
  const bodyStart = startsLine ? 0 : firstNl + 1;
  const bodyEnd = firstNl === -1 ? 0 : bytes.lastIndexOf(NL) + 1;
  return {
    startsLine,
    firstNl,
    bodyStart,
    bodyEnd: Math.max(bodyStart, bodyEnd),
    hasTail: startsLine || firstNl !== -1,
  };
}

async function scanChunk(
  bytes: Uint8Array,
  ctx: ChunkContext<SearchParams>,
): Promise<SearchPartialDraft> {
  // Lines still wanted after the prefix this chunk was dispatched behind (MapStep.hint). With
  // none, no line of this chunk or of any chunk after it can be kept, so their line numbers, and
  // the newline count that shifts them, are never needed: counting only, like `grep -c`.
  const keep =
    typeof ctx.hint === 'number' ? Math.min(ctx.hint, ctx.params.lineCap) : ctx.params.lineCap;
  // Every read comes first and the search after it, with no await in between: the pool
  // pipelines chunks into this worker, and another chunk's search may run at any await, loading
  // its own bytes into the matcher that all chunks of this worker share.
  const startsLine = ctx.start === 0 || (await ctx.input.read(ctx.start - 1, ctx.start))[0] === NL;
  const layout = layoutOf(bytes, startsLine);
  const goesOn = bytes.length > 0 && bytes[bytes.length - 1] !== NL && ctx.end < ctx.input.size;
  const matcher = matcherFor(ctx.params);
  const lit = matcher.bytes;
  if (lit === undefined) {
    // The last line, when it starts here and goes on, is matched whole.
    const rest =
      goesOn && layout.hasTail
        ? await readRestOfLine(ctx.input, ctx.start + layout.bodyEnd, ctx.end)
        : EMPTY;
    return scanDecoded(bytes, layout, rest, keep, matcher, ctx.start);
  }
  // A copy: the reader may reuse its memory for the next read.
  const over = goesOn
    ? (await ctx.input.read(ctx.end, Math.min(ctx.input.size, ctx.end + lit.length - 1))).slice()
    : EMPTY;
  lit.load(bytes);
  try {
    return scanLiteral(bytes, layout, over, keep, lit, ctx.start);
  } finally {
    // The engine reads later chunks into the same memory (MapStep.map).
    lit.load(undefined);
  }
}

const EMPTY = new Uint8Array(0);

function draftOf(newlines: number | null): SearchPartialDraft {
  return {
    newlines,
    matches: 0,
    matchingLines: 0,
    lines: new KeptLinesBuilder(),
    head: [],
    tail: null,
  };
}

/** The synchronous part of a literal's search: no await may come between load and search. */
function scanLiteral(
  bytes: Uint8Array,
  layout: Layout,
  over: Uint8Array,
  keep: number,
  lit: ByteLiteral,
  start: number,
): SearchPartialDraft {
  const n = bytes.length;
  const partial = draftOf(keep > 0 ? lit.newlines(bytes, 0, n) : null);
  const piece = new LinePieces(bytes, over, lit, start);
  if (!layout.startsLine) partial.head = piece.entries(layout.firstNl === -1 ? n : layout.firstNl);
  if (!layout.hasTail) return partial;
  const { bodyStart, bodyEnd } = layout;
  if (bodyEnd > bodyStart)
    scanBytes(bytes.subarray(bodyStart, bodyEnd), lit, keep, {
      partial,
      regionOffset: start + bodyStart,
      firstLine: layout.startsLine ? 1 : 2,
    });
  const t = piece.chain(bodyEnd, n);
  partial.tail = {
    offset: start + bodyEnd,
    line: partial.newlines === null ? null : 1 + partial.newlines,
    matched: t.matches > 0,
    matches: t.matches,
    next: start + t.next,
  };
  return partial;
}

/** The synchronous part of a search on decoded text. */
function scanDecoded(
  bytes: Uint8Array,
  layout: Layout,
  rest: Uint8Array,
  keep: number,
  matcher: Matcher,
  start: number,
): SearchPartialDraft {
  const partial = draftOf(keep > 0 ? countNewlines(bytes, 0, bytes.length) : null);
  // The head's line was matched whole by the chunk where it starts.
  if (!layout.hasTail) return partial;
  const { bodyStart, bodyEnd } = layout;
  if (bodyEnd > bodyStart) {
    const region = bytes.subarray(bodyStart, bodyEnd);
    scanLines(region, decoder.decode(region), matcher, keep, {
      partial,
      regionOffset: start + bodyStart,
      firstLine: layout.startsLine ? 1 : 2,
    });
  }
  const own = bytes.subarray(bodyEnd);
  const last = rest.length === 0 ? own : joinParts([own, rest], own.length + rest.length);
  if (last.length > MAX_DECODED_LINE) throw lineTooLong(start + bodyEnd);
  const text = decoder.decode(last);
  const found = text.length === 0 ? -1 : matcher.matchLine(text, 0, text.length);
  partial.tail = {
    offset: start + bodyEnd,
    line: partial.newlines === null ? null : 1 + partial.newlines,
    matched: found >= 0,
    matches: Math.max(0, found),
    next: start + bytes.length,
  };
  return partial;
}

interface ScanTarget {
  partial: SearchPartialDraft;
  /** Input offset of region[0], which starts a line. */
  regionOffset: number;
  /** Line number of region[0] within the chunk's partial. */
  firstLine: number;
}

/**
 * Finds matches in the raw bytes: line by line while lines are still to be kept (decoding only
 * those), then counting only over the rest.
 */
function scanBytes(region: Uint8Array, lit: ByteLiteral, keep: number, at: ScanTarget): void {
  const { partial } = at;
  const n = region.length;
  let from = 0;
  if (partial.lines.length < keep) {
    const got = lit.lines(region, 0, n, keep - partial.lines.length);
    partial.matches += got.matches;
    partial.matchingLines += got.count;
    let line = at.firstLine;
    const d = got.data;
    for (let k = 0; k < 3 * got.count; k += 3) {
      line += d[k + 2];
      partial.lines.push(line, at.regionOffset + d[k]);
    }
    from = got.stop;
  }
  if (from < n) {
    const rest = lit.count(region, from, n);
    partial.matches += rest.matches;
    partial.matchingLines += rest.lines;
  }
}

/**
 * Walks the lines of `text` (the decoding of `region`, which ends with a `\n`), keeping the byte
 * offset in step through the `\n` bytes, which decoding never merges into a replacement
 * character. A line longer than MAX_DECODED_LINE is refused here too, so that the answer never
 * depends on whether a line lies inside one chunk.
 */
function scanLines(
  region: Uint8Array,
  text: string,
  matcher: Matcher,
  lineCap: number,
  at: ScanTarget,
): void {
  const { partial } = at;
  let s = 0;
  let b = 0;
  let line = at.firstLine;
  const nextLine = () => {
    const nl = region.indexOf(NL, b);
    if (nl - b > MAX_DECODED_LINE) throw lineTooLong(at.regionOffset + b);
    b = nl + 1;
    line++;
  };
  while (s < text.length) {
    const candidate = matcher.nextCandidate(text, s);
    if (candidate === -1) return;
    let e = text.indexOf('\n', s);
    while (e < candidate) {
      s = e + 1;
      nextLine();
      e = text.indexOf('\n', s);
    }
    const n = matcher.matchLine(text, s, e);
    if (n >= 0) {
      partial.matchingLines++;
      partial.matches += n;
      if (partial.lines.length < lineCap) partial.lines.push(line, at.regionOffset + b);
    }
    s = e + 1;
    nextLine();
  }
}
