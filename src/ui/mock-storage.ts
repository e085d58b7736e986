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
      ],
      copies: 2 * GiB,
      outputs: 700 * MiB,
      records: 142_000,
      freeInputCopies: 0,
      deleteCompleted: 700 * MiB + 102_000,
    },
  };
}
