/**
 * KLL quantile sketch (Karnin, Lang, Liberty, "Optimal quantile approximation in streams",
 * 2016): compactors by level, an item at level h standing for 2^h values. A full level is
 * sorted and every other item (from a random offset) moves up, so the sketch holds about
 * 3 × KLL_K numbers whatever the stream length, and two sketches merge by pooling their levels.
 *
 * With KLL_K = 512 the rank error of a quantile is far below the 1 % the profile states
 * (`QUANTILE_RANK_ERROR`); the tests check the stated bound on skewed, sorted and heavy-hitter
 * columns. The coin is a xorshift generator kept in the state, so a run, a resumed run and a
 * merge of the same pieces in the same order give the same sketch.
 */
export const KLL_K = 512;
const MIN_CAPACITY = 8;
/**
 * New values wait in a typed buffer and enter level 0 a block at a time: the lowest level is
 * small (8 or so items) on a long stream, and compacting it every few values costs more than
 * the rest of a field's update. A bigger level 0 only lowers the error.
 */
const BUFFER = 1024;

export interface KllSnapshot {
  n: number;
  seed: number;
  levels: Float64Array[];
  /** Values not yet in level 0 (weight 1 each). */
  buffer: Float64Array;
}

export class Kll {
  /** Values summarised (the total weight of the items). */
  n = 0;
  private seed = 0x2545f491;
  private levels: number[][] = [[]];
  private size = 0;
  private readonly buffer = new Float64Array(BUFFER);
  private buffered = 0;
  /** Level capacities and their sum for the current number of levels (null: to be computed). */
  private caps: number[] | null = null;
  private limit = 0;

  private capacity(h: number): number {
    if (this.caps === null) {
      const top = this.levels.length - 1;
      this.caps = this.levels.map((_, l) =>
        Math.max(MIN_CAPACITY, Math.ceil(KLL_K * Math.pow(2 / 3, top - l))),
      );
      this.limit = this.caps.reduce((a, c) => a + c, 0);
    }
    return this.caps[h];
  }

  private maxSize(): number {
    this.capacity(0);
    return this.limit;
  }

  private addLevel(): void {
    this.levels.push([]);
    this.caps = null;
  }

  private coin(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed & 1;
  }

  add(x: number): void {
    this.buffer[this.buffered++] = x;
    this.n++;
    if (this.buffered === BUFFER) this.flush();
  }

  private flush(): void {
    const level = this.levels[0];
    for (let i = 0; i < this.buffered; i++) level.push(this.buffer[i]);
    this.size += this.buffered;
    this.buffered = 0;
    if (this.size >= this.maxSize()) this.compress();
  }

  /** `weight` copies of x at once: one item per set bit, at that bit's level. */
  addWeighted(x: number, weight: number): void {
    this.n += weight;
    for (let h = 0; weight > 0; h++, weight = Math.floor(weight / 2)) {
      if (weight % 2 === 0) continue;
      while (this.levels.length <= h) this.addLevel();
      this.levels[h].push(x);
      this.size++;
    }
    if (this.size >= this.maxSize()) this.compress();
  }

  merge(other: Kll): void {
    while (this.levels.length < other.levels.length) this.addLevel();
    other.levels.forEach((level, h) => {
      for (const x of level) this.levels[h].push(x);
    });
    this.n += other.n - other.buffered;
    this.size += other.size;
    this.compress();
    for (let i = 0; i < other.buffered; i++) this.add(other.buffer[i]);
  }

  private compress(): void {
    while (this.size >= this.maxSize()) {
      let h = 0;
      while (this.levels[h].length < this.capacity(h)) h++;
      if (h + 1 === this.levels.length) this.addLevel();
      // A typed array sorts numerically in native code, several times faster than a comparator.
      const level = Float64Array.from(this.levels[h]).sort();
      // An odd item stays behind, so the weight moved up is exact.
      const kept: number[] = level.length % 2 === 1 ? [level[level.length - 1]] : [];
      const up = this.levels[h + 1];
      for (let i = this.coin(); i < level.length - kept.length; i += 2) up.push(level[i]);
      this.size -= level.length - kept.length - (level.length - kept.length) / 2;
      this.levels[h] = kept;
    }
  }

  /** The items with their weights, by value: a weighted sample whose weights sum to n. */
  weighted(): { values: Float64Array; weights: Float64Array } {
    const pairs: [number, number][] = [];
    this.levels.forEach((level, h) => {
      for (const x of level) pairs.push([x, 2 ** h]);
    });
    for (let i = 0; i < this.buffered; i++) pairs.push([this.buffer[i], 1]);
    pairs.sort((a, b) => a[0] - b[0]);
    return {
      values: Float64Array.from(pairs, (p) => p[0]),
      weights: Float64Array.from(pairs, (p) => p[1]),
    };
  }

  save(): KllSnapshot {
    return {
      n: this.n,
      seed: this.seed,
      levels: this.levels.map((l) => Float64Array.from(l)),
      buffer: this.buffer.slice(0, this.buffered),
    };
  }

  static load(s: KllSnapshot): Kll {
    const k = new Kll();
    k.n = s.n;
    k.seed = s.seed;
    k.levels = s.levels.map((l) => Array.from(l));
    k.size = k.levels.reduce((a, l) => a + l.length, 0);
    k.buffer.set(s.buffer);
    k.buffered = s.buffer.length;
    return k;
  }
}
