// The map tasks side by side with the standard tools on one generated text file: Count against
// `wc -lwmc`, Search (literal) against `grep -c`, Gzip against `gzip -6` (and `pigz -p2` where
// installed), and each task with 1 worker against 2. Every engine answer is checked against the
// tool's before it is reported: a wrong answer throws.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BASE,
  MiB,
  appPage,
  commandExists,
  fmt,
  makeTextFile,
  mbps,
  profileContext,
  timeCommand,
  timedRun,
} from './lib.mjs';

const ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
// "error" is on about half the lines of the generated text (a match every ~60 bytes): the hard
// case. RARE is on a few lines in a million, as a specific id in a log would be.
export const PATTERN = 'error';
export const RARE = 'x x x x x';
const WORKERS = [1, 2];

/** Output of a shell pipeline (not timed: used to check answers). */
const sh = (script, ...args) =>
  execFileSync('sh', ['-c', script, 'sh', ...args], { env: ENV, maxBuffer: 1 << 30 }).toString();

async function sha256File(path) {
  const h = createHash('sha256');
  for await (const b of createReadStream(path)) h.update(b);
  return h.digest('hex');
}

export function check(what, engine, tool) {
  const a = JSON.stringify(engine);
  const b = JSON.stringify(tool);
  if (a !== b) throw new Error(`${what}: the engine says ${a}, the tool says ${b}`);
}

/**
 * What a second worker can buy on this machine at all, measured in the same run: two native
 * processes, and two bare browser workers doing pure JavaScript or reading OPFS, against one.
 * On a shared 2-core VM this is well below 2, and it bounds the engine's "2 workers ÷ 1".
 */
export async function machineCeiling(b, file, sizeMiB, repeat) {
  const one = timeCommand('sha256sum', [file], repeat);
  const two = timeCommand(
    'sh',
    ['-c', 'sha256sum "$1" >/dev/null & sha256sum "$1" >/dev/null; wait', 'sh', file],
    repeat,
  );
  const native = (2 * one.seconds) / two.seconds;
  const context = await profileContext();
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/bench/bench.html`);
    await page.waitForFunction(() => globalThis.parallelBaseline !== undefined);
    const mib = Math.max(64, Math.round(sizeMiB / 8) * 8);
    await page.evaluate((m) => globalThis.makeOpfsFile('ceiling.bin', m), mib);
    const best = async (kind, n) => {
      let ms = Infinity;
      for (let i = 0; i < Math.max(2, repeat); i++)
        ms = Math.min(
          ms,
          (
            await page.evaluate(
              ([k, w, m]) => globalThis.parallelBaseline(k, w, m, 'ceiling.bin'),
              [kind, n, mib],
            )
          ).ms,
        );
      return mbps(mib * MiB, ms / 1000);
    };
    const spin1 = await best('spin', 1);
    const spin2 = await best('spin', 2);
    const read1 = await best('read', 1);
    const read2 = await best('read', 2);
    return {
      spin: spin2 / spin1,
      section: {
        title: `This machine: what a second worker buys with no engine (${cpus().length} cores)`,
        rows: [
          ['sha256sum, 1 process', fmt(mbps(sizeMiB * MiB, one.seconds)), ''],
          [
            'sha256sum, 2 processes at once (total)',
            fmt(mbps(2 * sizeMiB * MiB, two.seconds)),
            `2 ÷ 1 = ${fmt(native, 3)}`,
          ],
          ['bare JS loop, 1 worker', fmt(spin1), `${mib} MiB in memory`],
          ['bare JS loop, 2 workers', fmt(spin2), `2 ÷ 1 = ${fmt(spin2 / spin1, 3)}`],
          ['bare OPFS read (4 MiB slices), 1 worker', fmt(read1), `${mib} MiB`],
          [
            'bare OPFS read (4 MiB slices), 2 workers',
            fmt(read2),
            `2 ÷ 1 = ${fmt(read2 / read1, 3)}`,
          ],
        ],
      },
    };
  } finally {
    await context.close();
  }
}

/** `only`: the tasks to run ('count', 'search', 'gzip'), all by default. */
export async function benchTasks(b, dir, sizeMiB, repeat, only = ['count', 'search', 'gzip']) {
  const want = (task) => only.includes(task);
  const size = sizeMiB * MiB;
  const loadBefore = loadavg()[0];
  const file = makeTextFile(dir, `tasks-${sizeMiB}m.txt`, size, 7);
  const name = file.split('/').at(-1);

  // The tools, timed (best of `repeat`), and their answers.
  const wc = want('count') ? timeCommand('wc', ['-lwmc', file], repeat) : undefined;
  const [lines, words, chars, bytes] = wc ? wc.out.trim().split(/\s+/).map(Number) : [];
  const wantCount = { bytes, lines, words, chars };
  const grepC = want('search')
    ? timeCommand('grep', ['-a', '-F', '-c', '-e', PATTERN, file], repeat)
    : undefined;
  const grepRare = want('search')
    ? timeCommand('grep', ['-a', '-F', '-c', '-e', RARE, file], repeat)
    : undefined;
  const grepO = (pattern) => Number(sh('grep -a -F -o -e "$1" "$2" | wc -l', pattern, file).trim());
  const wantRare = grepRare && {
    matchingLines: Number(grepRare.out.trim()),
    matches: grepO(RARE),
  };
  const wantSearch = grepC && {
    matchingLines: Number(grepC.out.trim()),
    matches: grepO(PATTERN),
  };
  const gzip = want('gzip')
    ? timeCommand('sh', ['-c', 'gzip -6 -c "$1" > /dev/null', 'sh', file], repeat)
    : undefined;
  const gzipBytes = gzip && Number(sh('gzip -6 -c "$1" | wc -c', file).trim());
  const pigz =
    want('gzip') && commandExists('pigz')
      ? timeCommand('sh', ['-c', 'pigz -6 -p 2 -c "$1" > /dev/null', 'sh', file], repeat)
      : undefined;

  /** The engine: best of `repeat` runs, each in a fresh page (its own storage). */
  const engine = async (workers, label, fill, verify) => {
    let best;
    for (let i = 0; i < repeat; i++) {
      const { page, context } = await appPage(b, { workers, chunkSize: 4 * MiB });
      try {
        const r = await timedRun(page, file, label, fill);
        await verify(r.run, page);
        if (!best || r.seconds < best.seconds) best = r;
      } finally {
        await context.close();
      }
    }
    return best;
  };

  const count = (r) => {
    const { bytes, lines, words, chars } = r.result;
    check('Count vs wc -lwmc', { bytes, lines, words, chars }, wantCount);
  };
  // Search's own chunk function in one bare worker on the engine's OPFS copy (first run only):
  // what the search code costs, and what reading and the engine add to it.
  let bareSearch;
  const search = async (r, page) => {
    check(
      'Search vs grep -c / grep -o | wc -l',
      { matchingLines: r.result.matchingLines, matches: r.result.matches },
      wantSearch,
    );
    if (bareSearch) return;
    const bare = await page.context().newPage();
    try {
      await bare.goto(`${BASE}/bench/bench.html`);
      await bare.waitForFunction(() => globalThis.bench !== undefined);
      let best;
      for (let i = 0; i < Math.max(2, repeat); i++) {
        const b = await bare.evaluate(
          ([path, pattern, chunk]) => globalThis.bench.searchBare(path, pattern, chunk),
          [`waymark/${r.input.opfsPath}`, PATTERN, 4 * MiB],
        );
        check('bare Search loop', { matchingLines: b.lines, matches: b.matches }, wantSearch);
        if (!best || b.ms < best.ms) best = b;
      }
      bareSearch = best;
    } finally {
      await bare.close();
    }
  };
  const fillSearch = async (page, pattern = PATTERN) => {
    await page.getByLabel('Pattern').fill(pattern);
    await page.getByLabel('Regular expression').setChecked(false);
    await page.getByLabel('Ignore case').setChecked(false);
  };
  // The first Gzip output is downloaded and checked with gunzip + cmp; the outputs of later runs
  // (same chunk size, so the same members) must have the same SHA-256.
  let gzDigest;
  let gzBytes;
  const gz = async (r, page) => {
    if (r.result.inputBytes !== size)
      throw new Error(`Gzip read ${r.result.inputBytes} bytes of ${size}`);
    if (gzDigest === undefined) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 0 }),
        page
          .getByRole('article', { name })
          .getByRole('button', { name: 'Download output' })
          .click(),
      ]);
      const out = join(dir, `${name}.gz`);
      await download.saveAs(out);
      try {
        const same = sh(
          'gunzip -c "$1" | cmp -s - "$2" && echo same || echo differs',
          out,
          file,
        ).trim();
        if (same !== 'same')
          throw new Error('Gzip output: gunzip -c | cmp says it differs from the input');
        const digest = await sha256File(out);
        check(
          'Gzip output',
          { bytes: statSync(out).size, sha256: digest },
          {
            bytes: r.result.outputBytes,
            sha256: r.result.sha256OfOutput,
          },
        );
        gzDigest = digest;
        gzBytes = r.result.outputBytes;
      } finally {
        rmSync(out, { force: true });
      }
    } else check('Gzip output SHA-256 across runs', r.result.sha256OfOutput, gzDigest);
  };

  const tasks = [
    { task: 'Count', label: 'Count', verify: count },
    { task: 'Search', label: 'Search', fill: fillSearch, verify: search },
    {
      task: 'Search (rare)',
      label: 'Search',
      fill: (page) => fillSearch(page, RARE),
      verify: (r) =>
        check(
          'Search (rare) vs grep -c / grep -o | wc -l',
          { matchingLines: r.result.matchingLines, matches: r.result.matches },
          wantRare,
        ),
    },
    { task: 'Gzip', label: 'Gzip', verify: gz },
  ].filter((t) => want(t.task.split(' ')[0].toLowerCase()));
  const runs = {};
  for (const t of tasks)
    for (const w of WORKERS) runs[`${t.task}/${w}`] = await engine(w, t.label, t.fill, t.verify);

  const speed = (task, w) => mbps(size, runs[`${task}/${w}`].seconds);
  const bestOf = (task) => (speed(task, 2) >= speed(task, 1) ? 2 : 1);
  const workersNote = (w) => `${w} worker${w > 1 ? 's' : ''}`;

  const sections = [];
  const vsTool = (title, task, toolName, tool, goal, notes = {}) => {
    const w = bestOf(task);
    const rows = WORKERS.map((n) => [
      `${task} engine (${workersNote(n)}, 4 MiB chunks)`,
      fmt(speed(task, n)),
      `${runs[`${task}/${n}`].run.lastSeq} checkpoints${notes.engine ? `; ${notes.engine}` : ''}`,
    ]);
    rows.push([toolName, fmt(mbps(size, tool.seconds)), notes.tool ?? '']);
    return {
      title,
      rows,
      ratios: [
        [
          `${task} (${workersNote(w)}) ÷ ${toolName}`,
          speed(task, w) / mbps(size, tool.seconds),
          goal,
        ],
      ],
    };
  };
  if (want('count'))
    sections.push(
      vsTool(`Count vs wc, ${sizeMiB} MiB text`, 'Count', 'wc -lwmc (C.UTF-8)', wc, 0.5, {
        tool: `${lines} lines, ${words} words, ${chars} chars`,
      }),
    );
  if (want('search')) {
    const s = vsTool(
      `Search (literal "${PATTERN}") vs grep, ${sizeMiB} MiB text`,
      'Search',
      'grep -c -F',
      grepC,
      0.5,
      { tool: `${wantSearch.matchingLines} lines, ${wantSearch.matches} matches` },
    );
    s.rows.splice(
      2,
      0,
      [
        'Search chunk code, bare loop in 1 worker',
        fmt(mbps(size, bareSearch.ms / 1000)),
        'reads included, no engine',
      ],
      [
        'Search chunk code alone (reads excluded)',
        fmt(mbps(size, bareSearch.computeMs / 1000)),
        '',
      ],
    );
    sections.push(
      s,
      vsTool(
        `Search (literal "${RARE}", rare) vs grep, ${sizeMiB} MiB text`,
        'Search (rare)',
        'grep -c -F',
        grepRare,
        0.5,
        { tool: `${wantRare.matchingLines} lines, ${wantRare.matches} matches` },
      ),
    );
  }
  if (want('gzip')) {
    const gzSection = vsTool(
      `Gzip vs gzip -6, ${sizeMiB} MiB text`,
      'Gzip',
      'gzip -6 -c',
      gzip,
      1.5,
      {
        engine: `${fmt(gzBytes / MiB, 1)} MiB out`,
        tool: `${fmt(gzipBytes / MiB, 1)} MiB out`,
      },
    );
    if (pigz) {
      gzSection.rows.push(['pigz -6 -p 2 -c', fmt(mbps(size, pigz.seconds)), '']);
      const w = bestOf('Gzip');
      gzSection.ratios.push([
        `Gzip (${workersNote(w)}) ÷ pigz -p2`,
        speed('Gzip', w) / mbps(size, pigz.seconds),
        0.75,
      ]);
    } else gzSection.rows.push(['pigz -p2', 'n/a', 'not installed']);
    sections.push(gzSection);
  }
  const machine = await machineCeiling(b, file, sizeMiB, repeat);
  sections.push(machine.section);
  sections.push({
    title: `Map tasks: 2 workers vs 1, ${sizeMiB} MiB text, 4 MiB chunks (${cpus().length} cores; 1-min load ${fmt(loadBefore)} before, ${fmt(loadavg()[0])} after)`,
    rows: [],
    ratios: tasks.flatMap((t) => {
      const r = speed(t.task, 2) / speed(t.task, 1);
      return [
        [`${t.task}: 2 workers ÷ 1`, r, 1.8],
        [`${t.task}: (2 ÷ 1) ÷ the machine's bare JS (2 ÷ 1)`, r / machine.spin, 0.9],
      ];
    }),
  });
  rmSync(file, { force: true });
  return sections;
}
