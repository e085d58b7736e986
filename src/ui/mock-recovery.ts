/** The preview's recovery banner: one line per run of the mock, as the app words them. */
import { recoveryLine } from '../app/recovery-notice';
import type { RunView } from '../app/types';

export function mockRecoveryLines(runs: readonly RunView[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: string[] = [];
  const line = (id: string, how: 'resumed' | 'interrupted', seq?: number, percent = 0) => {
    const v = byId.get(id);
    if (v) out.push(recoveryLine(v, how, seq === undefined ? undefined : { seq, percent }));
  };
  line('r-running', 'resumed', 12, 68);
  line('r-repick', 'interrupted');
  line('r-incompatible', 'resumed', 1, 0);
  return out;
}
