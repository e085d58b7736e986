/**
 * Runs an async job at most once per `everyMs`, however often it is asked for: the last ask
 * is never lost (a job asked for while one runs runs once more after it), and jobs never overlap.
 * The storage view uses it to follow every run event without reading storage on each.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private last = -Infinity;
  /** While held, asks wait (the page is hidden or unloading); `resume` runs the one missed. */
  private held = false;
  private missed = false;

  constructor(
    private readonly everyMs: number,
    private readonly job: () => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for the job: it runs within `everyMs` of the last run, or at once if that is past. */
  ask(): void {
    if (this.held) {
      this.missed = true;
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.last + this.everyMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
  }

  /** Runs the job now (after the one in progress, if any). */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.last = this.now();
    try {
      await this.job();
    } catch (e) {
      console.warn(e);
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.ask();
      }
    }
  }

  /** Holds every ask until `resume` (nothing new starts meanwhile). */
  hold(): void {
    this.held = true;
    this.close();
  }

  resume(): void {
    this.held = false;
    if (this.missed) {
      this.missed = false;
      this.ask();
    }
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
