/**
 * Pacing within the vendor's budget: at most `perMinute` API requests in any rolling minute (the
 * vendor allows 300 per client-credentials token, `client.credentials.token.rate.per.minute`,
 * and answers 429 past it). Callers wait their turn, in order, instead of sending a storm the
 * vendor refuses. One pacer serves one client, so one provider process.
 */
export const PACER_WINDOW_MS = 60_000;
/** Beside the window: requests arrive a little after they leave, so a slot is reused this much later. */
export const PACER_MARGIN_MS = 250;

export class Pacer {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when one more request fits the budget, and counts it. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = this.now();
        while (this.sent.length > 0 && this.sent[0] <= now - PACER_WINDOW_MS - PACER_MARGIN_MS) this.sent.shift();
        if (this.sent.length < this.perMinute) {
          this.sent.push(now);
          return;
        }
        await this.sleep(this.sent[0] + PACER_WINDOW_MS + PACER_MARGIN_MS - now);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
