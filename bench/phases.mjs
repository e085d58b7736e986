// The phases of one run from the engine's run events, as recorded by bench/ui-run.mjs: whatever
// phases there are. Today a run is queued, importing (the copy), then running; an engine that
// copies while it processes has no importing status, and then the copy ends with the first run
// record whose `input.imported` reaches the input's size.

/**
 * `b`: `{ t0, ui, events }`, times in ms (the click on Start, "Completed" shown) and the run
 * events `{ t, id, status, imported, size }` in order. Returns seconds from the click.
 */
export function phases(b) {
  const mine = b.events.filter((e) => e.t >= b.t0);
  const id = mine.find((e) => e.status !== 'completed')?.id ?? mine[0]?.id;
  const ev = mine.filter((e) => e.id === id);
  const s = (t) => (t === undefined ? undefined : (t - b.t0) / 1000);
  const first = (f) => ev.find(f)?.t;
  // The time spent importing: every stretch of the importing status (a pause may cut it).
  let importing;
  for (let i = 0; i < ev.length; i++) {
    if (ev[i].status !== 'importing' || ev[i - 1]?.status === 'importing') continue;
    let j = i;
    while (j < ev.length && ev[j].status === 'importing') j++;
    const to = ev[j]?.t ?? b.ui;
    importing ??= { from: s(ev[i].t), to: 0, seconds: 0 };
    importing.to = s(to);
    importing.seconds += (to - ev[i].t) / 1000;
  }
  return {
    id,
    total: s(b.ui),
    engineCompleted: s(first((e) => e.status === 'completed')),
    importing,
    copyDone: s(first((e) => e.size !== undefined && e.imported >= e.size)),
    firstRunning: s(first((e) => e.status === 'running')),
  };
}
