import { RollingWindow } from "../common/rolling-window";

/**
 * The vendor's request budgets: so many requests per rolling minute, per key (an access token for
 * `client.credentials.token.rate.per.minute`, an OAuth client for `org.app.user.rate.per.minute`).
 * A request past the budget is refused, and does not count; the answer says how many seconds until
 * the oldest request of the window leaves it and a slot frees. The window is the one the HTTP
 * layer paces itself with (common/rolling-window.ts).
 */
export const BUDGET_WINDOW_MS = 60_000;

export class Budget {
  private readonly windows = new Map<string, RollingWindow>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = BUDGET_WINDOW_MS,
  ) {}

  /** Counts one request of `key`: undefined when it is within the budget, else the whole seconds to wait (at least 1). */
  take(key: string): number | undefined {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new RollingWindow(this.perMinute, this.windowMs)));
    const wait = window.tryTake(this.now());
    return wait === 0 ? undefined : Math.max(1, Math.ceil(wait / 1000));
  }

  clear(): void {
    this.windows.clear();
  }
}
