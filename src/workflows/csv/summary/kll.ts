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
  /** Per level: whether its items are in ascending order (then runs merge into it). */
  sorted: boolean[];
  /** Values not yet in level 0 (weight 1 each). */
  buffer: Float64Array;
}

export class Kll {
  /** Values summarised (the total weight of the items). */
  n = 0;
  private seed = 0x2545f491;
  /**
   * Level h's items are levels[h][0, lengths[h]): typed arrays, sorted in place in native code
   * when compacted, with no copy from a plain array each time.
   */
  private levels: Float64Array[] = [new Float64Array(MIN_CAPACITY)];
  private lengths: number[] = [0];
  /**
   * Whether level h is in ascending order (as a typed array sorts: −0 before +0). Compaction
   * sends up every other item of a sorted level, a sorted run that merges into a sorted level in
   * linear time; so a level is sorted natively only when single items (addWeighted) were put in
   * it. The order inside a level changes nothing else: compaction sees it sorted either way.
   */
  private sorted: boolean[] = [true];
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
    this.levels.push(new Float64Array(MIN_CAPACITY));
    this.lengths.push(0);
    this.sorted.push(true);
    this.caps = null;
  }

  /** Room for `more` items at level h. */
  private room(h: number, more: number): Float64Array {
    const level = this.levels[h];
    const need = this.lengths[h] + more;
    if (need <= level.length) return level;
    const bigger = new Float64Array(Math.max(need, 2 * level.length));
    bigger.set(level.subarray(0, this.lengths[h]));
    this.levels[h] = bigger;
    return bigger;
  }

  private push(h: number, x: number): void {
    this.room(h, 1)[this.lengths[h]++] = x;
    this.sorted[h] = false;
  }

  /** Puts the sorted run[0, m) into level h, keeping the level sorted when it was. */
  private put(h: number, run: Float64Array, m: number): void {
    const length = this.lengths[h];
    const level = this.room(h, m);
    if (!this.sorted[h] || length === 0) {
      level.set(run.subarray(0, m), length);
      this.lengths[h] = length + m;
      return;
    }
    // Merge from the back, in place: the level's items are at [0, length), the room after.
    let i = length - 1;
    let j = m - 1;
    for (let k = length + m - 1; j >= 0; k--) {
      if (i >= 0 && after(level[i], run[j])) level[k] = level[i--];
      else level[k] = run[j--];
    }
    this.lengths[h] = length + m;
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
    this.put(0, this.buffer.subarray(0, this.buffered).sort(), this.buffered);
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
      this.push(h, x);
      this.size++;
    }
    if (this.size >= this.maxSize()) this.compress();
  }

  merge(other: Kll): void {
    while (this.levels.length < other.levels.length) this.addLevel();
    for (let h = 0; h < other.levels.length; h++) {
      if (other.sorted[h]) this.put(h, other.levels[h], other.lengths[h]);
      else {
        const m = other.lengths[h];
        this.room(h, m).set(other.levels[h].subarray(0, m), this.lengths[h]);
        this.lengths[h] += m;
        this.sorted[h] = false;
      }
    }
    this.n += other.n - other.buffered;
    this.size += other.size;
    this.compress();
    for (let i = 0; i < other.buffered; i++) this.add(other.buffer[i]);
  }

  private compress(): void {
    while (this.size >= this.maxSize()) {
      let h = 0;
      while (this.lengths[h] < this.capacity(h)) h++;
      if (h + 1 === this.levels.length) this.addLevel();
      const length = this.lengths[h];
      const level = this.levels[h].subarray(0, length);
      if (!this.sorted[h]) level.sort();
      // An odd item (the largest) stays behind, so the weight moved up is exact.
      const odd = length % 2;
      const moved = length - odd;
      let u = 0;
      for (let i = this.coin(); i < moved; i += 2) level[u++] = level[i];
      this.put(h + 1, level, u);
      this.size -= moved / 2;
      if (odd === 1) level[0] = level[length - 1];
      this.lengths[h] = odd;
      this.sorted[h] = true;
    }
  }

  /** The items with their weights, by value: a weighted sample whose weights sum to n. */
  weighted(): { values: Float64Array; weights: Float64Array } {
    const pairs: [number, number][] = [];
    this.levels.forEach((level, h) => {
      for (let i = 0; i < this.lengths[h]; i++) pairs.push([level[i], 2 ** h]);
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
      levels: this.levels.map((l, h) => l.slice(0, this.lengths[h])),
      sorted: this.sorted.slice(),
      buffer: this.buffer.slice(0, this.buffered),
    };
  }

  static load(s: KllSnapshot): Kll {
    const k = new Kll();
    k.n = s.n;
    k.seed = s.seed;
    k.levels = s.levels.map((l) => l.slice());
    k.lengths = s.levels.map((l) => l.length);
    k.sorted = s.sorted.slice();
    k.size = k.lengths.reduce((a, m) => a + m, 0);
    k.buffer.set(s.buffer);
    k.buffered = s.buffer.length;
    return k;
  }
}

/** a comes after b in a typed array's ascending order (−0 before +0). */
function after(a: number, b: number): boolean {
  return a > b || (a === 0 && b === 0 && 1 / a > 0 && 1 / b < 0);
}
