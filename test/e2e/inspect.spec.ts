/**
 * Inspect through the UI, on 1 MiB chunks over two workers: a UTF-8 text with CRLF lines whose
 * CRLF and a 4-byte character straddle chunk seams, and a PNG and a gzip file made by python3 and
 * gzip; and a reload mid-run. "Result" and "Download result" are checked against file(1), wc -l
 * and python3.
 */
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  MiB,
  downloadResult,
  expectState,
  runCard,
  setDebug,
  startRun,
  tmp,
  waitForPercent,
} from './helpers';

let dir: string;

test.beforeAll(() => {
  dir = tmp();
  const script = String.raw`
import sys, struct, zlib, random, subprocess
d, MiB = sys.argv[1], 1 << 20
rng = random.Random(7)
words = ['log', 'café', 'naïve', '東京', 'данные', 'x' * 30, '€100', 'ok']
out = bytearray()
# A CRLF across the first seam and a 4-byte character across the second.
seams = {MiB - 1: b'\r\n', 2 * MiB - 2: '😀'.encode()}
while len(out) < 3 * MiB + 12345:
    for at, piece in seams.items():
        if 0 <= at - len(out) < 500:
            out += b'y' * (at - len(out)) + piece
    out += ' '.join(rng.choice(words) for _ in range(rng.randint(0, 12))).encode() + b'\r\n'
assert out[MiB - 1:MiB + 1] == b'\r\n' and out[2 * MiB - 2:2 * MiB + 2] == '😀'.encode()
open(d + '/notes.txt', 'wb').write(out)
def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
raw = b''.join(b'\0' + bytes(rng.randrange(256) for _ in range(3 * 64)) for _ in range(64))
open(d + '/picture.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 64, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
subprocess.run(['sh', '-c', 'gzip -c notes.txt > notes.txt.gz'], cwd=d, check=True)
`;
  execFileSync('python3', ['-c', script, dir]);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileTool = (flag: string, path: string): string =>
  execFileSync('file', ['-b', flag, path]).toString().trim();

/** python3's view of the bytes: splitlines, line endings, the first longest line. */
function pythonLines(path: string) {
  const script = String.raw`
import sys, json
d = open(sys.argv[1], 'rb').read()
ls = d.splitlines()
m = max(map(len, ls), default=0)
crlf = d.count(b'\r\n')
print(json.dumps({'lines': len(ls), 'lf': d.count(b'\n') - crlf, 'crlf': crlf, 'cr': d.count(b'\r') - crlf,
  'longest': {'bytes': m, 'line': next((i + 1 for i, l in enumerate(ls) if len(l) == m), 0)}}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, path]).toString()) as {
    lines: number;
    lf: number;
    crlf: number;
    cr: number;
    longest: { bytes: number; line: number };
  };
}

/** What Inspect must say of the notes, by file, wc -l and python3. */
function expectedNotes(path: string) {
  const py = pythonLines(path);
  const wcLines = Number(execFileSync('wc', ['-l', path]).toString().trim().split(/\s+/)[0]);
  expect({ lf: py.lf, cr: py.cr }).toEqual({ lf: 0, cr: 0 });
  expect(py.crlf).toBe(wcLines);
  return {
    result: {
      bytes: statSync(path).size,
      type: 'text',
      mime: fileTool('--mime-type', path),
      text: true,
      encoding: fileTool('--mime-encoding', path),
      bom: false,
      lines: py.lines,
      lineEndings: { lf: 0, crlf: wcLines, cr: 0, verdict: 'CRLF' },
      longestLine: py.longest,
      nul: { count: 0, first: null },
      invalidUtf8: { count: 0, first: null },
    },
    summary:
      `UTF-8 text, ${py.lines.toLocaleString('en-US')} lines, CRLF line endings, ` +
      `longest line ${py.longest.bytes.toLocaleString('en-US')} bytes`,
  };
}

test('Inspect: a UTF-8 CRLF text split at its seams, as file, wc -l and python3 see it', async ({
  page,
  context,
}) => {
  await setDebug(context, { settings: { chunkSize: MiB, workers: 2 } });
  const path = join(dir, 'notes.txt');
  const want = expectedNotes(path);
  await page.goto('/');
  await startRun(page, path, 'Inspect');
  const run = runCard(page, 'notes.txt');
  await expectState(run, 'Completed', 90_000);
  const doc = await downloadResult(page, run);
  expect(doc).toMatchObject({
    task: 'Inspect',
    params: {},
    input: { name: 'notes.txt', size: statSync(path).size },
  });
  expect(doc.result).toEqual(want.result);
  await expect(run.getByRole('status', { name: 'Result' })).toHaveText(want.summary);
});

test('Inspect: a reload mid-run resumes from the stored partials and says the same', async ({
  page,
  context,
}) => {
  const path = join(dir, 'reload-notes.txt');
  copyFileSync(join(dir, 'notes.txt'), path);
  const want = expectedNotes(path);
  await setDebug(context, {
    throttleBytesPerSec: 2 * MiB,
    settings: { chunkSize: 128 * 1024, workers: 2, checkpointEveryMs: 300 },
  });
  await page.goto('/');
  await startRun(page, path, 'Inspect');
  const run = runCard(page, 'reload-notes.txt');
  await expectState(run, 'Running');
  const shown = await waitForPercent(run, 30);
  expect(shown).toBeLessThan(90);
  await page.reload();
  await expect(page.getByText(/Resumed 1 unfinished run/)).toBeVisible();
  await expectState(run, 'Completed', 90_000);
  const doc = await downloadResult(page, run);
  expect(doc.result).toEqual(want.result);
  await expect(run.getByRole('status', { name: 'Result' })).toHaveText(want.summary);
});

test('Inspect: a PNG and a gzip file by their magic bytes, as file names them', async ({
  page,
  context,
}) => {
  await setDebug(context, { settings: { chunkSize: MiB, workers: 2 } });
  await page.goto('/');
  const files = [
    { name: 'picture.png', summary: 'PNG image (image/png), binary' },
    { name: 'notes.txt.gz', summary: 'Gzip compressed data (application/gzip), binary' },
  ];
  for (const f of files) await startRun(page, join(dir, f.name), 'Inspect');
  for (const f of files) {
    const path = join(dir, f.name);
    const run = runCard(page, f.name);
    await expectState(run, 'Completed', 90_000);
    const doc = await downloadResult(page, run);
    expect(doc.input).toEqual({ name: f.name, size: statSync(path).size });
    expect(doc.result).toMatchObject({
      mime: fileTool('--mime-type', path),
      encoding: fileTool('--mime-encoding', path),
      text: false,
    });
    await expect(run.getByRole('status', { name: 'Result' })).toHaveText(f.summary);
  }
});
