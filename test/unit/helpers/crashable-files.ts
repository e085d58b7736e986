/**
 * A tab's view of the shared file store that can crash the tab in the middle of an output
 * write or of a write to an input copy (cut short, as a write interrupted by a crash leaves
 * it), and that
 * refuses every write once its tab has crashed: a dead tab's workers write nothing more.
 */
import type { FileStore } from '../../../src/engine';

export class CrashableFiles implements FileStore {
  dead = false;
  /** Output writes left before the crash. */
  private left = Infinity;
  /** Input-copy writes left before the crash. */
  private inputLeft = Infinity;
  private crash: () => void = () => undefined;
  /** Every output write that completed, by file name, in order. */
  readonly written: string[] = [];

  constructor(private readonly inner: FileStore) {}

  /** Crash during the `n`-th output write from now; `crash` brings the tab down. */
  armAtWrite(n: number, crash: () => void): void {
    this.left = n;
    this.crash = crash;
  }

  /** Crash during the `n`-th write to an input copy from now (it is left half written). */
  armAtInputWrite(n: number, crash: () => void): void {
    this.inputLeft = n;
    this.crash = crash;
  }

  private alive(): void {
    if (this.dead) throw new DOMException('The tab crashed', 'InvalidStateError');
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    this.alive();
    if (path.includes('/out/') && --this.left <= 0) {
      await this.inner.put(path, bytes.slice(0, bytes.length >> 1));
      this.crash();
      this.alive();
    }
    await this.inner.put(path, bytes);
    if (path.includes('/out/')) this.written.push(path.slice(path.lastIndexOf('/') + 1));
  }

  async writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void> {
    this.alive();
    if (path.startsWith('copies/') && --this.inputLeft <= 0) {
      await this.inner.writeAt(path, offset, bytes.subarray(0, bytes.length >> 1));
      this.crash();
      this.alive();
    }
    return this.inner.writeAt(path, offset, bytes);
  }

  async truncate(path: string, size: number): Promise<void> {
    this.alive();
    return this.inner.truncate(path, size);
  }

  async remove(path: string): Promise<void> {
    this.alive();
    return this.inner.remove(path);
  }

  async copyDir(fromDir: string, toDir: string): Promise<void> {
    this.alive();
    return this.inner.copyDir(fromDir, toDir);
  }

  file(path: string): Promise<Blob> {
    return this.inner.file(path);
  }

  async readRange(path: string, start: number, end: number, into?: Uint8Array) {
    return this.inner.readRange?.(path, start, end, into);
  }

  size(path: string): Promise<number | undefined> {
    return this.inner.size(path);
  }

  list(dir: string): Promise<string[]> {
    return this.inner.list(dir);
  }
}
