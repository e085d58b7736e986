/**
 * CSV profile state from version 1. Version 2 added the quote option and what locates a field
 * or record too large (parser.ts, limits.ts): the bytes of the buffered file start, the
 * characters of the open record, and where the open field and record began. A version-1
 * snapshot gets the quote it always used ('"'), the bytes of its buffered start encoded again
 * (the same bytes unless they held invalid UTF-8: then only a message's offset may be off), and
 * unknown starts for a field or record it is inside (a later message says the offset is
 * unknown). The result has one shape in both versions.
 */
import type { StateMigration } from '../../engine/workflow';
import type { ParserState } from './parser';
import type { CsvSnapshot } from './profile';

/** A version-1 snapshot. */
export type CsvSnapshotV1 = Omit<
  CsvSnapshot,
  'quote' | 'pendingBytes' | 'pendingLength' | 'parser'
> & {
  parser: Omit<ParserState, 'recordChars' | 'fieldStart' | 'recordStart'>;
};

export function isCsvSnapshotV1(v: unknown): v is CsvSnapshotV1 {
  const s = v as Partial<CsvSnapshotV1> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.pending === 'string' &&
    s.carry instanceof Uint8Array &&
    typeof s.parser === 'object' &&
    s.parser !== null &&
    Array.isArray(s.parser.record) &&
    typeof s.parser.field === 'string' &&
    Array.isArray(s.columns) &&
    !('quote' in s)
  );
}

export function upgradeCsvSnapshot(s: CsvSnapshotV1): CsvSnapshot {
  const pendingBytes = new TextEncoder().encode(s.pending);
  const p = s.parser;
  const atBoundary = p.mode === 0 && p.record.length === 0;
  const parser: ParserState = {
    ...p,
    recordChars: p.record.reduce((n, f) => n + f.length, 0),
    // Between records, the next field and record begin where the next piece does: that
    // offset is resolved in the next piece, which starts them afresh.
    fieldStart: atBoundary ? 0 : null,
    recordStart: atBoundary ? 0 : null,
  };
  return { ...s, quote: '"', pendingBytes, pendingLength: pendingBytes.length, parser };
}

/** A finished profile (the step's output), which both versions write alike. */
function isResult(v: unknown): boolean {
  const r = v as { rows?: unknown; columns?: unknown } | null;
  return (
    typeof r === 'object' && r !== null && typeof r.rows === 'number' && Array.isArray(r.columns)
  );
}

/**
 * Upgrades a version-1 fold snapshot; passes a result through. Anything else is refused (the
 * run then asks to be started again) rather than guessed at.
 */
export const migrateCsvState: StateMigration = (from, stepId, state) => {
  if (from !== 1 || stepId !== 'profile') return undefined;
  if (isCsvSnapshotV1(state)) return upgradeCsvSnapshot(state);
  return isResult(state) && !('parser' in (state as object)) ? state : undefined;
};
