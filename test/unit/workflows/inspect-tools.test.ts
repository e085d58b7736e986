/**
 * Inspect against the real tools: the MIME type and encoding `file --mime-type -b` and
 * `file --mime-encoding -b` (5.44) give for files made by the real producers (gzip, bzip2, xz,
 * zstd, python3's zipfile, tarfile, sqlite3 and wave) or with the format's documented header,
 * and for system ELF binaries and libraries; `wc -l` for the LF count, and a python3 one-liner
 * over the bytes (`bytes.splitlines`, CPython's UTF-8 decoder) for lines, the longest line,
 * invalid UTF-8 and NULs, with `wc -L` where it measures the same thing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectWorkflow, type InspectResult } from '../../../src/workflows/inspect';
import { driveWorkflow } from '../helpers/drive';
import { KiB, tempDir, textFixture, utf8 } from './support/fixtures';
import { hasTool, wc } from './support/reference';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
const fileTool = (flag: string, path: string): string =>
  execFileSync('file', ['-b', '-L', flag, path], { env }).toString().trim();

async function inspectFile(path: string, chunkSize: number): Promise<InspectResult> {
  const bytes = new Uint8Array(readFileSync(path));
  return (await driveWorkflow(inspectWorkflow, bytes, {}, { chunkSize, combine: 'random-tree' }))
    .result;
}

/** Our encoding names one of file's, or file names one we don't (then there is nothing to compare). */
const OUR_ENCODINGS = ['us-ascii', 'utf-8', 'utf-16le', 'utf-16be', 'iso-8859-1', 'binary'];
function expectEncodingLike(ours: string, theirs: string, what: string): void {
  if (!OUR_ENCODINGS.includes(theirs)) return;
  expect(ours.split('/'), `${what}: file says ${theirs}`).toContain(theirs);
}

/** Writes the fixtures with the real producers where there is one; returns their paths. */
function makeFixtures(): string[] {
  const script = String.raw`
import sys, os, struct, zlib, zipfile, tarfile, sqlite3, wave, subprocess
os.chdir(sys.argv[1])
def w(name, data): open(name, 'wb').write(data)
w('plain.txt', b'hello world\n' * 50)
subprocess.run('gzip -c plain.txt > plain.gz && bzip2 -c plain.txt > plain.bz2 && xz -c plain.txt > plain.xz', shell=True, check=True)
if subprocess.run('command -v zstd', shell=True, capture_output=True).returncode == 0:
    subprocess.run('zstd -q -c plain.txt > plain.zst', shell=True, check=True)
with zipfile.ZipFile('a.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('a.txt', 'hello ' * 100)
with tarfile.open('a.tar', 'w', format=tarfile.USTAR_FORMAT) as t: t.add('plain.txt')
with tarfile.open('gnu.tar', 'w', format=tarfile.GNU_FORMAT) as t: t.add('plain.txt')
c = sqlite3.connect('a.sqlite'); c.execute('create table t(x)'); c.commit(); c.close()
s = wave.open('a.wav', 'wb'); s.setnchannels(1); s.setsampwidth(2); s.setframerate(8000); s.writeframes(b'\0\1' * 800); s.close()
def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
w('a.png', b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\0\xff\0\0')) + chunk(b'IEND', b''))
w('a.pdf', b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
w('a.gif', b'GIF89a\x01\x00\x01\x00\x00\x00\x00;')
w('a.jpg', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' + b'\0' * 20)
w('a.webp', b'RIFF\x24\0\0\0WEBPVP8 ' + b'\0' * 30)
w('a.tif', b'II*\x00\x08\x00\x00\x00' + b'\0' * 20)
w('a.bmp', b'BM' + struct.pack('<IHHI', 70, 0, 0, 54) + struct.pack('<IiiHHIIiiII', 40, 1, 1, 1, 24, 0, 4, 0, 0, 0, 0) + b'\0' * 4)
w('a.wasm', b'\0asm\x01\0\0\0')
w('a.7z', b'7z\xbc\xaf\x27\x1c\x00\x04' + b'\0' * 24)
w('a.rar', b'Rar!\x1a\x07\x01\x00' + b'\0' * 30)
w('id3.mp3', b'ID3\x03\x00\x00\x00\x00\x00\x0a' + b'\0' * 10 + b'\xff\xfb\x90\x00' + b'\0' * 400)
w('frames.mp3', (b'\xff\xfb\x90\x00' + b'\0' * 413) * 3)
w('a.mp4', struct.pack('>I', 24) + b'ftypisom\0\0\x02\0isomiso2' + struct.pack('>I', 8) + b'free')
w('a.mov', struct.pack('>I', 20) + b'ftypqt  \0\0\x02\0qt  ' + struct.pack('>I', 8) + b'free')
w('a.ogg', b'OggS\x00\x02' + b'\0' * 20 + b'\x01\x1e\x01vorbis' + b'\0' * 40)
w('opus.ogg', b'OggS\x00\x02' + b'\0' * 20 + b'\x01\x13OpusHead\x01\x02' + b'\0' * 40)
w('theora.ogv', b'OggS\x00\x02' + b'\0' * 20 + b'\x01\x2a\x80theora' + b'\0' * 40)
w('a.flac', b'fLaC\x00\x00\x00\x22' + b'\0' * 34)
w('a.mid', b'MThd\0\0\0\x06\0\0\0\x01\0\x60MTrk\0\0\0\x04\0\xff\x2f\0')
w('a.woff2', b'wOF2\0\x01\0\0' + b'\0' * 40)
w('a.class', b'\xca\xfe\xba\xbe\x00\x00\x00\x34' + b'\0' * 20)
w('fat.macho', b'\xca\xfe\xba\xbe\x00\x00\x00\x02' + b'\x01\x00\x00\x07' + b'\0' * 36)
w('a.macho', b'\xcf\xfa\xed\xfe\x07\x00\x00\x01\x03\x00\x00\x00\x02\x00\x00\x00' + b'\0' * 32)
w('a.ole', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504)
iso = bytearray(0x8000 + 4096); iso[0x8000:0x8006] = b'\x01CD001'; w('a.iso', bytes(iso))
pe = bytearray(512); pe[0:2] = b'MZ'; pe[0x3c:0x40] = struct.pack('<I', 0x80); pe[0x80:0x84] = b'PE\0\0'
pe[0x84:0x86] = struct.pack('<H', 0x8664); pe[0x94:0x96] = struct.pack('<H', 0xf0); pe[0x96:0x98] = struct.pack('<H', 0x22); pe[0x98:0x9a] = struct.pack('<H', 0x20b)
w('a.exe', bytes(pe))
w('dos.exe', b'MZ\x90\x00' + b'\0' * 508)
w('a.deb', b'!<arch>\ndebian-binary   0           0     0     100644  4         \x60\n2.0\n')
w('a.xml', b'<?xml version="1.0"?>\n<a/>\n')
w('a.rtf', b'{\\rtf1\\ansi hello}\n')
w('a.ps', b'%!PS-Adobe-3.0\n%%EOF\n')
w('utf8.txt', 'naïve café, 東京 😀\nline two\n'.encode())
w('utf8-bom.txt', '\ufeffnaïve café\nline two\n'.encode())
w('utf16le-bom.txt', '\ufeffhéllo wörld\r\nline two\r\n'.encode('utf-16-le'))
w('utf16be-bom.txt', '\ufeffhéllo wörld\nline two\n'.encode('utf-16-be'))
w('ascii-crlf.txt', b'one\r\ntwo\r\nthree\r\n')
w('latin1.txt', 'caf\xe9 na\xefve \xfcber\nzweite Zeile\n'.encode('latin-1'))
w('controls.bin', b'abc\x01def\n')
w('nul.bin', b'abc\x00def\n')
`;
  execFileSync('python3', ['-c', script, tmp.dir]);
  return execFileSync('ls', [tmp.dir])
    .toString()
    .trim()
    .split('\n')
    .map((n) => join(tmp.dir, n));
}

/** System ELF files of each kind `file` tells apart (PIE executable, library), where present. */
function elfFiles(): string[] {
  const candidates = [
    '/bin/true',
    '/usr/bin/env',
    '/usr/bin/python3',
    '/lib/x86_64-linux-gnu/libc.so.6',
    '/lib/x86_64-linux-gnu/libz.so.1',
    '/lib/x86_64-linux-gnu/libm.so.6',
    '/lib64/ld-linux-x86-64.so.2',
  ];
  return candidates.filter((p) => existsSync(p)).map((p) => realpathSync(p));
}

describe('Inspect agrees with file(1)', () => {
  it('names the MIME type and encoding of real files of every kind it knows', async () => {
    const paths = makeFixtures();
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const mime = fileTool('--mime-type', path);
      const encoding = fileTool('--mime-encoding', path);
      for (const cs of [7, 64 * KiB]) {
        const r = await inspectFile(path, cs);
        expect(r.mime, `${path} (chunk ${cs}): ${r.type}`).toBe(mime);
        expectEncodingLike(r.encoding, encoding, path);
      }
    }
  });

  it('tells PIE executables from shared libraries and objects as file does', async () => {
    const paths = elfFiles();
    const built: string[] = [];
    if (hasTool('gcc')) {
      const src = tmp.write('hello.c', utf8('int main(void) { return 0; }\n'));
      const exe = join(tmp.dir, 'static-exe');
      const obj = join(tmp.dir, 'hello.o');
      if (spawnSync('gcc', ['-no-pie', '-o', exe, src]).status === 0) built.push(exe);
      if (spawnSync('gcc', ['-c', '-o', obj, src]).status === 0) built.push(obj);
    }
    const kinds = new Set<string>();
    for (const path of [...paths, ...built]) {
      const mime = fileTool('--mime-type', path);
      const r = await inspectFile(path, 256 * KiB);
      expect(r.mime, path).toBe(mime);
      kinds.add(mime);
    }
    expect([...kinds]).toContain('application/x-pie-executable');
    expect([...kinds]).toContain('application/x-sharedlib');
    // A non-PIE executable and a relocatable object, where a compiler made them.
    expect(kinds.size).toBe(2 + built.length);
  });
});

/** python3 over the bytes: splitlines, the first longest line, NULs, CPython's U+FFFD count. */
function pythonFacts(path: string): {
  lines: number;
  longest: number;
  longestLine: number;
  nul: number;
  firstNul: number;
  invalid: number;
} {
  const script = String.raw`
import sys, json
d = open(sys.argv[1], 'rb').read()
ls = d.splitlines()
m = max(map(len, ls), default=0)
print(json.dumps({'lines': len(ls), 'longest': m,
  'longestLine': next((i + 1 for i, l in enumerate(ls) if len(l) == m), 0),
  'nul': d.count(b'\0'), 'firstNul': d.find(b'\0'),
  'invalid': d.decode('utf-8', 'replace').count('\ufffd') - d.decode('utf-8', 'ignore').count('\ufffd')}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, path]).toString());
}

describe('Inspect agrees with wc and python3 on lines', () => {
  const inputs: [string, Uint8Array][] = [
    ['log with CRLF, invalid UTF-8, NULs and long lines', textFixture(21, 300 * KiB)],
    [
      'ASCII, LF, no tabs',
      utf8(Array.from({ length: 3000 }, (_, i) => 'w'.repeat(i % 97)).join('\n')),
    ],
    ['CR only', utf8('one\rtwo\rthree longest\rfour')],
    ['empty lines and a final CR', utf8('\n\n\r\n\r\r\nx\r')],
  ];

  it.each(inputs)('%s', async (name, bytes) => {
    const path = tmp.write(`${name.replace(/\W+/g, '-')}.txt`, bytes);
    const py = pythonFacts(path);
    for (const cs of [1000, 4097, 64 * KiB]) {
      const r = await inspectFile(path, cs);
      const where = `${name}, chunk ${cs}`;
      expect(r.lineEndings.lf + r.lineEndings.crlf, `${where}: wc -l`).toBe(wc(path).lines);
      expect(r.lines, where).toBe(py.lines);
      expect(r.longestLine, where).toEqual({ bytes: py.longest, line: py.longestLine });
      expect(r.nul, where).toEqual({
        count: py.nul,
        first: py.firstNul === -1 ? null : py.firstNul,
      });
      expect(r.invalidUtf8.count, where).toBe(py.invalid);
    }
    // wc -L measures display columns; on printable ASCII without tabs or CR those are bytes.
    if (bytes.every((b) => b === 10 || (b >= 0x20 && b < 0x7f))) {
      const wcL = Number(execFileSync('wc', ['-L', path], { env }).toString().split(/\s+/)[0]);
      expect((await inspectFile(path, 4097)).longestLine.bytes).toBe(wcL);
    }
  });
});
