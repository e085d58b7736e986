/**
 * The chunk map's counts, legend and downsampling against naive references: counting each
 * state with a filter, and, for each column, taking the worst state of the chunks whose
 * share of the input falls in it by the priority failed > retrying > running > pending > done.
 */
import { describe, expect, it } from 'vitest';
import { CHUNK_CODE, CHUNK_CODES, type ChunkState } from '../../../src/app/types';
import { countChunks, describeChunks, downsample, legendText } from '../../../src/ui/chunk-map';
import { drawChunkMap, type Painter } from '../../../src/ui/chunk-map-draw';
import { CHUNK_PALETTE } from '../../../src/ui/chunk-palette';

const PRIORITY: ChunkState[] = ['failed', 'retrying', 'running', 'pending', 'done'];
const codes = (states: ChunkState[]) => Uint8Array.from(states, (s) => CHUNK_CODE[s]);
const states = (map: Uint8Array) => Array.from(map, (c) => CHUNK_CODES[c]);

/** xorshift32: deterministic random maps. */
function randomStates(n: number, seed: number, weights: Partial<Record<ChunkState, number>>) {
  let x = seed;
  const table = Object.entries(weights).flatMap(([s, w]) =>
    Array<ChunkState>(w).fill(s as ChunkState),
  );
  return Array.from({ length: n }, () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return table[x % table.length];
  });
}

/** Naive: column c shows the worst of the chunks i with i·columns/n in [c, c + 1). */
function naiveColumns(map: ChunkState[], columns: number): ChunkState[] {
  if (map.length <= columns) return map;
  const out: ChunkState[] = [];
  for (let c = 0; c < columns; c++) {
    const covered = map.filter(
      (_, i) => (i * columns) / map.length >= c && (i * columns) / map.length < c + 1,
    );
    out.push(PRIORITY.find((s) => covered.includes(s)) ?? 'done');
  }
  return out;
}

describe('chunk map downsampling', () => {
  it('matches the naive per-column reduction on random maps', () => {
    const weights = { done: 60, pending: 30, running: 4, retrying: 1, failed: 1 };
    for (const [n, cols, seed] of [
      [10, 40, 1],
      [997, 100, 2],
      [5_000, 1_280, 3],
      [12_345, 333, 4],
      [1_281, 1_280, 5],
    ]) {
      const map = randomStates(n, seed, weights);
      expect(states(downsample(codes(map), cols)), `${n} in ${cols}`).toEqual(
        naiveColumns(map, cols),
      );
    }
  });

  it('never hides a failure: one failed chunk among 100,000 shows in its column', () => {
    const map = new Uint8Array(100_000).fill(CHUNK_CODE.done);
    map[73_219] = CHUNK_CODE.failed;
    map[10] = CHUNK_CODE.retrying;
    const cols = downsample(map, 800);
    expect(cols.length).toBe(800);
    const failedCols = [...cols.keys()].filter((c) => cols[c] === CHUNK_CODE.failed);
    expect(failedCols).toEqual([Math.floor((73_219 * 800) / 100_000)]);
    expect(cols[0]).toBe(CHUNK_CODE.retrying);
  });

  it('keeps one column per chunk when there are fewer chunks than columns', () => {
    const map = codes(['done', 'running', 'failed', 'pending', 'retrying']);
    expect(states(downsample(map, 1000))).toEqual([
      'done',
      'running',
      'failed',
      'pending',
      'retrying',
    ]);
    expect(downsample(new Uint8Array(0), 10).length).toBe(0);
  });
});

describe('legend and accessible name', () => {
  it('counts each state as a naive filter does', () => {
    const map = randomStates(20_011, 9, {
      done: 50,
      pending: 40,
      running: 5,
      retrying: 3,
      failed: 2,
    });
    const c = countChunks(codes(map));
    for (const s of PRIORITY) expect(c[s], s).toBe(map.filter((x) => x === s).length);
    expect(c.total).toBe(20_011);
    expect(legendText(c)).toBe(
      `done ${c.done} · running ${c.running} · pending ${c.pending} · retrying ${c.retrying} · failed ${c.failed}`,
    );
  });

  it('names the map as the automation contract says', () => {
    const c = countChunks(codes(['done', 'done', 'running', 'running', 'pending']));
    expect(describeChunks(c)).toBe('2 of 5 chunks done, 2 running');
    const f = countChunks(codes(['done', 'failed', 'retrying']));
    expect(describeChunks(f)).toBe('1 of 3 chunks done, 1 retrying, 1 failed');
    expect(describeChunks(countChunks(codes(['done'])))).toBe('1 of 1 chunk done');
  });
});

describe('drawing', () => {
  function painter() {
    const rects: { fill: string; x: number; y: number; w: number; h: number }[] = [];
    const p: Painter & { rects: typeof rects } = {
      fillStyle: '',
      rects,
      fillRect(x, y, w, h) {
        rects.push({ fill: String(this.fillStyle), x, y, w, h });
      },
      clearRect() {},
    };
    return p;
  }

  it('a frame of 100,000 chunks costs rectangles by pixel column, not by chunk', () => {
    const map = codes(
      randomStates(100_000, 4, { done: 60, pending: 30, running: 4, retrying: 1, failed: 1 }),
    );
    const width = 1_200;
    const p = painter();
    const n = drawChunkMap(
      p,
      downsample(map, width),
      { width, height: 52, dpr: 2 },
      CHUNK_PALETTE.light,
    );
    expect(n).toBe(p.rects.length);
    // At most a bar and a mark per column.
    expect(n).toBeLessThanOrEqual(2 * width);
  });

  it('a single failed chunk among 100,000 gets a mark 3 CSS px wide in the lane above', () => {
    const map = new Uint8Array(100_000).fill(CHUNK_CODE.done);
    map[50_123] = CHUNK_CODE.failed;
    const p = painter();
    drawChunkMap(
      p,
      downsample(map, 1_200),
      { width: 1_200, height: 52, dpr: 2 },
      CHUNK_PALETTE.light,
    );
    const failed = p.rects.filter((r) => r.fill === CHUNK_PALETTE.light.failed);
    const x = Math.floor((50_123 * 1_200) / 100_000);
    // Its bar: the one pixel column; its mark: 6 device px (3 CSS px) over it, at the top.
    expect(failed.find((r) => r.y > 0)).toMatchObject({ x, w: 1 });
    const mark = failed.find((r) => r.y === 0);
    expect(mark?.w).toBe(6);
    expect(mark!.x).toBeLessThanOrEqual(x);
    expect(mark!.x + mark!.w).toBeGreaterThan(x);
  });

  it('merges neighbouring columns of one state and paints each chunk where it lies', () => {
    const p = painter();
    const map = codes(['done', 'done', 'done', 'pending']);
    drawChunkMap(p, downsample(map, 4), { width: 8, height: 20, dpr: 1 }, CHUNK_PALETTE.light);
    expect(p.rects.map((r) => [r.fill, r.x, r.w])).toEqual([
      [CHUNK_PALETTE.light.done, 0, 6],
      [CHUNK_PALETTE.light.pending, 6, 2],
    ]);
  });
});
