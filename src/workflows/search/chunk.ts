/**
 * Searches one chunk. A chunk owns the lines that start inside it, so every line is searched
 * exactly once: it peeks at the byte before its start to know whether a line starts there, and
 * reads past its end to finish its last line (which may be longer than a chunk; a chunk inside
 * such a line owns no line at all).
 */
import type { ByteReader, ChunkContext } from '../../engine/workflow';
import { type ByteLiteral, countNewlines } from './bytes';
import { type Matcher, type SearchParams, compileMatcher } from './params';
import { KeptLinesBuilder } from './kept-lines';
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

/** Searches one chunk: its counts and, as columns, the first lines it may keep. */
export async function searchChunk(
  bytes: Uint8Array,
  ctx: ChunkContext<SearchParams>,
): Promise<SearchPartial> {
  const draft = await scanChunk(bytes, ctx);
  // Exact-size columns: what goes to the page and into IndexedDB is the lines, no spare room.
  return { ...draft, lines: draft.lines.finish() };
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
): SearchPartialDraft {
  const lit = matcher.bytes;
  const newlines = lit ? lit.newlines : countNewlines;
  const partial: SearchPartialDraft = {
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
