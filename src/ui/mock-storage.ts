/** The storage view's sample data for the mock app (a shared copy, a freed one, outputs). */
import type { StorageView } from '../app/types';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export function mockStorage(): StorageView {
  return {
    usage: 3.2 * GiB,
    quota: 120 * GiB,
    persisted: false,
    report: {
      runs: [
        {
          runId: 'a',
          name: 'access.log',
          status: 'running',
          copy: 2 * GiB,
          shared: true,
          released: false,
          outputs: 0,
          records: 40_000,
        },
        {
          runId: 'b',
          name: 'access.log',
          status: 'completed',
          copy: 2 * GiB,
          shared: true,
          released: false,
          outputs: 0,
          records: 12_000,
        },
        {
          runId: 'c',
          name: 'backup.tar',
          status: 'completed',
          copy: 0,
          shared: false,
          released: true,
          outputs: 700 * MiB,
          records: 90_000,
        },
        {
          runId: 'd',
          name: 'dump.sql',
          status: 'completed',
          copy: 300 * MiB,
          shared: false,
          released: false,
          outputs: 41 * MiB,
          records: 8_000,
        },
      ],
      copies: 2 * GiB + 300 * MiB,
      outputs: 741 * MiB,
      records: 150_000,
      // Only dump.sql's copy is its own; access.log's is shared with a run still going.
      freeInputCopies: 300 * MiB,
      deleteCompleted: 1041 * MiB + 110_000,
    },
  };
}
