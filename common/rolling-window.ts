/**
 * A budget of so many events per rolling window: the vendor's request budgets, as the emulator
 * enforces them (emulator/budget.ts) and as the HTTP layer keeps within them (genesys/pacer.ts).
 * The one model of both: an event is counted at the instant it is taken, and leaves the window
 * `windowMs` later; past `limit` events in the window, the next waits until the oldest leaves.
 */
export class RollingWindow {
  private readonly taken: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.taken.length > 0 && this.taken[0] <= now - this.windowMs) this.taken.shift();
  }

  /** Milliseconds until one more event fits at `now`: 0 when one fits now. */
  waitAt(now: number): number {
    this.prune(now);
    return this.taken.length < this.limit ? 0 : this.taken[0] + this.windowMs - now;
  }

  /** Events in the window at `now`. */
  countAt(now: number): number {
    this.prune(now);
    return this.taken.length;
  }

  /** Counts one event at `now` when it fits: 0; else counts nothing and returns the milliseconds to wait. */
  tryTake(now: number): number {
    const wait = this.waitAt(now);
    if (wait === 0) this.taken.push(now);
    return wait;
  }

  clear(): void {
    this.taken.length = 0;
  }
}
