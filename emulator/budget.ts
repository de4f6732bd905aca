/**
 * The vendor's request budgets: so many requests per rolling minute, per key (an access token for
 * `client.credentials.token.rate.per.minute`, an OAuth client for `org.app.user.rate.per.minute`).
 * A request past the budget is refused, and does not count; the answer says how many seconds until
 * the oldest request of the window leaves it and a slot frees.
 */
export const BUDGET_WINDOW_MS = 60_000;

export class Budget {
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key`: undefined when it is within the budget, else the whole seconds to wait (at least 1). */
  take(key: string): number | undefined {
    const now = this.now();
    const window = this.windows.get(key) ?? [];
    while (window.length > 0 && window[0] <= now - BUDGET_WINDOW_MS) window.shift();
    if (window.length >= this.perMinute) return Math.max(1, Math.ceil((window[0] + BUDGET_WINDOW_MS - now) / 1000));
    window.push(now);
    this.windows.set(key, window);
    return undefined;
  }

  clear(): void {
    this.windows.clear();
  }
}
