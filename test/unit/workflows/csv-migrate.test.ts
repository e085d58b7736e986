/**
 * CSV profile versions 1 and 2 were folds; since version 3 it is a map step, and version 4 packs
 * its summaries differently. A fold checkpoint cannot become a prefix of whole chunks, nor is a
 * version-3 partial repacked, so the engine must refuse them (the run is Incompatible, naming
 * both versions and saying to start again, which profiles the file over), never hand the fold's
 * state to the map step; a checkpoint saved before any byte was read carries over.
 */
import { describe, expect, it } from 'vitest';
import { migrateCheckpointState } from '../../../src/engine/state-migration';
import { csvProfileWorkflow } from '../../../src/workflows';

/** A version-2 fold snapshot as version 2 wrote it, in the middle of a quoted field. */
const v2Snapshot = {
  delimiter: ',',
  carry: new Uint8Array(0),
  atStart: false,
  quote: '"',
  pending: '',
  pendingBytes: new Uint8Array(0),
  pendingLength: 0,
  parser: {
    mode: 2,
    field: 'half a note',
    quoted: true,
    record: ['7'],
    recordChars: 1,
    skipLF: false,
    fieldStart: 120,
    recordStart: 118,
  },
  header: ['id', 'note'],
  rows: 6,
  raggedRows: 0,
  firstRaggedRow: null,
  columns: [],
};

const checkpoint = (version: number, state: unknown, outputs = {}) => ({
  workflowVersion: version,
  stepIndex: 0,
  stepId: 'profile',
  bytesDone: 131,
  state: state as never,
  outputs,
  stats: {} as never,
});

describe('CSV profile checkpoints of versions 1 to 3', () => {
  it('refuses a fold checkpoint, saying which versions and to start again', () => {
    expect(csvProfileWorkflow.version).toBe(4);
    for (const version of [1, 2]) {
      const out = migrateCheckpointState(
        checkpoint(version, { kind: 'fold', offset: 131, snap: v2Snapshot }),
        csvProfileWorkflow,
      );
      expect('error' in out, `version ${version}`).toBe(true);
      if (!('error' in out)) continue;
      expect(out.error.code).toBe('incompatible-checkpoint');
      expect(out.error.message).toContain(`CSV profile version ${version}`);
      expect(out.error.message).toContain('CSV profile version 4');
      expect(out.error.message).toContain('Start it again');
    }
  });

  it('refuses a version-3 map partial (its summaries are packed the old way)', () => {
    const partial = { rows: 3, columns: [{ table: { values: ['a'], counts: [3] } }] };
    const out = migrateCheckpointState(
      checkpoint(3, { kind: 'map', prefix: 1, partial, doneBeyond: [] }),
      csvProfileWorkflow,
    );
    expect('error' in out).toBe(true);
    if ('error' in out) {
      expect(out.error.code).toBe('incompatible-checkpoint');
      expect(out.error.message).toContain('CSV profile version 3');
    }
  });

  it('refuses a finished version-2 result too (it lacks the fields version 3 reports)', () => {
    const result = { rows: 1, delimiter: ',', raggedRows: 0, firstRaggedRow: null, columns: [] };
    const out = migrateCheckpointState(
      checkpoint(2, { kind: 'start' }, { profile: result }),
      csvProfileWorkflow,
    );
    expect('error' in out).toBe(true);
  });

  it('carries over a checkpoint saved before the first byte', () => {
    const out = migrateCheckpointState(checkpoint(2, { kind: 'start' }), csvProfileWorkflow);
    expect(out).toEqual({ state: { kind: 'start' }, outputs: {} });
  });
});
