/**
 * Version 2 of the Search workflow, frozen: its chunk search (each chunk reads its last line to
 * the line's end, whatever its length), combine and finish as src/workflows/search/chunk.ts and
 * partial.ts had them at commit 23a84ac, to write the checkpoints and ledger records that
 * version 3 must take over. (Version 1 searched chunks the same way: search-v1.ts uses it too.)
 */
import { WaymarkError } from '../../../../src/engine/errors';
import { defineWorkflow, type ChunkContext, type MapStep } from '../../../../src/engine/workflow';
import { searchWorkflow } from '../../../../src/workflows';
import { type ByteLiteral, countNewlines } from '../../../../src/workflows/search/bytes';
import {
  type KeptLines,
  KeptLinesBuilder,
  appendKept,
  emptyKeptLines,
  keptCount,
} from '../../../../src/workflows/search/kept-lines';
import { readKeptLines } from '../../../../src/workflows/search/line-text';
import type { SearchPartialV2 } from '../../../../src/workflows/search/migrate';
import {
  type Matcher,
  type SearchParams,
  compileMatcher,
} from '../../../../src/workflows/search/params';
import type { ByteReader } from '../../../../src/engine/workflow';
import type { SearchResult } from '../../../../src/workflows/search/partial';

type DraftV2 = Omit<SearchPartialV2, 'lines'> & { lines: KeptLinesBuilder };

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

/** Bytes from `from` up to (not including) the next `\n`, or to the end of the input. */
async function readRestOfLine(input: ByteReader, from: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = from;
  let block = FIRST_READ;
  while (pos < input.size) {
    const got = await input.read(pos, Math.min(pos + block, input.size));
    if (got.length === 0) break;
    const nl = got.indexOf(NL);
    if (nl !== -1) {
      parts.push(got.subarray(0, nl));
      total += nl;
      break;
    }
    parts.push(got);
    total += got.length;
    pos += got.length;
    block = Math.min(block * 2, MAX_READ);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Searches one chunk as version 2 did: its counts and the first lines it may keep. */
export async function searchChunkV2(
  bytes: Uint8Array,
  ctx: ChunkContext<SearchParams>,
): Promise<SearchPartialV2> {
  const draft = await scanChunk(bytes, ctx);
  // Exact-size columns: what goes to the page and into IndexedDB is the lines, no spare room.
  return { ...draft, lines: draft.lines.finish() };
}

async function scanChunk(bytes: Uint8Array, ctx: ChunkContext<SearchParams>): Promise<DraftV2> {
  // Lines still wanted after the prefix this chunk was dispatched behind (MapStep.hint). With
  // none, no line of this chunk or of any chunk after it can be kept, so their line numbers, and
  // the newline count that shifts them, are never needed: counting only, like `grep -c`.
  const keep =
    typeof ctx.hint === 'number' ? Math.min(ctx.hint, ctx.params.lineCap) : ctx.params.lineCap;
  // Every read comes first and the search after it, with no await in between: the pool
  // pipelines chunks into this worker, and another chunk's search may run at any await, loading
  // its own bytes into the matcher that all chunks of this worker share.
  let first = 0;
  if (ctx.start > 0) {
    const before = await ctx.input.read(ctx.start - 1, ctx.start);
    if (before[0] !== NL) {
      const nl = bytes.indexOf(NL);
      first = nl === -1 ? bytes.length : nl + 1;
    }
  }
  // The chunk's last line runs past its end: its rest is searched with it.
  const rest =
    first < bytes.length && bytes[bytes.length - 1] !== NL
      ? await readRestOfLine(ctx.input, ctx.end)
      : undefined;

  const matcher = matcherFor(ctx.params);
  const lit = matcher.bytes;
  lit?.load(bytes);
  try {
    return scanOwnLines(bytes, first, rest, keep, matcher, ctx);
  } finally {
    // The engine reads later chunks into the same memory (MapStep.map).
    lit?.load(undefined);
  }
}

/** The synchronous part of a chunk's search: no await may come between load and search. */
function scanOwnLines(
  bytes: Uint8Array,
  first: number,
  rest: Uint8Array | undefined,
  keep: number,
  matcher: Matcher,
  ctx: ChunkContext<SearchParams>,
): DraftV2 {
  const lit = matcher.bytes;
  const newlines = lit ? lit.newlines : countNewlines;
  const partial: DraftV2 = {
    newlines: keep > 0 ? newlines(bytes, 0, bytes.length) : null,
    matches: 0,
    matchingLines: 0,
    lines: new KeptLinesBuilder(),
  };
  // A chunk inside a line that started before it owns no line at all.
  if (first >= bytes.length) return partial;

  const own = bytes.subarray(first);
  const scan = (region: Uint8Array, at: ScanTarget) => {
    if (lit) scanBytes(region, lit, keep, at);
    else scanLines(region, decoder.decode(region), matcher, keep, at);
  };
  const firstLine = first > 0 ? 2 : 1;
  if (rest === undefined) {
    scan(own, { partial, regionOffset: ctx.start + first, firstLine });
    return partial;
  }
  // Search the whole lines in place, then the last line joined with its rest on its own, so
  // that no copy of the chunk is ever made.
  const lastNl = own.lastIndexOf(NL);
  const head = own.subarray(0, lastNl + 1);
  if (head.length > 0) scan(head, { partial, regionOffset: ctx.start + first, firstLine });
  scan(joinBytes(own.subarray(lastNl + 1), rest), {
    partial,
    regionOffset: ctx.start + first + head.length,
    // Only kept lines need numbers; with none wanted the newlines were not counted.
    firstLine: firstLine + (keep > 0 ? newlines(head, 0, head.length) : 0),
  });
  return partial;
}

interface ScanTarget {
  partial: DraftV2;
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
 * Walks the lines of `text` (the decoding of `region`), keeping the byte offset in step through
 * the `\n` bytes, which decoding never merges into a replacement character.
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
  while (s < text.length) {
    const candidate = matcher.nextCandidate(text, s);
    if (candidate === -1) return;
    let e = text.indexOf('\n', s);
    if (e === -1) e = text.length;
    while (e < candidate) {
      s = e + 1;
      b = region.indexOf(NL, b) + 1;
      line++;
      e = text.indexOf('\n', s);
      if (e === -1) e = text.length;
    }
    const n = matcher.matchLine(text, s, e);
    if (n >= 0) {
      partial.matchingLines++;
      partial.matches += n;
      if (partial.lines.length < lineCap) partial.lines.push(line, at.regionOffset + b);
    }
    s = e + 1;
    b = region.indexOf(NL, b) + 1;
    line++;
  }
}

export function combineV2(
  left: SearchPartialV2,
  right: SearchPartialV2,
  lineCap: number,
): SearchPartialV2 {
  let lines = left.lines;
  const room = lineCap - keptCount(left.lines);
  const more = keptCount(right.lines);
  if (room > 0 && more > 0) {
    if (left.newlines === null)
      throw new WaymarkError('internal', {
        detail: 'search lines follow a partial whose newlines were not counted',
      });
    lines = appendKept(left.lines, right.lines, Math.min(room, more), left.newlines);
  }
  return {
    newlines:
      left.newlines === null || right.newlines === null ? null : left.newlines + right.newlines,
    matches: left.matches + right.matches,
    matchingLines: left.matchingLines + right.matchingLines,
    lines,
  };
}

export async function finishV2(p: SearchPartialV2, input: ByteReader): Promise<SearchResult> {
  const lines = await readKeptLines(p.lines, input);
  return {
    matches: p.matches,
    matchingLines: p.matchingLines,
    lines,
    truncated: p.matchingLines > lines.length,
  };
}

export const emptyV2 = (): SearchPartialV2 => ({
  newlines: 0,
  matches: 0,
  matchingLines: 0,
  lines: emptyKeptLines() as KeptLines,
});

const stepV2: MapStep<SearchParams, SearchPartialV2, SearchResult> = {
  kind: 'map',
  id: 'search',
  map: searchChunkV2,
  combine: (a, b, params) => combineV2(a, b, params.lineCap),
  hint: (combined, params) => Math.max(0, params.lineCap - keptCount(combined.lines)),
  empty: emptyV2,
  finish: (combined, ctx) => finishV2(combined, ctx.input),
  timeoutError: 'pattern-too-slow',
};

export const searchWorkflowV2 = defineWorkflow<SearchParams, SearchResult>({
  ...searchWorkflow,
  // The definition's params: a defined workflow keeps its fields with plain string keys.
  params: { defaults: searchWorkflow.params.defaults, validate: searchWorkflow.params.validate },
  version: 2,
  steps: [stepV2],
  migrateState: undefined,
});
