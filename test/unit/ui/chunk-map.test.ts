import { describe, expect, it } from 'vitest';
import {
  cellRange,
  describeChunks,
  summarizeChunks,
  type ChunkState,
} from '../../../src/ui/chunk-map';

describe('summarizeChunks', () => {
  it('keeps one cell per chunk for small maps', () => {
    const s = summarizeChunks(['done', 'running', 'failed', 'pending']);
    expect(s).toMatchObject({ total: 4, done: 1, running: 1, failed: 1, perCell: 1 });
    expect(s.cells).toEqual(['done', 'running', 'failed', 'pending']);
  });

  it('aggregates large maps to at most 200 cells', () => {
    const map: ChunkState[] = Array.from({ length: 10_000 }, (_, i) =>
      i < 5_000 ? 'done' : 'pending',
    );
    map[9_999] = 'failed';
    const s = summarizeChunks(map);
    expect(s.cells.length).toBeLessThanOrEqual(200);
    expect(s.perCell).toBe(50);
    expect(s.cells[0]).toBe('done');
    expect(s.cells[99]).toBe('done');
    expect(s.cells[100]).toBe('pending');
    expect(s.cells.at(-1)).toBe('failed');
    expect(s.done).toBe(5_000);
  });

  it('marks cells with some chunks done as partial', () => {
    const s = summarizeChunks(['done', 'pending', 'pending', 'pending'], 2);
    expect(s.cells).toEqual(['partial', 'pending']);
  });

  it('handles an empty map', () => {
    expect(summarizeChunks([]).cells).toEqual([]);
  });
});

describe('describeChunks', () => {
  it('summarises for screen readers', () => {
    expect(describeChunks({ total: 40, done: 12, failed: 0 })).toBe('12 of 40 chunks done');
    expect(describeChunks({ total: 40, done: 12, failed: 2 })).toBe(
      '12 of 40 chunks done, 2 failed',
    );
    expect(describeChunks({ total: 1, done: 1, failed: 0 })).toBe('1 of 1 chunk done');
  });
});

describe('cellRange', () => {
  it('names the chunks a cell covers, 1-based', () => {
    expect(cellRange(0, 1, 10)).toBe('chunk 1');
    expect(cellRange(2, 50, 120)).toBe('chunks 101–120');
  });
});
