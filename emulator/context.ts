import { EventEmitter } from "node:events";
import { FastifyRequest } from "fastify";
import { Caller, TokenService } from "./auth";
import { EmulatorClock } from "./clock";
import { FaultSet } from "./faults";
import { OrgStore } from "./store";

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** ISO time the request arrived (real time, not the emulator clock). */
  time: string;
  /** Milliseconds since the epoch when the request arrived. */
  timeMs: number;
  durationMs: number;
  /** Set when an injected fault produced the response. */
  fault?: string;
  /** The Retry-After the response asked for, in seconds. */
  retryAfter?: number;
}

/** What every route handler may use. */
export interface EmulatorContext {
  store: OrgStore;
  tokens: TokenService;
  clock: EmulatorClock;
  faults: FaultSet;
  requestLog: RequestLogEntry[];
  /** Emits "request" with each RequestLogEntry as it is logged, "idle" when no request is in flight. */
  events: EventEmitter;
  /** Vendor requests received and not yet answered (a request whose client went away still counts until it ends). */
  inFlight: number;
}

export function callerOf(ctx: EmulatorContext, req: FastifyRequest): Caller {
  return ctx.tokens.authenticate(req.headers.authorization);
}
