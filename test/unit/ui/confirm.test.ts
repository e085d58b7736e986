import { describe, expect, it } from 'vitest';
import type { CheckpointView, RunView } from '../../../src/app/types';
import { cancelSpec, deleteSpec, restoreSpec } from '../../../src/ui/confirm';

type Facts = Parameters<typeof deleteSpec>[0];

const checkpoint = (seq: number, bytesDone = seq * 1024): CheckpointView => ({
  seq,
  at: 0,
  reason: 'interval',
  stepId: 'hash',
  stepIndex: 1,
  bytesDone,
  pinned: false,
  boundary: false,
});

function run(over: Partial<Facts> = {}): Facts {
  const base: Pick<
    RunView,
    'input' | 'status' | 'checkpoints' | 'hasOutputFile' | 'copyGone' | 'step'
  > = {
    input: { name: 'remote.bin', size: 4096, mode: 'opfs' },
    step: { id: 'hash', index: 1, count: 2 },
    status: 'running',
    checkpoints: [checkpoint(1), checkpoint(2), checkpoint(3)],
    hasOutputFile: false,
    copyGone: false,
  };
  return { ...base, ...over };
}

const text = (lines: string[]) => lines.join(' ');

describe('deleteSpec', () => {
  it('names the action and the way back, and lists what is lost', () => {
    const s = deleteSpec(run({ hasOutputFile: true }), 'own');
    expect(s.confirmLabel).toBe('Delete run');
    expect(s.backLabel).toBe('Keep run');
    expect(s.title).toBe('Delete remote.bin?');
    expect(s.destructive).toBe(true);
    const t = text(s.lines);
    expect(t).toContain('stops and is deleted');
    expect(t).toContain('3 checkpoints');
    expect(t).toContain('its output file');
    expect(t).toContain('its copy of the input');
    expect(t).toContain('cannot be undone');
  });

  it('keeps a shared input copy, and says so', () => {
    const t = text(deleteSpec(run({ status: 'completed' }), 'shared').lines);
    expect(t).not.toContain('its copy of the input');
    expect(t).toContain('another run uses it');
    expect(t).toContain('its result');
    expect(t).not.toContain('stops');
  });

  it('hedges when the sharing is not known, and says nothing of a copy that is gone', () => {
    expect(text(deleteSpec(run(), 'unknown').lines)).toContain('unless another run shares it');
    const gone = text(deleteSpec(run({ copyGone: true }), 'unknown').lines);
    expect(gone).not.toContain('copy');
    const handle = text(
      deleteSpec(run({ input: { name: 'a', size: 1, mode: 'handle' } }), 'own').lines,
    );
    expect(handle).not.toContain('copy of the input');
  });

  it('counts one checkpoint in the singular', () => {
    expect(text(deleteSpec(run({ checkpoints: [checkpoint(1)] }), 'own').lines)).toContain(
      '1 checkpoint,',
    );
  });
});

describe('cancelSpec', () => {
  it('says the run stops for good and its partial work is lost', () => {
    const s = cancelSpec(run());
    expect(s.confirmLabel).toBe('Cancel run');
    expect(s.backLabel).toBe('Keep run');
    expect(s.destructive).toBe(true);
    const t = text(s.lines);
    expect(t).toContain('stops for good');
    expect(t).toContain('partial work is lost');
    expect(t).toContain('3 checkpoints');
    expect(t).toContain('and its input copy');
  });

  it('names no input copy where the run has none', () => {
    const handle = run({ input: { name: 'a', size: 1, mode: 'handle' } });
    expect(text(cancelSpec(handle).lines)).not.toContain('copy');
    expect(text(cancelSpec(run({ copyGone: true })).lines)).not.toContain('copy');
  });

  it('says no work is lost for a queued run with no checkpoint', () => {
    const t = text(cancelSpec(run({ status: 'queued', checkpoints: [] })).lines);
    expect(t).toContain('no work is lost');
    expect(t).not.toContain('checkpoint');
  });
});

describe('restoreSpec', () => {
  it('names checkpoint N and says where the run goes back to', () => {
    const r = run({ status: 'paused' });
    const s = restoreSpec(r, checkpoint(2, 1536));
    expect(s.confirmLabel).toBe('Restore checkpoint 2');
    expect(s.title).toBe('Restore checkpoint 2?');
    expect(s.backLabel).toBe('Back');
    expect(s.destructive).toBe(false);
    const t = text(s.lines);
    expect(t).toContain('goes back to checkpoint 2 (1.5 KiB done)');
    expect(t).toContain('Kept: 1 later checkpoint stays in the history');
    expect(t).not.toContain('result');
  });

  it("warns that a completed run's result is replaced", () => {
    const t = text(restoreSpec(run({ status: 'completed' }), checkpoint(1)).lines);
    expect(t).toContain('Its result is removed now');
    expect(t).toContain('2 later checkpoints stay');
  });

  it('says a running run is paused first, and that a missing copy asks for the file', () => {
    expect(text(restoreSpec(run(), checkpoint(3)).lines)).toContain('paused first');
    expect(text(restoreSpec(run({ copyGone: true }), checkpoint(3)).lines)).toContain(
      'asked for the file',
    );
  });

  it('asks for no file from the final checkpoint, where no step is left to read it', () => {
    const final = { ...checkpoint(4), stepId: 'done', stepIndex: 2 };
    const t = text(restoreSpec(run({ copyGone: true, status: 'completed' }), final).lines);
    expect(t).not.toContain('asked for the file');
  });
});
