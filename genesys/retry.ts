import { GenesysApiError, GenesysNetworkError, GenesysRateLimitError } from "./errors";
import { terminalText } from "../common/text";
import { NormalizedOptions, RetryInfo } from "./options";

/**
 * The retry policy, in one table:
 * - 429 and the login host's "rate limit exceeded;" 400: wait Retry-After (never less), else back off;
 * - 5xx except 501: back off;
 * - no response (dropped connection, reset, timeout): back off; connection refused or DNS
 *   failure only twice, since it is usually a wrong URL rather than a passing fault;
 * - never 400/401/403/404/409 or anything else.
 * Backoff is exponential with full jitter, capped per step and in total.
 */
export type RetryDecision =
  | { retry: false; /** A Retry-After longer than the ceiling: the wait refused. */ refusedWaitMs?: number }
  | { retry: true; delayMs: number; reason: string };

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
const UNREACHABLE_RETRIES = 2;

export function retryDecision(error: GenesysApiError, attempt: number, elapsedMs: number, o: NormalizedOptions): RetryDecision {
  if (attempt > o.maxRetries) return { retry: false };
  const backoff = () => Math.min(o.maxBackoffMs, o.retryBaseMs * 2 ** (attempt - 1)) * (0.5 + o.random() / 2);
  let delayMs: number;
  let reason: string;
  if (error instanceof GenesysRateLimitError) {
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > o.maxRetryAfterMs) return { retry: false, refusedWaitMs: error.retryAfterMs };
      // A little jitter on top, never below what the server asked for.
      delayMs = error.retryAfterMs + o.random() * Math.min(250, o.retryBaseMs);
    } else {
      delayMs = backoff();
    }
    reason = `rate limited (${error.status} ${error.code})`;
  } else if (error instanceof GenesysNetworkError) {
    if (UNREACHABLE.has(error.code) && attempt > UNREACHABLE_RETRIES) return { retry: false };
    delayMs = backoff();
    reason = `no response (${error.code})`;
  } else if (error.status >= 500 && error.status !== 501) {
    delayMs = error.retryAfterMs ?? backoff();
    reason = `server error ${error.status}`;
  } else {
    return { retry: false };
  }
  if (elapsedMs + delayMs > o.maxRetryElapsedMs) return { retry: false };
  return { retry: true, delayMs: Math.round(delayMs), reason };
}

/**
 * The error for a Retry-After longer than the ceiling: no operation sleeps without limit. It names
 * the wait refused, the ceiling and the setting that sets it.
 */
export function refusedWait(error: GenesysApiError, waitMs: number, o: NormalizedOptions): GenesysRateLimitError {
  const setting = o.labels.retryAfterCeiling ?? "maxRetryAfterMs";
  const fields = {
    status: error.status,
    code: error.code,
    vendorMessage: error.vendorMessage,
    contextId: error.contextId,
    method: error.method,
    path: error.path,
    retryAfterMs: waitMs,
  };
  return new GenesysRateLimitError(
    fields,
    terminalText(
      `Genesys Cloud asked to retry ${error.method} ${error.path} after ${Math.ceil(waitMs / 1000)} s (${error.status} ${error.code}), longer than the ${Math.round(o.maxRetryAfterMs / 1000)} s ` +
        `this run waits (set by ${setting}); nothing was retried. Run again later, or raise ${setting} to wait that long`,
    ),
  );
}

/**
 * One line for a retry about to wait: what is retried, why, and how long it waits. The reason may
 * hold the vendor's error code, which comes from the org's answer: it stays terminal text.
 */
export function describeRetry(i: RetryInfo): string {
  return terminalText(`retrying ${i.method} ${i.path} in ${(i.delayMs / 1000).toFixed(1)} s (retry ${i.attempt}): ${i.reason}`);
}
