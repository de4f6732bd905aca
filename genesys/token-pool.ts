/**
 * Pacing within the vendor's budgets, with a pool of tokens. The vendor allows so many API
 * requests per rolling minute per client-credentials token (300, `client.credentials.token.rate.
 * per.minute`) and so many per app over all its tokens (3000, `org.app.user.rate.per.minute`),
 * and its token endpoint refuses logins that come too fast (400 `rate limit exceeded`). So:
 * - each token has its own budget of `perTokenPerMinute`, and the pool as a whole stays within
 *   `appPerMinute`;
 * - a request takes the least-used token with room in its budget, in the order requests come;
 * - a new token is minted only when every token minted so far is at its budget and the pool is
 *   not full: a small run never mints a second;
 * - logins are one at a time, each at least `mintSpacingMs` after the last (the first goes at
 *   once), so the token endpoint never sees a burst, a replacement's included;
 * - a token is renewed `renewMarginMs` before it expires (half its life, for a shorter one);
 * - a token the API refuses (revoked, expired early) is dropped, and its place minted again when
 *   the work needs it; a token that cannot be minted while others serve leaves the pool smaller,
 *   not the run failed.
 * Both budgets are common/rolling-window.ts, the model the emulator enforces them with.
 */
import { RollingWindow } from "../common/rolling-window";

export const PACER_WINDOW_MS = 60_000;
/** Beside the window: requests arrive a little after they leave, so a slot is reused this much later. */
export const PACER_MARGIN_MS = 250;

export interface PooledToken {
  value: string;
  expiresAt: number;
}

export interface TokenPoolOptions {
  /** Tokens at most (1 to 50). */
  size: number;
  perTokenPerMinute: number;
  appPerMinute: number;
  /** The least time between two logins. */
  mintSpacingMs: number;
  /** A token is renewed this long before it expires. */
  renewMarginMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** One login: a new token (with its retries); rejects when the login fails. */
  mint: () => Promise<PooledToken>;
  /** A fixed token instead of logins (an access-token setting): one slot, never minted. */
  fixed?: PooledToken;
}

interface Slot {
  token: PooledToken;
  /** When to stop using it: renewMarginMs before it expires, or halfway through a shorter life. */
  renewAt: number;
  window: RollingWindow;
}

export class TokenPool {
  private readonly slots: Slot[] = [];
  private readonly app: RollingWindow;
  private queue: Promise<unknown> = Promise.resolve();
  private minting?: Promise<void>;
  private lastMintAt = Number.NEGATIVE_INFINITY;
  private mintCount = 0;
  /** The size the pool may grow to: less than `size` after a login that failed while others served. */
  private ceiling: number;
  /** Logins failed with no token to go on, and the last one's error: the requests waiting then share it. */
  private failures = 0;
  private lastFailure: unknown;

  constructor(private readonly o: TokenPoolOptions) {
    this.app = new RollingWindow(o.appPerMinute, PACER_WINDOW_MS + PACER_MARGIN_MS);
    this.ceiling = o.fixed ? 1 : o.size;
    if (o.fixed) this.slots.push(this.slotOf(o.fixed));
  }

  private slotOf(token: PooledToken): Slot {
    const life = token.expiresAt - this.o.now();
    return {
      token,
      renewAt: token.expiresAt - Math.min(this.o.renewMarginMs, life / 2),
      window: new RollingWindow(this.o.perTokenPerMinute, PACER_WINDOW_MS + PACER_MARGIN_MS),
    };
  }

  /** Logins made so far (tokens minted, replacements included). */
  minted(): number {
    return this.mintCount;
  }

  /** The first token's expiry, once one is minted (for `doctor`). */
  firstExpiry(): number | undefined {
    return this.slots[0]?.token.expiresAt;
  }

  /** A token for one more request, counted against its budget and the app's: waits its turn, in order. */
  acquire(): Promise<string> {
    const failuresSeen = this.failures;
    const turn = this.queue.then(() => this.take(failuresSeen));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The API refused `value` (401): it leaves the pool, and its place is minted again when needed. */
  invalidate(value: string): void {
    const i = this.slots.findIndex((s) => s.token.value === value);
    if (i >= 0 && !this.o.fixed) this.slots.splice(i, 1);
  }

  private async take(failuresSeen: number): Promise<string> {
    for (;;) {
      const now = this.o.now();
      if (!this.o.fixed) {
        for (let i = this.slots.length - 1; i >= 0; i--) {
          if (this.slots[i].renewAt <= now) this.slots.splice(i, 1);
        }
      }
      const appWait = this.app.waitAt(now);
      // The least-used token with room: the work spreads over the tokens minted.
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (s.window.waitAt(now) === 0 && (!best || s.window.countAt(now) < best.window.countAt(now))) best = s;
      }
      if (best && appWait === 0) {
        best.window.tryTake(now);
        this.app.tryTake(now);
        return best.token.value;
      }
      if (appWait > 0 && this.slots.length > 0) {
        await this.o.sleep(appWait);
        continue;
      }
      // A login failed with no token to go on since this request came: it fails alike, as
      // concurrent callers share one login, instead of trying its own.
      if (this.slots.length === 0 && this.failures > failuresSeen) throw this.lastFailure;
      // Every token is at its budget (or there is none): mint one more, if the pool may grow.
      if (this.slots.length < this.ceiling) {
        await this.mintOne();
        continue;
      }
      const waits = this.slots.map((s) => s.window.waitAt(now));
      await this.o.sleep(Math.max(1, Math.min(...waits, appWait || Number.POSITIVE_INFINITY)));
    }
  }

  /** One login, at least mintSpacingMs after the previous one. */
  private mintOne(): Promise<void> {
    this.minting ??= (async () => {
      const wait = this.lastMintAt + this.o.mintSpacingMs - this.o.now();
      if (wait > 0) await this.o.sleep(wait);
      this.mintCount++;
      try {
        this.slots.push(this.slotOf(await this.o.mint()));
      } catch (e) {
        // With tokens to go on, a refused login shrinks the pool instead of failing the run.
        if (this.slots.length === 0) {
          this.failures++;
          this.lastFailure = e;
          throw e;
        }
        this.ceiling = Math.max(1, this.slots.length);
      } finally {
        this.lastMintAt = this.o.now();
      }
    })().finally(() => {
      this.minting = undefined;
    });
    return this.minting;
  }
}
