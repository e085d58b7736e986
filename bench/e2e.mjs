// End to end, as a user meets it: from pressing "Start" to the run reading "Completed" (the copy
// of the input included), on one generated text file in the page cache, in the same run as the
// standard tools and the browser's bare read of the same picked `File`. Every answer is checked
// against the tool's before it is reported.
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { BASE, MiB, fmt, makeTextFile, mbps, profileContext } from './lib.mjs';
import { E2E_TASKS, warm } from './e2e-tasks.mjs';
import { freshApp, startToCompleted } from './ui-run.mjs';

/**
 * The browser's own read speed for a picked file: a bare worker, `stream()` and 4 MiB slices;
 * `withHash`: also hash-wasm's SHA-256 over it as it is read, and over memory.
 */
async function bareReads(file, size, repeat, withHash = true) {
  const context = await profileContext();
  try {
    let page;
    const open = async () => {
      await page?.close();
      page = await context.newPage();
      await page.goto(`${BASE}/bench/bench.html`);
      await page.waitForFunction(() => globalThis.readPicked !== undefined);
      await page.getByLabel('Bench file').setInputFiles(file);
    };
    await open();
    // Chromium's blob streams now and then leave a read pending for good (the engine reads again
    // on a new stream after a second; a bare read has no such watchdog): an attempt that takes
    // far longer than a read can is dropped with its page and made again on a fresh one.
    const stalled = { count: 0 };
    const evaluate = async (fn, arg) => {
      for (let tries = 0; ; tries++) {
        let timer;
        const limit = new Promise((resolve) => (timer = setTimeout(resolve, 60_000, 'stalled')));
        const r = await Promise.race([page.evaluate(fn, arg), limit]).finally(() =>
          clearTimeout(timer),
        );
        if (r !== 'stalled') return r;
        stalled.count++;
        if (tries === 2) throw new Error('a bare read stalled three times');
        await open();
      }
    };
    const best = async (kind) => {
      let ms = Infinity;
      for (let i = 0; i < Math.max(2, repeat); i++) {
        const r = await evaluate((k) => globalThis.readPicked(k, 4 * 1024 * 1024), kind);
        if (r.bytes !== size) throw new Error(`bare ${kind} read ${r.bytes} bytes of ${size}`);
        ms = Math.min(ms, r.ms);
      }
      return mbps(size, ms / 1000);
    };
    // The ceiling of a SHA-256 run: hash-wasm over the same picked file as it is read, no
    // engine, and the hasher's own speed with no read at all.
    const hash = async (how) => {
      let ms = Infinity;
      for (let i = 0; i < Math.max(2, repeat); i++)
        ms = Math.min(ms, (await evaluate((h) => globalThis.hashPicked(h), how)).ms);
      return mbps(size, ms / 1000);
    };
    // What opening a stream costs: a map chunk (4 MiB) opens one per chunk, the fold's
    // read-ahead one per 64 MiB.
    const spans = async (mib) => {
      let ms = Infinity;
      for (let i = 0; i < Math.max(2, repeat); i++) {
        const r = await evaluate((s) => globalThis.readSpansOf(s), mib * MiB);
        if (r.bytes !== size) throw new Error(`span read ${r.bytes} bytes of ${size}`);
        ms = Math.min(ms, r.ms);
      }
      return mbps(size, ms / 1000);
    };
    // The ceiling of the copy itself: the same read written to OPFS through one sync access
    // handle, flushed once, no engine.
    const bareCopy = async () => {
      let ms = Infinity;
      for (let i = 0; i < Math.max(2, repeat); i++) {
        const r = await evaluate(() => globalThis.copyPicked(1024 * 1024, false));
        if (r.bytes !== size) throw new Error(`bare copy wrote ${r.bytes} bytes of ${size}`);
        ms = Math.min(ms, r.ms);
      }
      return mbps(size, ms / 1000);
    };
    // The ceiling of a Search run with no engine: Search's own chunk code on 2 fresh workers,
    // each streaming its half of the file (as the engine's stripes read), or fed 4 MiB pieces
    // by one more worker streaming the whole file. Both need the two cores for reading and
    // scanning at once, which is what holds Search below the bare read on this machine.
    const searchBare = async () => {
      const out = {};
      for (const t of E2E_TASKS.filter((x) => x.pattern !== undefined))
        for (const mode of ['split', 'fed']) {
          let ms = Infinity;
          for (let i = 0; i < Math.max(2, repeat); i++) {
            const r = await evaluate(
              ([m, p]) => globalThis.searchPicked(m, 2, p),
              [mode, t.pattern],
            );
            if (r.bytes !== size) throw new Error(`bare search read ${r.bytes} bytes of ${size}`);
            ms = Math.min(ms, r.ms);
          }
          out[`${t.key}:${mode}`] = mbps(size, ms / 1000);
        }
      return out;
    };
    return {
      ...(withHash ? { copy: await bareCopy(), search: await searchBare() } : {}),
      stream: await best('stream'),
      slice: await best('slice'),
      ...(withHash ? { per4: await spans(4), per64: await spans(64) } : {}),
      ...(withHash ? { hashRead: await hash('byob'), hashOnly: await hash('memory') } : {}),
      stalled: stalled.count,
    };
  } finally {
    await context.close();
  }
}

/** Best of `repeat` runs of `task` through the UI, each on a fresh profile (nothing shared). */
async function engineRuns(file, task, want, repeat, debug, settings) {
  let best;
  for (let i = 0; i < repeat; i++) {
    const { page, context } = await freshApp(debug, settings);
    try {
      const r = await startToCompleted(page, file, task.label, task.fill);
      task.verify(r.run, want);
      if (!best || r.total < best.total) best = r;
    } finally {
      await context.close();
    }
  }
  return best;
}

const importSeconds = (r) => r.importing?.seconds;

export async function benchE2E(dir, sizeMiB, repeat) {
  const size = sizeMiB * MiB;
  const file = makeTextFile(dir, `e2e-${sizeMiB}m.txt`, size, 12);
  const loadBefore = loadavg()[0];
  try {
    warm(file);
    const tools = Object.fromEntries(E2E_TASKS.map((t) => [t.key, t.tool(file, repeat)]));
    const bare = await bareReads(file, size, repeat);
    const runs = {};
    for (const t of E2E_TASKS) runs[t.key] = await engineRuns(file, t, tools[t.key].want, repeat);
    // The copy alone: the engine's plain copier, which the debug setting `copy: 'first'` runs
    // before any step (its Importing phase), on a SHA-256 run.
    const sha = E2E_TASKS.find((t) => t.key === 'sha256');
    runs.copyFirst = await engineRuns(file, sha, tools.sha256.want, repeat, { copy: 'first' });
    // What the copy costs: the same runs with no copy at all (Settings, "Keep input as: Ask
    // again"; a reload still finds the file in the service worker, a browser restart asks).
    const noCopy = {};
    for (const t of E2E_TASKS)
      noCopy[t.key] = await engineRuns(file, t, tools[t.key].want, 1, undefined, {
        inputMode: 'repick',
      });
    runs.noCopy = noCopy;
    // Measured again after the runs: the ceiling the runs are held to is the best of both, so a
    // busier moment at the start does not lower it.
    const bareAfter = await bareReads(file, size, 1, false);
    const ceiling = Math.max(bare.stream, bare.slice, bareAfter.stream, bareAfter.slice);
    const machine = `${cpus().length} cores; 1-min load ${fmt(loadBefore)} before, ${fmt(loadavg()[0])} after`;
    return sections(sizeMiB, size, tools, { ...bare, after: bareAfter, ceiling }, runs, machine);
  } finally {
    rmSync(file, { force: true });
  }
}

function sections(sizeMiB, size, tools, bare, runs, machine) {
  // The copy alone: today the Importing phase of each run (the fastest of them). An engine that
  // copies while it processes has no such phase; then the row reads how long the copy took
  // within the SHA-256 run (Start → the record saying every byte is copied), overlap included.
  const imports = (runs.copyFirst ? [runs.copyFirst] : Object.values(runs))
    .map(importSeconds)
    .filter((s) => s !== undefined);
  const copy = imports.length
    ? {
        seconds: Math.min(...imports),
        how: runs.copyFirst
          ? "the plain copier (debug copy: 'first'), its Importing phase"
          : 'the Importing phase (fastest run)',
      }
    : { seconds: runs.sha256.copyDone, how: 'Start → all copied, overlapping SHA-256' };
  const copySpeed = mbps(size, copy.seconds);
  const rows = [
    [
      'bare File read, stream()',
      fmt(bare.stream),
      `after the runs: ${fmt(bare.after.stream)}; bare attempts that stalled (dropped, made again): ${bare.stalled + bare.after.stalled}`,
    ],
    [
      'bare File read, slice().arrayBuffer() 4 MiB',
      fmt(bare.slice),
      `after the runs: ${fmt(bare.after.slice)}`,
    ],
    ...(bare.per4
      ? [
          [
            'bare File read, a stream per 4 MiB',
            fmt(bare.per4),
            `as a map chunk reads (one stream per chunk); a stream per 64 MiB (the fold's read-ahead) ${fmt(bare.per64)} MB/s`,
          ],
        ]
      : []),
    ...(bare.hashRead
      ? [
          [
            'bare SHA-256 (hash-wasm) of the File as read',
            fmt(bare.hashRead),
            `no engine: the ceiling of a SHA-256 run; with no read at all ${fmt(bare.hashOnly)} MB/s`,
          ],
        ]
      : []),
    ...(bare.copy
      ? [
          [
            'bare copy of the File into OPFS',
            fmt(bare.copy),
            'no engine: one stream, one sync access handle, one flush at the end',
          ],
        ]
      : []),
    [
      'copy alone',
      fmt(copySpeed),
      `${fmt(copy.seconds)} s, ${copy.how}; ÷ bare read ${fmt(copySpeed / bare.ceiling, 3)}`,
    ],
  ];
  const ratios = [];
  for (const t of E2E_TASKS) {
    const r = runs[t.key];
    const tool = tools[t.key];
    const speed = mbps(size, r.total);
    const nc = runs.noCopy?.[t.key];
    rows.push(
      [`${t.name}: Waymark, Start → Completed`, fmt(speed), `${fmt(r.total)} s`],
      ...(nc
        ? [
            [
              `${t.name}: Waymark, no copy ("Keep input as: Ask again")`,
              fmt(mbps(size, nc.total)),
              `${fmt(nc.total)} s; tool ÷ no copy (time) ${fmt(tool.seconds / nc.total, 3)}`,
            ],
          ]
        : []),
      [
        `${t.name}: ${t.toolName}`,
        fmt(mbps(size, tool.seconds)),
        `${fmt(tool.seconds)} s; tool ÷ Waymark (time) ${fmt(tool.seconds / r.total, 3)}`,
      ],
    );
    if (t.key === 'sha256') ratios.push([`SHA-256 ÷ sha256sum`, tool.seconds / r.total, 0.8]);
    if (t.key === 'count') ratios.push([`Count ÷ wc -lwmc`, tool.seconds / r.total, 1.2]);
    if (t.key === 'rare' || t.key === 'error') {
      ratios.push([`${t.name} ÷ bare File read`, speed / bare.ceiling, 0.8]);
      const split = bare.search?.[`${t.key}:split`];
      const fed = bare.search?.[`${t.key}:fed`];
      if (split !== undefined)
        rows.push([
          `${t.name}: bare, no engine, 2 workers`,
          fmt(split),
          `each streams its half; ${fmt(fed)} MB/s fed by one reader; ÷ bare read ${fmt(Math.max(split, fed) / bare.ceiling, 3)} (the ceiling of this machine); Waymark ÷ the better ${fmt(speed / Math.max(split, fed), 3)}`,
        ]);
    }
  }
  ratios.push(['copy alone ÷ bare File read', copySpeed / bare.ceiling, 0.8]);

  const where = E2E_TASKS.map((t) => {
    const r = runs[t.key];
    const imp = importSeconds(r);
    const processing = r.total - (r.importing?.to ?? 0);
    const note = imp
      ? `import ${fmt(imp)} s (${fmt((100 * imp) / r.total, 1)} %), then ${fmt(processing)} s`
      : r.copyDone !== undefined
        ? `no Importing phase; all copied at ${fmt(r.copyDone)} s, running from ${fmt(r.firstRunning)} s`
        : `no Importing phase, running from ${fmt(r.firstRunning)} s; the copy (behind) stopped at ${fmt((100 * r.run.input.imported) / size, 1)} % and released on completion`;
    return [`${t.name}: Start → Completed`, fmt(r.total), note];
  });
  return [
    {
      title: `End to end, Start → Completed, ${sizeMiB} MiB text in the page cache (default settings, fresh profile per run; ratios against the faster bare read, ${fmt(bare.ceiling)} MB/s; ${machine})`,
      rows,
      ratios,
    },
    {
      title: `Where the time goes, ${sizeMiB} MiB (seconds from the click on Start)`,
      unit: 's',
      rows: where,
    },
  ];
}
